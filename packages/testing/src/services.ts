import type { TestContext } from 'node:test';
import { lookupServiceVar } from './services-env.js';

/**
 * ServiceName names a backing service that `scripts/services.sh up` provides: a server (nats,
 * amqp, redis, etcd, zookeeper, dns) or a tool (promtool, prometheus).
 */
export type ServiceName =
  'nats' | 'amqp' | 'redis' | 'etcd' | 'zookeeper' | 'dns' | 'promtool' | 'prometheus';

/**
 * SERVICE_ENV_VARS maps each service to the environment variable that holds its URL, address
 * (`host:port`) or, for the tools, the path of the binary.
 */
export const SERVICE_ENV_VARS: Readonly<Record<ServiceName, string>> = Object.freeze({
  nats: 'SVCKIT_NATS_URL',
  amqp: 'SVCKIT_AMQP_URL',
  redis: 'SVCKIT_REDIS_URL',
  etcd: 'SVCKIT_ETCD_URL',
  zookeeper: 'SVCKIT_ZOOKEEPER_ADDR',
  dns: 'SVCKIT_DNS_ADDR',
  promtool: 'SVCKIT_PROMTOOL_BIN',
  prometheus: 'SVCKIT_PROMETHEUS_BIN',
});

/**
 * BinaryName names a server binary a test may run itself, on a port of its own (to kill it in
 * a fault test, or to serve records of its own).
 */
export type BinaryName = 'nats' | 'redis' | 'etcd' | 'dnsmasq' | 'promtool' | 'prometheus';

/** BINARY_ENV_VARS maps each binary to the environment variable that holds its path. */
export const BINARY_ENV_VARS: Readonly<Record<BinaryName, string>> = Object.freeze({
  nats: 'SVCKIT_NATS_BIN',
  redis: 'SVCKIT_REDIS_BIN',
  etcd: 'SVCKIT_ETCD_BIN',
  dnsmasq: 'SVCKIT_DNSMASQ_BIN',
  promtool: 'SVCKIT_PROMTOOL_BIN',
  prometheus: 'SVCKIT_PROMETHEUS_BIN',
});

/**
 * serviceUrl returns the URL (nats, amqp, redis, etcd), `host:port` address (zookeeper, dns)
 * or binary path (promtool, prometheus) of a service: from its `SVCKIT_*` variable, else from
 * the `.services/env` file that `scripts/services.sh up` writes. Undefined when neither has it.
 */
export function serviceUrl(
  name: ServiceName,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return lookupServiceVar(SERVICE_ENV_VARS[name], env);
}

/**
 * binaryPath returns the path of a server binary (`SVCKIT_NATS_BIN`, ...), from the environment
 * or the services env file; undefined when unknown.
 */
export function binaryPath(
  name: BinaryName,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return lookupServiceVar(BINARY_ENV_VARS[name], env);
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
    `and no .services/env provides it. Run \`bash scripts/services.sh up\` ` +
    `(or eval "$(bash scripts/services.sh env)").`
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
 * requireBinary returns the path of a server binary a test runs itself (see binaryPath). When it
 * is unknown it throws under `CI=true` and otherwise skips the test loudly and returns undefined,
 * like requireService.
 */
export function requireBinary(
  t: TestContext,
  name: BinaryName,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const path = binaryPath(name, env);
  if (path !== undefined) return path;
  const message =
    `svckit test binary '${name}' is not available: ${BINARY_ENV_VARS[name]} is not set ` +
    `and no .services/env provides it. Run \`bash scripts/services.sh up\`.`;
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
