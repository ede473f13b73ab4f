#!/usr/bin/env bash
# Builds the local clusters' real-node binaries (not yet used by ./berth start or ./berth test) into
#   ${BERTH_CACHE_DIR:-$HOME/.cache/berth}/node/<key>/bin/{kubelet,kube-proxy,containerd,
#     containerd-shim-runc-v2,ctr,runc,coredns,traefik}   and .complete when all are there.
# <key> names the versions and a hash of tools/{kubernetes,containerd,coredns}/go.{mod,sum} and this
# recipe. Skipped when complete. Needs Debian libseccomp-dev for runc (./berth build node installs it).
# Usage: tools/build-node.sh [--print-dir|--check|--force]
# Environment: BERTH_CACHE_DIR, BERTH_BUILD_PARALLELISM (go build -p, default 2).
{
set -euo pipefail
export GOTOOLCHAIN=local
RECIPE_REV=1
PARALLELISM="${BERTH_BUILD_PARALLELISM:-2}"
TOOLS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_ROOT="${BERTH_CACHE_DIR:-$HOME/.cache/berth}/node"
log() { echo "[node] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
modver() { awk -v m="$2" '($1 == m && $2 ~ /^v/) || ($1 == "require" && $2 == m) {print ($1 == "require") ? $3 : $2; exit}' "$1"; }
K8S_VERSION="$(modver "$TOOLS_DIR/kubernetes/go.mod" k8s.io/kubernetes)"
CONTAINERD_VERSION="$(modver "$TOOLS_DIR/containerd/go.mod" github.com/containerd/containerd/v2)"
RUNC_VERSION="$(modver "$TOOLS_DIR/containerd/go.mod" github.com/opencontainers/runc)"
COREDNS_VERSION="$(modver "$TOOLS_DIR/coredns/go.mod" github.com/coredns/coredns)"
source "$TOOLS_DIR/traefik/build-step.sh" # TRAEFIK_VERSION, traefik_key_inputs, build_traefik
for v in K8S_VERSION CONTAINERD_VERSION RUNC_VERSION COREDNS_VERSION; do [[ -n "${!v}" ]] || die "could not read $v"; done
hash="$({ echo "recipe=$RECIPE_REV"; cat "$0"; for d in kubernetes containerd coredns; do cat "$TOOLS_DIR/$d/go.mod" "$TOOLS_DIR/$d/go.sum"; done; cat "$TOOLS_DIR"/coredns/{main.go,build.sh}; traefik_key_inputs; } | sha256sum | cut -c1-12)"
KEY="k8s-${K8S_VERSION}_containerd-${CONTAINERD_VERSION}_runc-${RUNC_VERSION}_coredns-${COREDNS_VERSION}_traefik-${TRAEFIK_VERSION}_${hash}"
DEST="$CACHE_ROOT/$KEY"
mode=build
case "${1:-}" in
  "") ;; --print-dir) echo "$DEST"; exit 0 ;; --check) [[ -f "$DEST/.complete" ]]; exit $? ;;
  --force) mode=force ;; *) echo "unknown argument: $1" >&2; exit 2 ;;
esac
if [[ "$mode" != force && -f "$DEST/.complete" ]]; then log "cache complete, nothing to build: $DEST"; echo "$DEST"; exit 0; fi
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.build.lock"
flock -n 9 || { log "another build holds the lock; waiting..."; flock 9; }
TMP="$(mktemp -d "$CACHE_ROOT/.tmp-${KEY}-XXXXXX")"
trap '[[ -n "${TMP:-}" ]] && rm -rf "$TMP"' EXIT
mkdir -p "$TMP/bin"
now() { date +%s.%N; }
fmt() { awk -v s="$1" 'BEGIN { s = int(s + 0.5); if (s >= 60) printf "%dm%02ds", s / 60, s % 60; else printf "%ds", s }'; }
T_START="$(now)"; step=0; TOTAL=8
run_step() {
  local name="$1"; shift; step=$((step + 1)); log "building $name ($step/$TOTAL)..."
  local t0; t0="$(now)"
  "$@" >"$TMP/.log" 2>&1 || { cat "$TMP/.log" >&2; die "step $name failed"; }
  log "  $name done in $(fmt "$(awk -v a="$t0" -v b="$(now)" 'BEGIN{print b-a}')")"
}
gobuild() { # dir out pkg cgo tags ldflags
  (cd "$TOOLS_DIR/$1" && CGO_ENABLED="$4" go build -p "$PARALLELISM" -trimpath ${5:+-tags "$5"} -ldflags "-s -w ${6:-}" -o "$TMP/bin/$2" "$3")
}
[[ "$K8S_VERSION" =~ ^v([0-9]+)\.([0-9]+)\. ]] || die "unexpected Kubernetes version"
K8S_LDFLAGS=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  K8S_LDFLAGS+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=${BASH_REMATCH[1]} -X $pkg.gitMinor=${BASH_REMATCH[2]} -X $pkg.gitTreeState=clean"
done
K8S_TAGS="selinux,notest,grpcnotrace"
CTD_TAGS="no_btrfs,no_devmapper,no_zfs,no_aufs"
CTD_LDFLAGS="-X github.com/containerd/containerd/v2/version.Version=$CONTAINERD_VERSION"
run_step kubelet gobuild kubernetes kubelet k8s.io/kubernetes/cmd/kubelet 0 "$K8S_TAGS" "$K8S_LDFLAGS"
run_step kube-proxy gobuild kubernetes kube-proxy k8s.io/kubernetes/cmd/kube-proxy 0 "$K8S_TAGS" "$K8S_LDFLAGS"
run_step containerd gobuild containerd containerd github.com/containerd/containerd/v2/cmd/containerd 0 "$CTD_TAGS" "$CTD_LDFLAGS"
run_step containerd-shim-runc-v2 gobuild containerd containerd-shim-runc-v2 github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2 0 "$CTD_TAGS" "$CTD_LDFLAGS"
run_step ctr gobuild containerd ctr github.com/containerd/containerd/v2/cmd/ctr 0 "$CTD_TAGS" "$CTD_LDFLAGS"
[[ -f /usr/include/seccomp.h ]] || die "runc needs libseccomp-dev (apt-get install libseccomp-dev)"
run_step runc gobuild containerd runc github.com/opencontainers/runc 1 "seccomp,urfave_cli_no_docs" "-X main.version=${RUNC_VERSION#v}"
run_step coredns "$TOOLS_DIR/coredns/build.sh" "$TMP/bin/coredns"
build_traefik
for b in kubelet kube-proxy containerd runc coredns; do "$TMP/bin/$b" --version 2>&1 | sed -n 1p >&2 || true; done
rm -f "$TMP/.log"; touch "$TMP/.complete"
[[ -e "$DEST" ]] && rm -rf "$DEST"
mv -T "$TMP" "$DEST"; TMP=""
log "built in $(fmt "$(awk -v a="$T_START" -v b="$(now)" 'BEGIN{print b-a}')"): $DEST"
echo "$DEST"
}
