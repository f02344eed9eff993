#!/usr/bin/env bash
# The whole test suite, as the README promises and CI runs it:
#   1. install npm dependencies if missing, build every project (tsc -b);
#   2. lint (eslint + prettier);
#   3. start the real servers the tests need (scripts/services.sh), stop them on exit, and
#      build the Go kit peer programs (scripts/gokit.sh);
#   4. run every package's and example's tests with node:test on Node 20;
#   5. run @svckit/core's tests again on Node 22 and Node 24 (npm-shipped binaries).
# Set SVCKIT_KEEP_SERVICES=1 to leave the servers running afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

bash scripts/ensure-deps.sh

echo "== lint"
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }

echo "== servers"
bash scripts/services.sh up
if [ "${SVCKIT_KEEP_SERVICES:-}" != 1 ]; then
  trap 'bash "$root/scripts/services.sh" down' EXIT
fi
eval "$(bash scripts/services.sh env)"
# The real Go kit peers of the interop tests (cached; a failed build fails those tests).
bash scripts/gokit.sh install build >/dev/null || echo "!!! Go kit peers not built (see above)" >&2

tap_dir=$(mktemp -d)
status=0
run_tests() { # run_tests LABEL NODE FILES...
  local label=$1 node=$2
  shift 2
  echo "== tests: $label ($("$node" --version))"
  "$node" --test --test-concurrency=2 --test-timeout=120000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap_dir/$label.tap" \
    "$@" || status=1
}

mapfile -t all_tests < <(find packages examples bench -path '*/node_modules' -prune -o \
  -path '*/dist/*' -name '*.test.js' -print | sort)
mapfile -t core_tests < <(find packages/core/dist -name '*.test.js' | sort)

# The machine's Node (20) runs everything; `npm_node_execpath` is the node that runs npm itself.
node20=${npm_node_execpath:-$(command -v node)}
node22=$(bash scripts/node-version.sh 22)
node24=$(bash scripts/node-version.sh 24)
run_tests node20 "$node20" "${all_tests[@]}"
run_tests node22 "$node22" "${core_tests[@]}"
run_tests node24 "$node24" "${core_tests[@]}"

pass=0 fail=0 skip=0
for f in "$tap_dir"/*.tap; do
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$f" | tail -1)
  x=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$f" | tail -1)
  s=$(sed -n 's/^# skipped \([0-9]*\)$/\1/p' "$f" | tail -1)
  pass=$((pass + ${p:-0})) fail=$((fail + ${x:-0})) skip=$((skip + ${s:-0}))
done
rm -rf "$tap_dir"
[ "$fail" -eq 0 ] || status=1
echo
echo "svckit: $pass passed, $fail failed, $skip skipped"
exit "$status"
