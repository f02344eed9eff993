#!/usr/bin/env bash
# Generates TypeScript from .proto files, offline, with the buf CLI (the binary ships in the
# @bufbuild/buf-<platform> npm package) and protoc-gen-es, both from node_modules:
#   bash scripts/protogen.sh [DIR...]
# Each DIR holds a buf.gen.yaml (default: every package, example and the bench that does); its
# output (src/gen/, not committed) is rebuilt only when a .proto (in DIR or in a `directory:`
# input of buf.gen.yaml), a buf*.yaml or the generator's version changed since the last run. Run by ensure-deps.sh before `tsc -b`, and
# by each such package's `prepare` script (so `npm ci` leaves a buildable tree).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$root/node_modules/.bin:$PATH"
if [ $# -eq 0 ]; then
  mapfile -t dirs < <(cd "$root" && find packages examples bench -maxdepth 2 -name buf.gen.yaml \
    -not -path '*/node_modules/*' -printf '%h\n' | sort)
  set -- "${dirs[@]/#/$root/}"
fi
version() { sed -n 's/^  "version": "\(.*\)",$/\1/p' "$root/node_modules/$1/package.json"; }
tools="buf $(version @bufbuild/buf) protoc-gen-es $(version @bufbuild/protoc-gen-es)"
for dir in "$@"; do
  cd "$dir"
  stamp=src/gen/.protogen
  mapfile -t inputs < <(sed -n 's/^ *- directory: *//p' buf.gen.yaml)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$tools" ] &&
    [ -z "$(find . "${inputs[@]}" -path ./node_modules -prune -o \
      \( -name '*.proto' -o -name 'buf*.yaml' \) -newer "$stamp" -print)" ]; then
    cd - >/dev/null
    continue
  fi
  rm -rf src/gen
  buf generate
  echo "$tools" >"$stamp"
  cd - >/dev/null
done
