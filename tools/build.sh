#!/usr/bin/env bash
# Builds Berth's local Kubernetes control plane from upstream Go modules into a cache directory
# outside the repository, keyed by every pinned version:
#
#   ${BERTH_CACHE_DIR:-$HOME/.cache/berth}/controlplane/<key>/
#     bin/{kube-apiserver,kube-controller-manager,kube-scheduler,kubectl,etcd,kwok,helm}
#     kwok-stages/*.yaml        kwok stage files (kwok 0.8 has no built-in stages)
#     crds/istio/*.yaml         Istio CRDs (istio.io/api kubernetes/customresourcedefinitions.gen.yaml)
#     crds/gateway-api/*.yaml   Gateway API standard channel (sigs.k8s.io/gateway-api config/crd/standard)
#     versions.json             what was built, with which Go
#     .complete                 marker: present only when everything above is there
#
# The pinned versions live in tools/{kubernetes,etcd,kwok,helm,crds}/go.mod; <key> names the main
# versions and ends with a hash of all those go.mod/go.sum files plus this script's build recipe, so
# any change to a pin yields a new directory. A complete cache is reused as is (no Go command runs).
# The build happens in a temporary directory beside the final one and is renamed into place, under
# an flock, so concurrent callers (scripts, Jest global setup) never see a half-built cache.
#
# Usage:
#   tools/build.sh              build if needed; last line of stdout is the cache directory
#   tools/build.sh --print-dir  only print the cache directory (exit 0 even if not built)
#   tools/build.sh --check      exit 0 if the cache is complete, 1 otherwise
#   tools/build.sh --force      rebuild even if complete
#
# Environment: BERTH_CACHE_DIR, BERTH_BUILD_PARALLELISM (go build -p, default 2),
#   GOFLAGS/GOPROXY/GOMODCACHE/GOCACHE as usual. GOTOOLCHAIN is forced to local.
# The whole script is one { ... } block so that bash parses it before running it: editing this
# file while a long build runs cannot change what that build does.
{
set -euo pipefail
export GOTOOLCHAIN=local
export CGO_ENABLED=0

# Bump when the build recipe below changes in a way that should invalidate existing caches.
RECIPE_REV=1
K8S_TAGS="selinux,notest,grpcnotrace"
PARALLELISM="${BERTH_BUILD_PARALLELISM:-2}"

TOOLS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_ROOT="${BERTH_CACHE_DIR:-$HOME/.cache/berth}/controlplane"

mode=build
case "${1:-}" in
  "") ;;
  --print-dir) mode=print ;;
  --check) mode=check ;;
  --force) mode=force ;;
  -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
  *) echo "unknown argument: $1" >&2; exit 2 ;;
esac

log() { echo "[controlplane] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Read a module's version from a wrapper go.mod without running the go command (fast path).
modver() { # file module
  awk -v m="$2" '($1 == m && $2 ~ /^v/) || ($1 == "require" && $2 == m) {print ($1 == "require") ? $3 : $2; exit}' "$1"
}
K8S_VERSION="$(modver "$TOOLS_DIR/kubernetes/go.mod" k8s.io/kubernetes)"
ETCD_VERSION="$(modver "$TOOLS_DIR/etcd/go.mod" go.etcd.io/etcd/server/v3)"
KWOK_VERSION="$(modver "$TOOLS_DIR/kwok/go.mod" sigs.k8s.io/kwok)"
HELM_VERSION="$(modver "$TOOLS_DIR/helm/go.mod" helm.sh/helm/v3)"
ISTIO_API_VERSION="$(modver "$TOOLS_DIR/crds/go.mod" istio.io/api)"
GATEWAY_API_VERSION="$(modver "$TOOLS_DIR/crds/go.mod" sigs.k8s.io/gateway-api)"
for v in K8S_VERSION ETCD_VERSION KWOK_VERSION HELM_VERSION ISTIO_API_VERSION GATEWAY_API_VERSION; do
  [[ -n "${!v}" ]] || die "could not read $v from tools/*/go.mod"
done

hash="$(
  {
    echo "recipe=$RECIPE_REV tags=$K8S_TAGS"
    for d in kubernetes etcd kwok helm crds; do cat "$TOOLS_DIR/$d/go.mod" "$TOOLS_DIR/$d/go.sum" 2>/dev/null || true; done
  } | sha256sum | cut -c1-12
)"
KEY="k8s-${K8S_VERSION}_etcd-${ETCD_VERSION}_kwok-${KWOK_VERSION}_helm-${HELM_VERSION}_${hash}"
DEST="$CACHE_ROOT/$KEY"

