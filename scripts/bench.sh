#!/usr/bin/env bash
# Runs benchmark suites: `npm run bench -- <suite>` (all suites when none is named).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh >&2
exec node bench/dist/run.js "$@"
