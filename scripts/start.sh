#!/usr/bin/env bash
# Starts the main demo service. Extra arguments go to the example, e.g.
#   npm start -- --listen 127.0.0.1:8080
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
exec node examples/hello/dist/main.js "$@"
