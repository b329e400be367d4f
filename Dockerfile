# syntax=docker/dockerfile:1
# Cordon as a container: build a static-Swift-stdlib release binary, run it on debian:bookworm-slim as a
# non-root user with its data on the /data volume. Lint: scripts/lint-dockerfile.sh (hadolint).

# The official Swift image matching the toolchain Cordon is developed with (Swift 6.3, Debian 12);
# override with --build-arg SWIFT_IMAGE=swift:6.2-bookworm for another 6.x.
ARG SWIFT_IMAGE=swift:6.3-bookworm

FROM ${SWIFT_IMAGE} AS build
# libssl-dev for COpenSSL (OpenSSL's headers: the binary loads libssl at run time, on its first HTTPS call to AWS).
# The image already has zlib1g-dev, which CZlib needs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libssl-dev=3.0.* \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
RUN swift build -c release --static-swift-stdlib --product cordon \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/cordon" /out/cordon

FROM debian:bookworm-slim
# What the static binary needs besides libc: zlib (linked); libssl3 (loaded with dlopen on the first HTTPS call to
# AWS: without it every AWS call fails, naming the missing library); CA roots for HTTPS to AWS (OpenSSL's default
# verify paths, /etc/ssl/certs); tzdata for time zone lookups; curl for the HEALTHCHECK only.
# Libraries are pinned to Debian 12's series (their ABI); ca-certificates and tzdata are date-versioned
# data that should be the newest bookworm has, so any version is accepted.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libssl3=3.0.* zlib1g=1:1.2.* \
        ca-certificates=20* tzdata=20* curl=7.88.* \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin cordon \
    && install -d -o cordon -g cordon -m 0750 /data
COPY --from=build /out/cordon /usr/local/bin/cordon

ENV CORDON_HOST=0.0.0.0 \
    CORDON_PORT=8080 \
    CORDON_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
# Numeric, so the host and orchestrators (runAsNonRoot) can check it without the image's /etc/passwd.
USER 10001:10001
WORKDIR /data

# /readyz fails while the data directory is not loaded or not writable.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD ["/bin/sh", "-c", "curl -fsS -o /dev/null http://127.0.0.1:${CORDON_PORT}/readyz || exit 1"]
# cordon drains in-flight requests and stops on SIGTERM (docker stop); exec form so it is PID 1 and gets it.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/cordon"]
