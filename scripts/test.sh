#!/usr/bin/env bash
# Runs every test Cordon has: installs what the tests need when it is missing, validates openapi.yaml, then
# `swift test`. The end-to-end and AWS client tests start their own moto_server on a loopback port.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -f /usr/include/openssl/sha.h ] || need_apt+=(libssl-dev)
[ -f /usr/include/zlib.h ] || need_apt+=(zlib1g-dev)
# The transport's TLS tests make a throwaway certificate authority with the openssl command.
command -v openssl >/dev/null || need_apt+=(openssl)
if [ ${#need_apt[@]} -gt 0 ]; then
    apt-get update -qq && apt-get install -y -qq "${need_apt[@]}"
fi

python_has() { python3 -c "import $1" >/dev/null 2>&1; }
need_pip=()
command -v moto_server >/dev/null 2>&1 && python_has flask_cors || need_pip+=('moto[server]')
python_has boto3 || need_pip+=(boto3)
python_has openapi_spec_validator || need_pip+=(openapi-spec-validator)
python_has prometheus_client || need_pip+=(prometheus-client)
if [ ${#need_pip[@]} -gt 0 ]; then
    python3 -m pip install --quiet "${need_pip[@]}"
fi

if [ -f openapi.yaml ]; then
    python3 -m openapi_spec_validator openapi.yaml
fi

# Serial: live-socket tests serve requests on Swift's cooperative pool, which has one thread per core (two
# here); suites that block a thread on a subprocess or a socket, run alongside, starved it into timeouts.
swift test --no-parallel "$@"
