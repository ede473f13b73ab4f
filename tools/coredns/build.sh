#!/usr/bin/env bash
# Builds CoreDNS from this wrapper module (main.go: only the plugins the real node needs) to $1.
# Called by tools/build-node.sh (one step of its versioned cache); usable alone:
#   tools/coredns/build.sh /tmp/coredns && /tmp/coredns -plugins
# Environment: BERTH_BUILD_PARALLELISM (go build -p, default 2).
set -euo pipefail
out="${1:?usage: tools/coredns/build.sh <output binary>}"
cd "$(dirname "${BASH_SOURCE[0]}")"
GOTOOLCHAIN=local CGO_ENABLED=0 go build -p "${BERTH_BUILD_PARALLELISM:-2}" -trimpath \
  -ldflags "-s -w" -o "$out" .
# The binary must carry exactly the planned plugins (no forward: no resolver outside the machine);
# metadata, prometheus and transfer come with kubernetes but are not directives (unusable).
plugins="$("$out" -plugins | sed 's/^ *//; s/^dns\.//; /^$/d; /:$/d' | sort | tr '\n' ' ')"
[[ "$plugins" == "bind cache errors health kubernetes loop metadata prometheus ready transfer " ]] || {
  echo "coredns: unexpected plugin set: $plugins" >&2
  exit 1
}
