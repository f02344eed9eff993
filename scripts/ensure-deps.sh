#!/usr/bin/env bash
# Installs the workspace's npm dependencies when they are missing or older than the lock file,
# then builds every TypeScript project. Sourced by start.sh, test.sh and bench.sh so that each
# README command works on a fresh clone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "svckit: installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund
fi
bash scripts/protogen.sh # TypeScript from .proto (offline; skipped when up to date)
npx tsc -b
