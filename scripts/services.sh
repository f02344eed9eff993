#!/usr/bin/env bash
# services.sh — the real servers svckit's tests talk to, on 127.0.0.1.
#
#   bash scripts/services.sh up [name…]      install what is missing (Debian, as root), start the
#                                            named servers (none: the union the workspaces declare
#                                            in package.json "svckit": {"services": [...]}; all:
#                                            every server), wait until each answers, write the env
#   bash scripts/services.sh down [name…]    stop them (none: all); the env keeps the binaries
#   eval "$(bash scripts/services.sh env)"   export SVCKIT_NATS_URL, SVCKIT_DNSMASQ_BIN, ...
#   bash scripts/services.sh status [name…]
#
# What each server is (binary, Debian package, arguments, config, readiness probe, variables)
# is one entry of the table in packages/testing/src/server-table.ts; the CLI that runs it is
# packages/testing/src/services-cli.ts. This script only adds the step that needs root: the
# apt-get install of missing packages, with the packages' own init scripts kept from starting
# system-wide copies on the default ports.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cli=packages/testing/dist/services-cli.js
run_dir=${SVCKIT_RUN_DIR:-$PWD/.services}

if [[ ! -f $cli || -n $(find packages/testing/src -newer "$cli" -name '*.ts' -print -quit) ]]; then
  if [[ -x node_modules/.bin/tsc ]]; then npx tsc -b packages/testing >&2; else bash scripts/ensure-deps.sh >&2; fi
fi

loud() {
  printf '\n[services] !!! %s\n' "$@" >&2
  echo >&2
}

install_missing() { # install_missing NAME... (the names `up` was given)
  local missing
  missing=$(node "$cli" missing-packages "$@")
  [[ -z $missing ]] && return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    loud "missing Debian packages: $missing" \
      "not root or no apt-get: cannot install them; the tests that need them are skipped" \
      "(and fail under CI=true)."
    return 0
  fi
  echo "[services] installing: $missing" >&2
  mkdir -p "$run_dir"
  local policy=/usr/sbin/policy-rc.d created= rc=0 pkgs
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    created=1
  fi
  read -r -a pkgs <<<"$missing"
  {
    apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}"
  } >"$run_dir/apt.log" 2>&1 || rc=$?
  [[ -n $created ]] && rm -f "$policy"
  if [[ $rc -ne 0 ]]; then
    tail -n 30 "$run_dir/apt.log" >&2
    loud "apt-get install failed (exit $rc); see $run_dir/apt.log"
  fi
}

if [[ ${1:-} == up ]]; then
  install_missing "${@:2}"
fi
exec node "$cli" "$@"
