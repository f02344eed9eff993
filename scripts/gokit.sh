#!/usr/bin/env bash
# gokit.sh — the real Go kit peer programs the interop tests run against.
#
# Usage: bash scripts/gokit.sh <command>...   (commands run in order: `install build`)
#
#   install  apt-get install (as root) the Debian bookworm packages the peers need that are
#            missing: Go, Go kit 0.10 (with its example sources), grpc-go, golang/protobuf,
#            nats.go, streadway/amqp, x/time, oklog/run. Not root: says so loudly, exits 0.
#   build    build every peer of packages/testing/gokit/ (GOPATH mode, GO111MODULE=off,
#            offline, one multi-command `go build`) unless a build of the same sources, Go
#            version and Debian Go packages is cached; prints the directory of the binaries.
#            Exit status 3, with the reason on stderr, when Go or a Go package is missing.
#   dir      print the directory of the cached binaries for the current sources (exit 3 when
#            there is none yet); builds nothing.
#   protoc   regenerate internal/addsvc/pb/addsvc.pb.go from addsvc.proto with Debian's protoc
#            and protoc-gen-go 1.3 (packages protobuf-compiler, golang-goprotobuf-dev); the
#            generated file is committed, so building needs neither.
#
# Cache: ${SVCKIT_GOKIT_CACHE:-<repo>/.cache/gokit}/bin-<key>/, where <key> hashes the peers'
# sources, `go version` and the versions of the installed golang-* packages; older bin-* dirs
# are removed. Go's own build cache (GOCACHE) lives beside it, so a changed source recompiles
# only what changed. Concurrent builds (two test files) wait on one lock.
# SVCKIT_GO names the go binary (default: `go` on PATH).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$SCRIPT_DIR/.." && pwd)
SRC=$REPO/packages/testing/gokit
CACHE=${SVCKIT_GOKIT_CACHE:-$REPO/.cache/gokit}
PEERS=(stringsvc stringcli stringsvc4 addsvc addcli)
IMPORT_ROOT=svckit/gokit
GOCODE=/usr/share/gocode/src
# Debian package -> a directory it provides (to tell whether it is there without dpkg).
PACKAGES=(
  "golang-go:"
  "golang-github-go-kit-kit-dev:$GOCODE/github.com/go-kit/kit/transport/amqp"
  "golang-google-grpc-dev:$GOCODE/google.golang.org/grpc"
  "golang-github-golang-protobuf-1-3-dev:$GOCODE/github.com/golang/protobuf/proto"
  "golang-github-nats-io-go-nats-dev:$GOCODE/github.com/nats-io/nats.go"
  "golang-github-streadway-amqp-dev:$GOCODE/github.com/streadway/amqp"
  "golang-golang-x-time-dev:$GOCODE/golang.org/x/time/rate"
  "golang-github-oklog-run-dev:$GOCODE/github.com/oklog/run"
)

log() { printf '[gokit] %s\n' "$*" >&2; }
loud() {
  printf '\n[gokit] !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
  printf '[gokit] !!! %s\n' "$@" >&2
  printf '[gokit] !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
}

go_bin() {
  if [[ -n ${SVCKIT_GO:-} ]]; then
    [[ -x $SVCKIT_GO ]] && echo "$SVCKIT_GO"
    return 0
  fi
  command -v go 2>/dev/null || { [[ -x /usr/bin/go ]] && echo /usr/bin/go; } || true
}

missing_packages() {
  local entry pkg dir missing=()
  for entry in "${PACKAGES[@]}"; do
    pkg=${entry%%:*} dir=${entry#*:}
    if [[ -z $dir ]]; then
      [[ -n $(go_bin) ]] || missing+=("$pkg")
    elif [[ ! -d $dir ]]; then
      missing+=("$pkg")
    fi
  done
  echo "${missing[*]:-}"
}

cmd_install() {
  local missing rc=0 pkgs
  missing=$(missing_packages)
  [[ -z $missing ]] && return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    loud "missing packages: $missing" \
      "not root or no apt-get: cannot install them; the Go kit interop tests will be" \
      "skipped (and fail under CI=true)."
    return 0
  fi
  mkdir -p "$CACHE"
  log "installing: $missing"
  read -r -a pkgs <<<"$missing"
  {
    apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}"
  } >"$CACHE/apt.log" 2>&1 || rc=$?
  if [[ $rc -ne 0 ]]; then
    tail -n 30 "$CACHE/apt.log" >&2
    loud "apt-get install failed (exit $rc); see $CACHE/apt.log"
    return 1
  fi
  missing=$(missing_packages)
  if [[ -n $missing ]]; then
    loud "still missing after install: $missing"
    return 1
  fi
}

