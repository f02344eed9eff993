#!/usr/bin/env bash
# Packs every public package (packages/* not marked private) into .packs/ as npm would publish
# it: `bash scripts/pack.sh [dir]`. Builds first. Install a tarball in another project with
# `npm install <path>/.packs/svckit-core-0.0.0.tgz` (adapters need the core tarball too).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.packs}
mkdir -p "$out"
bash scripts/protogen.sh # TypeScript from .proto (skipped when up to date)
npx tsc -b
for dir in packages/*/; do
  if [ "$(node -p "require('./${dir}package.json').private === true")" = true ]; then continue; fi
  npm pack --silent --pack-destination "$out" "./$dir" >/dev/null
done
ls -1 "$out"/*.tgz