case "$mode" in
  print) echo "$DEST"; exit 0 ;;
  check) [[ -f "$DEST/.complete" ]] && exit 0 || exit 1 ;;
esac

if [[ "$mode" != force && -f "$DEST/.complete" ]]; then
  log "cache complete, nothing to build: $DEST"
  echo "$DEST"
  exit 0
fi

command -v go >/dev/null || die "go is not installed (Go >= 1.26 is needed to build the control plane)"
command -v flock >/dev/null || die "flock is missing (Debian package util-linux)"
mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/.build.lock"
if ! flock -n 9; then
  log "another build holds $CACHE_ROOT/.build.lock; waiting for it..."
  flock 9
fi
if [[ "$mode" != force && -f "$DEST/.complete" ]]; then
  log "cache completed by another build: $DEST"
  echo "$DEST"
  exit 0
fi

GO_VERSION="$(go env GOVERSION)"
log "cold build of $KEY with $GO_VERSION (go build -p $PARALLELISM)"
log "cache: $DEST"
TMP="$(mktemp -d "$CACHE_ROOT/.tmp-${KEY}-XXXXXX")"
cleanup() { if [[ -n "${TMP:-}" && -d "$TMP" ]]; then rm -rf "$TMP"; fi; }
trap cleanup EXIT
mkdir -p "$TMP/bin" "$TMP/kwok-stages" "$TMP/crds/istio" "$TMP/crds/gateway-api"

now() { date +%s.%N; }
fmt() { awk -v s="$1" 'BEGIN { s = int(s + 0.5); if (s >= 60) printf "%dm%02ds", s / 60, s % 60; else printf "%ds", s }'; }
TOTAL_STEPS=8
step=0
T_START="$(now)"
run_step() { # name command...
  local name="$1"; shift
  step=$((step + 1))
  log "building $name ($step/$TOTAL_STEPS)..."
  local t0; t0="$(now)"
  local out="$TMP/.log-$name"
  if ! "$@" >"$out" 2>&1; then
    cat "$out" >&2
    die "step $name failed (see the output above)"
  fi
  local t1; t1="$(now)"
  log "  $name done in $(fmt "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')")"
}

gobuild() { # module-dir out package [ldflags] [tags]
  (cd "$TOOLS_DIR/$1" && go build -p "$PARALLELISM" -trimpath ${5:+-tags "$5"} -ldflags "-s -w ${4:-}" -o "$TMP/bin/$2" "$3")
}

# Kubernetes: /version must report the real release (charts check kubeVersion).
[[ "$K8S_VERSION" =~ ^v([0-9]+)\.([0-9]+)\. ]] || die "unexpected Kubernetes version $K8S_VERSION"
K8S_MAJOR="${BASH_REMATCH[1]}"; K8S_MINOR="${BASH_REMATCH[2]}"
BUILD_DATE="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
K8S_LDFLAGS=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  K8S_LDFLAGS+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=$K8S_MAJOR -X $pkg.gitMinor=$K8S_MINOR"
  K8S_LDFLAGS+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$BUILD_DATE"
done