# cache_key hashes everything a build depends on: the sources (paths and contents), the Go
# version, the installed Debian Go packages and this script.
cache_key() {
  local go=$1
  {
    "$go" version
    dpkg-query -W -f '${Package}=${Version}\n' 'golang-*' 2>/dev/null | sort || true
    sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1
    (cd "$SRC" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
  } | sha256sum | cut -c1-16
}

# require_toolchain exits 3 (missing, not broken) when Go or a Go package is not installed.
require_toolchain() {
  local missing
  missing=$(missing_packages)
  if [[ -n $missing ]]; then
    echo "Go kit peers cannot be built: missing Debian packages: $missing" \
      "(run \`bash scripts/gokit.sh install\` as root)" >&2
    exit 3
  fi
}

complete() { # complete DIR: every peer binary is there
  local dir=$1 peer
  [[ -f $dir/.complete ]] || return 1
  for peer in "${PEERS[@]}"; do [[ -x $dir/$peer ]] || return 1; done
}

cmd_dir() {
  require_toolchain
  local go key
  go=$(go_bin)
  key=$(cache_key "$go")
  if complete "$CACHE/bin-$key"; then
    echo "$CACHE/bin-$key"
  else
    echo "Go kit peers are not built for these sources (bash scripts/gokit.sh build)" >&2
    exit 3
  fi
}

cmd_build() {
  require_toolchain
  local go key out
  go=$(go_bin)
  key=$(cache_key "$go")
  out=$CACHE/bin-$key
  if complete "$out"; then
    echo "$out"
    return 0
  fi
  mkdir -p "$CACHE"
  exec 9>"$CACHE/lock"
  flock 9
  if complete "$out"; then # another process built it while this one waited
    echo "$out"
    return 0
  fi
  local gopath=$CACHE/gopath tmp=$CACHE/tmp-$$ started=$SECONDS rc=0 peer pkgs=()
  rm -rf "$gopath/src" "$tmp"
  mkdir -p "$gopath/src/$(dirname "$IMPORT_ROOT")" "$tmp"
  cp -R "$SRC" "$gopath/src/$IMPORT_ROOT"
  for peer in "${PEERS[@]}"; do pkgs+=("$IMPORT_ROOT/$peer"); done
  log "building ${PEERS[*]} with $("$go" version | cut -d' ' -f3) (GOPATH mode, offline)"
  (
    cd "$gopath"
    env GO111MODULE=off GOPATH="$gopath:/usr/share/gocode" GOCACHE="$CACHE/go-build" \
      GOFLAGS= GOPROXY=off GOTOOLCHAIN=local CGO_ENABLED=0 \
      "$go" build -trimpath -o "$tmp/" "${pkgs[@]}"
  ) || rc=$?
  if [[ $rc -ne 0 ]]; then
    rm -rf "$tmp"
    echo "Go kit peers: go build failed (exit $rc)" >&2
    exit 1
  fi
  touch "$tmp/.complete"
  rm -rf "$out"
  mv "$tmp" "$out"
  for old in "$CACHE"/bin-*; do
    [[ $old == "$out" ]] || rm -rf "$old"
  done
  log "built in $((SECONDS - started)) s: $out"
  echo "$out"
}

cmd_protoc() {
  local dir=$SRC/internal/addsvc/pb
  command -v protoc >/dev/null && command -v protoc-gen-go >/dev/null || {
    echo "protoc needs the Debian packages protobuf-compiler and golang-goprotobuf-dev" >&2
    exit 3
  }
  (cd "$dir" && protoc addsvc.proto --go_out=plugins=grpc:.)
  log "regenerated $dir/addsvc.pb.go"
}

[[ $# -gt 0 ]] || {
  sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
for command in "$@"; do
  case $command in
    install) cmd_install ;;
    build) cmd_build ;;
    dir) cmd_dir ;;
    protoc) cmd_protoc ;;
    *)
      echo "gokit.sh: unknown command '$command' (install, build, dir, protoc)" >&2
      exit 2
      ;;
  esac
done
