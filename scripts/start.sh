#!/usr/bin/env bash
# npm start: Go kit's addsvc (examples/addsvc) with its defaults — HTTP on 127.0.0.1:8081, gRPC
# on :8082, the debug listener (/metrics, /healthz, /readyz) on :8080 — no broker needed. It
# says what it does while it installs and builds, then addsvc prints its addresses, a curl line
# and the limits in force. Extra arguments go to addsvc, e.g.
#   npm start -- -ratelimit=false -http-addr 127.0.0.1:9081
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf 'svckit: %s\n' "$*" >&2; }

# ticking CMD...: runs CMD, saying every 10 s that it is still at it (no silent minute).
ticking() {
  local what=$1 begin=$SECONDS
  shift
  "$@" &
  local pid=$!
  while ! wait_for "$pid" 10; do say "  ... still $what ($((SECONDS - begin)) s)"; done
  wait "$pid"
}
# wait_for PID SECONDS: true once PID has exited, false if it still runs after SECONDS.
wait_for() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  ! kill -0 "$1" 2>/dev/null
}

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies (npm ci; about a minute on a fresh clone)"
  ticking "installing" npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/protogen.sh # TypeScript from .proto (offline; skipped when up to date)
say "building addsvc and what it uses (tsc -b; up to a minute the first time, seconds after)"
begin=$SECONDS
# tsc --verbose names each project it builds; show those lines, not the up-to-date ones.
ticking "building" bash -c 'npx tsc -b --verbose examples/addsvc examples/addcli 2>&1 |
  sed -un "s#^.*Building project .$PWD/\(.*\)/tsconfig.json.\.\.\.\$#svckit:   building \1#p" >&2
  exit "${PIPESTATUS[0]}"'
say "built in $((SECONDS - begin)) s; starting addsvc (Ctrl-C stops it)"
exec node examples/addsvc/dist/main.js -banner "$@"
