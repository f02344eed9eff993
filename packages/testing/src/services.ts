import type { TestContext } from 'node:test';
import { fileEnvVar, findFile } from './find-file.js';
import type { FindFileOptions } from './find-file.js';
import { lookupServiceVar } from './services-env.js';
import { SERVERS } from './server-table.js';
import type { BinaryName, ServiceName } from './server-table.js';
import type { ServerSpec } from './server-spec.js';

export type { BinaryName, ServiceName } from './server-table.js';

const table = SERVERS as Readonly<Record<ServiceName, ServerSpec>>;

/**
 * SERVICE_ENV_VARS maps each entry of the server table to the environment variable that holds
 * its URL, address (`host:port`) or, for the tools, the path of the binary.
 */
export const SERVICE_ENV_VARS: Readonly<Record<ServiceName, string>> = Object.freeze(
  Object.fromEntries(Object.entries(table).map(([name, s]) => [name, s.serviceVar])) as Record<
    ServiceName,
    string
  >,
);

/** Every file of the table, by its key: where to look for it. */
const FILES = new Map(
  Object.values(table).flatMap((s) => Object.entries(s.files).map(([key, f]) => [key, f] as const)),
);

/**
 * BINARY_ENV_VARS maps each binary (or other file) of the server table to the environment
 * variable that may hold its path (`SVCKIT_NATS_BIN`, ...).
 */
export const BINARY_ENV_VARS: Readonly<Record<BinaryName, string>> = Object.freeze(
  Object.fromEntries([...FILES].map(([key, f]) => [key, fileEnvVar(key, f)])) as Record<
    BinaryName,
    string
  >,
);

/**
 * serviceUrl returns the URL (nats, amqp, redis, etcd), `host:port` address (zookeeper, dns)
 * or binary path (promtool, prometheus) of a service: from its `SVCKIT_*` variable, else from
 * the `.services/env` file that `scripts/services.sh up` writes; a tool (an entry without a
 * server) is also looked for where it is installed (see binaryPath). Undefined when not found.
 */
export function serviceUrl(
  name: ServiceName,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const found = lookupServiceVar(SERVICE_ENV_VARS[name], env);
  if (found !== undefined || table[name].processes !== undefined) return found;
  const [key] = Object.keys(table[name].files);
  return key === undefined ? undefined : binaryPath(key as BinaryName, env);
}

/**
 * binaryPath returns the path of a server binary (or other file of the table): from its
 * variable (`SVCKIT_NATS_BIN`, ...) in the environment or the services env file, else where it
 * is installed: its names on PATH, then in /usr/local/sbin, /usr/local/bin, /usr/sbin, /usr/bin
 * (where Debian puts nats-server and dnsmasq, often not on a user's PATH), then the table's own
 * paths (such as /usr/lib/rabbitmq/bin). Undefined when it is nowhere.
 */
export function binaryPath(
  name: BinaryName,
  env: NodeJS.ProcessEnv = process.env,
  options: FindFileOptions = { path: env['PATH'] ?? '' },
): string | undefined {
  const spec = FILES.get(name);
  if (spec === undefined) return undefined;
  return lookupServiceVar(BINARY_ENV_VARS[name], env) ?? findFile(spec, options);
}

/**
 * missingServiceAction decides what a test does when a service it needs is missing: `'throw'`
 * under CI (`CI=true`), where a missing service is a broken setup, else `'skip'`.
 */
export function missingServiceAction(env: NodeJS.ProcessEnv = process.env): 'throw' | 'skip' {
  return env['CI'] === 'true' ? 'throw' : 'skip';
}

/**
 * missingServiceMessage is the message that names the missing variable of a service and how to
 * provide it.
 */
export function missingServiceMessage(name: ServiceName): string {
  return (
    `svckit test service '${name}' is not available: ${SERVICE_ENV_VARS[name]} is not set ` +
    `and no .services/env provides it. Run \`bash scripts/services.sh up ${name}\` ` +
    `(then eval "$(bash scripts/services.sh env)").`
  );
}

/**
 * requireService returns the URL, address or binary path of a service a test needs. When it is
 * missing it throws under `CI=true` (naming the variable and `scripts/services.sh up`), and
 * otherwise skips the test loudly (on stderr too) and returns undefined: the caller returns.
 *
 * @example
 * test('publishes', async (t) => {
 *   const url = requireService(t, 'nats');
 *   if (url === undefined) return;
 *   // ...
 * });
 */
export function requireService(
  t: TestContext,
  name: ServiceName,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const url = serviceUrl(name, env);
  if (url !== undefined) return url;
  return missing(t, 'service', missingServiceMessage(name), env);
}

/**
 * requireBinary returns the path of a server binary a test runs itself (see binaryPath: the
 * environment, the env file, else wherever it is installed). When it is nowhere it throws under
 * `CI=true` and otherwise skips the test loudly and returns undefined, like requireService.
 */
export function requireBinary(
  t: TestContext,
  name: BinaryName,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const path = binaryPath(name, env);
  if (path !== undefined) return path;
  const message =
    `svckit test binary '${name}' is not available: ${BINARY_ENV_VARS[name]} is not set, ` +
    `no .services/env provides it and it is not installed (PATH, /usr/sbin, ...). ` +
    `Run \`bash scripts/services.sh up\` as root to install it.`;
  return missing(t, 'binary', message, env);
}

/**
 * missing fails the test under `CI=true` (saying a missing service or binary fails it), and
 * otherwise skips it loudly, on stderr too, and returns undefined for the caller to return.
 */
function missing(
  t: TestContext,
  what: 'service' | 'binary',
  message: string,
  env: NodeJS.ProcessEnv,
): undefined {
  if (missingServiceAction(env) === 'throw') {
    throw new Error(`${message} (CI=true: a missing ${what} fails the test)`);
  }
  process.stderr.write(`\n!!! SKIPPED '${t.name}': ${message}\n\n`);
  t.skip(`!!! ${message}`);
  return undefined;
}
