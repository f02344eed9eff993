#!/usr/bin/env node
/**
 * The test servers' CLI, run by `bash scripts/services.sh` (which first installs missing Debian
 * packages as root):
 *
 *   up [name…]          start the named servers (none named: the union the workspaces declare
 *                       in package.json `"svckit": { "services": [...] }`; `all`: the table)
 *   down [name…]        stop them (none named: every server), keep only the binaries in env
 *   env                 print the `export SVCKIT_...=...` lines (eval "$(… env)")
 *   status [name…]      one line per entry; exit 1 when one is down or missing
 *   needs               print the declared union
 *   missing-packages [name…]  print the Debian packages the named entries lack
 *
 * State (data, logs, `<name>.json` with PIDs and ports, the env file) is in
 * `${SVCKIT_RUN_DIR:-<repo>/.services}`.
 */
import { join } from 'node:path';
import { createServices, log } from './services-control.js';
import { serverSpec, serviceNames } from './server-table.js';
import { declaredServices, findRepoRoot, workspacePackages } from './workspace.js';

const USAGE = 'usage: services up|down|env|status|needs|missing-packages [name…]';

/** The names a command applies to: as given, `all`, or (none given) the declared union. */
function names(args: readonly string[], root: string): string[] {
  const given = args.length === 0 ? declaredServices(workspacePackages(root)) : args;
  const list = given.includes('all') ? serviceNames() : [...given];
  const unknown = list.filter((name) => serverSpec(name) === undefined);
  if (unknown.length > 0) {
    throw new Error(`unknown: ${unknown.join(' ')}; the table has: ${serviceNames().join(' ')}`);
  }
  return list;
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  const root = findRepoRoot();
  const runDir = process.env['SVCKIT_RUN_DIR'] || join(root, '.services');
  const services = createServices(runDir);
  switch (command) {
    case 'up':
      return (await services.up(names(args, root))) ? 0 : 1;
    case 'down':
      await services.down(args.length === 0 ? [] : names(args, root));
      return 0;
    case 'env':
      process.stdout.write(
        services
          .envLines()
          .map((l) => `${l}\n`)
          .join(''),
      );
      return 0;
    case 'status': {
      const { ok, lines } = await services.status(args.length === 0 ? [] : names(args, root));
      for (const line of lines) console.log(line);
      return ok ? 0 : 1;
    }
    case 'needs':
      console.log(names([], root).join(' '));
      return 0;
    case 'missing-packages':
      console.log(services.missingPackages(names(args, root)).join(' '));
      return 0;
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    log(err instanceof Error ? err.message : String(err));
    process.exitCode = 2;
  },
);
