import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * findServicesEnvFile returns the path of the env file that `scripts/services.sh up` writes, or
 * undefined when there is none.
 *
 * With `SVCKIT_RUN_DIR` set, only `$SVCKIT_RUN_DIR/env` is considered (as the script does).
 * Otherwise it walks up from `process.cwd()`, then from this module's own directory, to the
 * first directory that holds `.services/env`.
 */
export function findServicesEnvFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const runDir = env['SVCKIT_RUN_DIR'];
  if (runDir !== undefined && runDir !== '') {
    const file = join(runDir, 'env');
    return existsSync(file) ? file : undefined;
  }
  for (const start of [process.cwd(), dirname(fileURLToPath(import.meta.url))]) {
    let dir = resolve(start);
    for (;;) {
      const file = join(dir, '.services', 'env');
      if (existsSync(file)) return file;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

/**
 * parseServicesEnv parses the `export NAME=value` lines of a services env file into a map.
 * Blank lines, comments and anything else are ignored; single or double quotes around a value
 * are removed.
 */
export function parseServicesEnv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(raw);
    if (match === null) continue;
    const [, name, rawValue] = match;
    if (name === undefined || rawValue === undefined) continue;
    let value = rawValue.trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) {
      value = value.slice(1, -1);
    }
    vars.set(name, value);
  }
  return vars;
}

/**
 * readServicesEnv reads the variables of the services env file (see findServicesEnvFile); an
 * empty map when there is no such file.
 */
export function readServicesEnv(env: NodeJS.ProcessEnv = process.env): Map<string, string> {
  const file = findServicesEnvFile(env);
  if (file === undefined) return new Map();
  try {
    return parseServicesEnv(readFileSync(file, 'utf8'));
  } catch {
    return new Map();
  }
}

/**
 * lookupServiceVar returns the value of a `SVCKIT_*` variable: from the environment when set
 * there, else from the services env file; undefined when neither has it.
 */
export function lookupServiceVar(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const fromEnv = env[name];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const fromFile = readServicesEnv(env).get(name);
  return fromFile === '' ? undefined : fromFile;
}
