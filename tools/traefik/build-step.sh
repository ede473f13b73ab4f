# Sourced by tools/build-node.sh: the Traefik part of the node binaries' build.
#   TRAEFIK_VERSION      read from tools/traefik/go.mod (part of the cache key)
#   traefik_key_inputs   prints every input of the Traefik build (hashed into the cache key)
#   build_traefik        generates the local replacements (prepare.sh), then builds bin/traefik
# Uses build-node.sh's TOOLS_DIR, modver, run_step, gobuild and die.
TRAEFIK_VERSION="$(modver "$TOOLS_DIR/traefik/go.mod" github.com/traefik/traefik/v3)"
[[ -n "$TRAEFIK_VERSION" ]] || die "could not read TRAEFIK_VERSION"
traefik_key_inputs() {
  cat "$TOOLS_DIR/traefik/go.mod" "$TOOLS_DIR/traefik/go.sum" "$TOOLS_DIR/traefik/build-step.sh" \
    "$TOOLS_DIR/traefik/prepare.sh" "$TOOLS_DIR"/traefik/shim/* \
    "$TOOLS_DIR"/traefik/patches/*.patch
}
traefik_prepare_and_build() {
  "$TOOLS_DIR/traefik/prepare.sh" && gobuild traefik traefik github.com/traefik/traefik/v3/cmd/traefik 0 "" \
    "-X github.com/traefik/traefik/v3/pkg/version.Version=${TRAEFIK_VERSION#v}"
}
build_traefik() {
  run_step traefik traefik_prepare_and_build
  "$TMP/bin/traefik" version 2>&1 | sed -n 1p >&2 || true
}
