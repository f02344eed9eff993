#!/usr/bin/env bash
# The `http` suite's Fetch-runtime servers measured with wrk (Debian package `wrk`), as issue 13
# asks: every server pinned to CPU 0, wrk to CPU 1, 50 connections, 3 s per server, rounds
# interleaved (default 3), wall-clock req/s; prints each round and the median of the per-round
# ratios. Run after `npx tsc -b`: `bash bench/wrk-fetch.sh [rounds]`. On a shared machine the
# neighbours move these figures; `npm run bench -- http` (CPU per request) is the reference.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
bun=node_modules/@oven/bun-linux-x64/bin/bun
deno=node_modules/@deno/linux-x64-glibc/deno
script=bench/dist/fetch-servers.js
kinds=(bun-raw hono-bun svckit-bun deno-raw svckit-deno)
dir=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' \
  "'{\"s\":\"hello, world\"}'" >"$dir/post.lua"
declare -A port
for k in "${kinds[@]}"; do
  case $k in
    *deno*) taskset -c 0 "$deno" run -A --quiet "$script" "$k" >"$dir/$k" 2>&1 & ;;
    *) taskset -c 0 "$bun" "$script" "$k" >"$dir/$k" 2>&1 & ;;
  esac
  pids+=($!)
done
for k in "${kinds[@]}"; do
  for _ in $(seq 100); do grep -q port "$dir/$k" && break; sleep 0.1; done
  port[$k]=$(grep -o 'port [0-9]*' "$dir/$k" | cut -d' ' -f2)
done
rps() { taskset -c 1 wrk -t1 -c50 -d"$2" -s "$dir/post.lua" "http://127.0.0.1:${port[$1]}/uppercase" | awk '/Requests\/sec/ {print $2}'; }
for k in "${kinds[@]}"; do rps "$k" 1s >/dev/null; done # warm-up
for r in $(seq "$rounds"); do
  line="round $r"
  for k in "${kinds[@]}"; do line="$line $k=$(rps "$k" 3s)"; done
  echo "$line"
done | tee "$dir/rounds"
ratio() {
  awk -v a="$1" -v b="$2" '{ for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } print v[a] / v[b] }' \
    "$dir/rounds" | sort -n | awk '{ x[NR] = $1 } END { m = (NR % 2) ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2; printf "%.2f\n", m }'
}
echo "wrk: svckit-bun/hono-bun = $(ratio svckit-bun hono-bun)"
echo "wrk: svckit-bun/bun-raw = $(ratio svckit-bun bun-raw)"
echo "wrk: svckit-deno/deno-raw = $(ratio svckit-deno deno-raw)"
