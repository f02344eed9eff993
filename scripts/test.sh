#!/usr/bin/env bash
# The whole test suite, as the README promises and CI runs it:
#   1. install npm dependencies if missing, build every project (tsc -b);
#   2. start the servers the workspaces' tests declare (package.json "svckit": {"services"}) in
#      the background while lint (eslint + prettier) runs (and Node 22/24 download); stop them
#      on exit;
#   and build the Go kit peer programs of the interop tests (scripts/gokit.sh);
#   3. run every package's and example's tests with node:test on Node 20, under c8, then print
#      each workspace's line and branch coverage and fail below its floor ("svckit": {"coverage"});
#   4. run @svckit/core's tests again on Node 22 and Node 24 (npm-shipped binaries).
# Set SVCKIT_KEEP_SERVICES=1 to leave the servers running afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

bash scripts/ensure-deps.sh

tap_dir=$(mktemp -d)
echo "== servers: $(node packages/testing/dist/services-cli.js needs) (starting while lint runs)"
bash scripts/services.sh up >"$tap_dir/services.log" 2>&1 &
services_pid=$!
# Node 22 and 24 (fetched once into .cache/node) download meanwhile too.
{ bash scripts/node-version.sh 22 && bash scripts/node-version.sh 24; } >/dev/null 2>&1 &
nodes_pid=$!
finish() {
  wait "$services_pid" "$nodes_pid" "${prettier_pid:-}" 2>/dev/null || true
  if [ "${SVCKIT_KEEP_SERVICES:-}" != 1 ]; then bash "$root/scripts/services.sh" down; fi
  rm -rf "$tap_dir"
}
trap finish EXIT

echo "== lint"
npx prettier --check . >"$tap_dir/prettier.log" 2>&1 & # beside eslint: each uses one core
prettier_pid=$!
npx eslint .
wait "$prettier_pid" || { cat "$tap_dir/prettier.log"; exit 1; }

echo "== servers"
services_status=0
wait "$services_pid" || services_status=$?
cat "$tap_dir/services.log"
[ "$services_status" -eq 0 ] || { echo "svckit: the servers did not start"; exit 1; }
eval "$(bash scripts/services.sh env)"
# The real Go kit peers of the interop tests (cached; a failed build fails those tests).
bash scripts/gokit.sh install build >/dev/null || echo "!!! Go kit peers not built (see above)" >&2

status=0
wrap=() # a command the test run goes under (c8 for Node 20)
run_tests() { # run_tests LABEL NODE FILES...
  local label=$1 node=$2
  shift 2
  echo "== tests: $label ($("$node" --version))"
  "${wrap[@]}" "$node" --test --test-concurrency=2 --test-timeout=120000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$tap_dir/$label.tap" \
    "$@" || status=1
}

mapfile -t all_tests < <(find packages examples bench -path '*/node_modules' -prune -o \
  -path '*/dist/*' -name '*.test.js' -print | sort)
mapfile -t core_tests < <(find packages/core/dist -name '*.test.js' | sort)

# The machine's Node (20) runs everything; `npm_node_execpath` is the node that runs npm itself.
node20=${npm_node_execpath:-$(command -v node)}
wait "$nodes_pid" || true # on failure, the calls below fetch again and say why
node22=$(bash scripts/node-version.sh 22)
node24=$(bash scripts/node-version.sh 24)
# Coverage on Node 20 by c8 (V8's own coverage, mapped to the sources by v8-to-istanbul): Node
# 20's --experimental-test-coverage cannot be used, it fails on our source maps (see
# packages/testing/README.md); Node's threshold flags need 22.8.
coverage=$root/coverage
rm -rf "$coverage"
wrap=("$root/node_modules/.bin/c8" --all --include 'packages/*/dist/**' --include 'examples/*/dist/**'
  --exclude '**/*.test.*' --exclude '**/*.fixture.*' --exclude '**/node_modules/**'
  --temp-directory "$coverage/tmp" --reporter=json-summary --report-dir "$coverage")
run_tests node20 "$node20" "${all_tests[@]}"
wrap=()
echo "== coverage on Node 20 (c8): lines and branches of each workspace, floors from package.json"
node packages/testing/dist/coverage-cli.js "$coverage/coverage-summary.json" || status=1
rm -rf "$coverage/tmp"
run_tests node22 "$node22" "${core_tests[@]}"
run_tests node24 "$node24" "${core_tests[@]}"

pass=0 fail=0 skip=0
for f in "$tap_dir"/*.tap; do
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$f" | tail -1)
  x=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$f" | tail -1)
  s=$(sed -n 's/^# skipped \([0-9]*\)$/\1/p' "$f" | tail -1)
  pass=$((pass + ${p:-0})) fail=$((fail + ${x:-0})) skip=$((skip + ${s:-0}))
done
[ "$fail" -eq 0 ] || status=1
trap - EXIT
finish # before the summary, which stays the last line
echo
echo "svckit: $pass passed, $fail failed, $skip skipped"
exit "$status"