run_step kube-apiserver gobuild kubernetes kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "$K8S_LDFLAGS" "$K8S_TAGS"
run_step kube-controller-manager gobuild kubernetes kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager "$K8S_LDFLAGS" "$K8S_TAGS"
run_step kube-scheduler gobuild kubernetes kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler "$K8S_LDFLAGS" "$K8S_TAGS"
run_step kubectl gobuild kubernetes kubectl k8s.io/kubernetes/cmd/kubectl "$K8S_LDFLAGS" "$K8S_TAGS"

run_step etcd gobuild etcd etcd go.etcd.io/etcd/server/v3 "-X go.etcd.io/etcd/api/v3/version.GitSHA=$ETCD_VERSION"

run_step kwok gobuild kwok kwok sigs.k8s.io/kwok/cmd/kwok

HELM_CLIENT_GO="$(cd "$TOOLS_DIR/helm" && go list -m -f '{{.Version}}' k8s.io/client-go)"
[[ "$HELM_CLIENT_GO" =~ ^v0\.([0-9]+)\. ]] || die "unexpected client-go version in helm: $HELM_CLIENT_GO"
HELM_K8S_MINOR="${BASH_REMATCH[1]}"
HELM_LDFLAGS="-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
  HELM_LDFLAGS+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$HELM_K8S_MINOR"
done
run_step helm gobuild helm helm helm.sh/helm/v3/cmd/helm "$HELM_LDFLAGS"

stage_assets() {
  local kwok_dir istio_dir gw_dir
  (cd "$TOOLS_DIR/kwok" && go mod download sigs.k8s.io/kwok)
  (cd "$TOOLS_DIR/crds" && go mod download istio.io/api sigs.k8s.io/gateway-api)
  kwok_dir="$(cd "$TOOLS_DIR/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)"
  istio_dir="$(cd "$TOOLS_DIR/crds" && go list -m -f '{{.Dir}}' istio.io/api)"
  gw_dir="$(cd "$TOOLS_DIR/crds" && go list -m -f '{{.Dir}}' sigs.k8s.io/gateway-api)"
  local s
  for s in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
    pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    install -m 0644 "$kwok_dir/kustomize/stage/$s" "$TMP/kwok-stages/"
  done
  install -m 0644 "$istio_dir/kubernetes/customresourcedefinitions.gen.yaml" "$TMP/crds/istio/"
  install -m 0644 "$gw_dir"/config/crd/standard/*.yaml "$TMP/crds/gateway-api/"
  ls -l "$TMP/kwok-stages" "$TMP/crds/istio" "$TMP/crds/gateway-api"
}
run_step "kwok-stages-and-crds" stage_assets

# Smoke check: every binary runs and reports the pinned version (sed reads all input: no SIGPIPE).
"$TMP/bin/kube-apiserver" --version 2>&1 | sed -n 1p >&2
"$TMP/bin/etcd" --version 2>&1 | sed -n 1p >&2
"$TMP/bin/kwok" --version 2>&1 | sed -n 1p >&2
"$TMP/bin/helm" version --short 2>&1 | sed -n 1p >&2

cat >"$TMP/versions.json" <<EOF
{
  "key": "$KEY",
  "kubernetes": "$K8S_VERSION",
  "etcd": "$ETCD_VERSION",
  "kwok": "$KWOK_VERSION",
  "helm": "$HELM_VERSION",
  "istioApi": "$ISTIO_API_VERSION",
  "gatewayApi": "$GATEWAY_API_VERSION",
  "go": "$GO_VERSION",
  "builtAt": "$BUILD_DATE"
}
EOF
rm -f "$TMP"/.log-*
touch "$TMP/.complete"

[[ -e "$DEST" ]] && rm -rf "$DEST"
mv -T "$TMP" "$DEST"
TMP=""
log "cold build finished in $(fmt "$(awk -v a="$T_START" -v b="$(now)" 'BEGIN{print b-a}')"): $DEST"
echo "$DEST"
exit 0
}
