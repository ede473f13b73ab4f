#!/usr/bin/env bash
# Generates the three local replacements tools/traefik/go.mod points at, under tools/traefik/_local/
# (git-ignored), from the Go module cache (downloaded through the module proxy when missing, each
# zip checked against the sum pinned below):
#   _local/ext          github.com/traefik/traefik/dynamic/ext: shim/ext.go.txt and a go.mod
#   _local/go-http-auth upstream abbot/go-http-auth v0.4.0 plus shim/fork.go.txt (the fork's two additions)
#   _local/lego         go-acme/lego/v5 v5.4.1 without providers/dns/<provider> (but internal), and
#                       shim/lego_providers.go.txt instead of the generated provider table
#   _local/traefik      traefik/v3 at the version of go.mod (sum from go.sum) with patches/*.patch
#                       applied by `git apply` (a hunk that does not apply fails the build)
# Idempotent: skipped when _local/.stamp names the same inputs. Prints the generated directory.
# Usage: tools/traefik/prepare.sh [--force]
{
set -euo pipefail
export GOTOOLCHAIN=local
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/_local"
LEGO=github.com/go-acme/lego/v5@v5.4.1
LEGO_SUM="h1:Jt6xAP9xQrJ3SLLGgxejfDDd3pzdrmuLCWe4oTqHHQc="
AUTH=github.com/abbot/go-http-auth@v0.4.0
AUTH_SUM="h1:QjmvZ5gSC7jm3Zg54DqWE/T5m1t2AfDu6QlXJT0EVT0="
TRAEFIK_MOD=github.com/traefik/traefik/v3
log() { echo "[traefik] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }
TRAEFIK_VER="$(awk -v m="$TRAEFIK_MOD" '$1 == m && $2 ~ /^v/ { print $2; exit }' "$HERE/go.mod")"
TRAEFIK_SUM="$(awk -v m="$TRAEFIK_MOD" -v v="$TRAEFIK_VER" '$1 == m && $2 == v { print $3; exit }' "$HERE/go.sum")"
[[ -n "$TRAEFIK_VER" && -n "$TRAEFIK_SUM" ]] || die "no $TRAEFIK_MOD version or sum in go.mod/go.sum"
stamp="$({ echo "$LEGO $LEGO_SUM $AUTH $AUTH_SUM $TRAEFIK_MOD@$TRAEFIK_VER $TRAEFIK_SUM"; cat "$0" "$HERE"/shim/* "$HERE"/patches/*.patch; } | sha256sum | cut -c1-16)"
if [[ "${1:-}" != --force && -f "$OUT/.stamp" && "$(cat "$OUT/.stamp")" == "$stamp" ]]; then echo "$OUT"; exit 0; fi
# Download (or find) a module zip outside any module, so this go.mod's missing replacements do not matter.
moddir() { # module@version expected-sum -> extracted directory in the module cache
  local json dir sum
  json="$(cd / && GOFLAGS=-mod=mod go mod download -json "$1")" || die "go mod download $1 failed"
  dir="$(sed -n 's/^\t"Dir": "\(.*\)",$/\1/p' <<<"$json")"
  sum="$(sed -n 's/^\t"Sum": "\(.*\)",$/\1/p' <<<"$json")"
  [[ "$sum" == "$2" ]] || die "$1: sum $sum, expected $2"
  [[ -d "$dir" ]] || die "$1: no directory in the module cache"
  echo "$dir"
}
log "generating the local replacements (ext stub, go-http-auth shim, trimmed lego, patched traefik) in $OUT"
lego_dir="$(moddir "$LEGO" "$LEGO_SUM")"
auth_dir="$(moddir "$AUTH" "$AUTH_SUM")"
traefik_dir="$(moddir "$TRAEFIK_MOD@$TRAEFIK_VER" "$TRAEFIK_SUM")"
TMP="$(mktemp -d "$HERE/.local-XXXXXX")"
trap '[[ -n "${TMP:-}" ]] && rm -rf "$TMP"' EXIT
mkdir -p "$TMP/ext"
printf 'module github.com/traefik/traefik/dynamic/ext\n\ngo 1.26.0\n' >"$TMP/ext/go.mod"
cp "$HERE/shim/ext.go.txt" "$TMP/ext/ext.go"
cp -r "$auth_dir" "$TMP/go-http-auth"
printf 'module github.com/abbot/go-http-auth\n\ngo 1.16\n' >"$TMP/go-http-auth/go.mod"
cp "$HERE/shim/fork.go.txt" "$TMP/go-http-auth/fork.go"
rm -rf "$TMP/go-http-auth/examples"
cp -r "$lego_dir" "$TMP/lego"
chmod -R u+w "$TMP"
find "$TMP/lego/providers/dns" -mindepth 1 -maxdepth 1 ! -name internal -exec rm -rf {} +
cp "$HERE/shim/lego_providers.go.txt" "$TMP/lego/providers/dns/providers.go"
cp -r "$traefik_dir" "$TMP/traefik"
chmod -R u+w "$TMP/traefik"
for p in "$HERE"/patches/*.patch; do
  log "applying $(basename "$p")"
  # The ceiling keeps git from finding this repository above the copy (it would skip every file);
  # the reverse check proves every hunk is in.
  (cd "$TMP/traefik" && export GIT_CEILING_DIRECTORIES="$TMP" && git apply --verbose "$p" &&
    git apply --reverse --check "$p") >&2 || die "$(basename "$p") does not apply to $TRAEFIK_MOD@$TRAEFIK_VER"
done
echo "$stamp" >"$TMP/.stamp"
rm -rf "$OUT"; mv -T "$TMP" "$OUT"; TMP=""
echo "$OUT"
}
