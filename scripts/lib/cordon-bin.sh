# Sourced by the reliability runners from the package root: CORDON_BIN as given, else the debug build of
# `cordon`, built now.
if [ -z "${CORDON_BIN:-}" ]; then
  swift build --product cordon >/dev/null
  CORDON_BIN="$(swift build --show-bin-path)/cordon"
fi
