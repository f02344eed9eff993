/**
 * addsvc registering itself for discovery (issue 17; Go kit's examples leave it to a sidecar):
 * with `-etcd-url` it writes `<etcd-prefix>addsvc/<host:port>` = `host:port` under a lease that
 * `@svckit/etcd`'s registrar keeps alive, with `-consul-addr` it registers the service `addsvc`
 * with the Consul agent (a TTL check `@svckit/consul`'s registrar passes). The instance is the
 * gRPC address (what Go kit's apigateway dials), else the HTTP one, or `-advertise-addr`.
 * Registration is the last actor to start and the first to stop: out of discovery before any
 * listener drains.
 */
import { createConsulClient, consulRegistrar } from '@svckit/consul';
import { createEtcdClient, etcdRegistrar } from '@svckit/etcd';
import type { Logger } from '@svckit/core/log';
import type { Registrar } from '@svckit/core/sd';
import { parseAddress } from './listeners.js';
import type { Actor } from './run-group.js';

/** RegistrationOptions say where and what to register. */
export interface RegistrationOptions {
  /** service is the name instancers ask for (`addsvc`). */
  readonly service: string;
  /** address is the instance, `host:port`. */
  readonly address: string;
  /** etcdUrl is etcd's URL (`http://127.0.0.1:2379`); empty: not in etcd. */
  readonly etcdUrl: string;
  /** etcdPrefix is the key prefix (`/services/`): the key is `<prefix><service>/<address>`. */
  readonly etcdPrefix: string;
  /** consulAddr is the Consul agent's address (`http://127.0.0.1:8500`); empty: not in Consul. */
  readonly consulAddr: string;
  /** ttlMs is the etcd lease's TTL and the Consul check's TTL. */
  readonly ttlMs: number;
  /** logger receives `registrar=… msg=registered` and the registrars' own lines. */
  readonly logger: Logger;
}

/** Registration is a started registration: an {@link Actor} whose stop deregisters. */
export interface Registration extends Actor {
  /** where lists what was registered (`etcd /services/addsvc/127.0.0.1:8082`). */
  readonly where: readonly string[];
}

/**
 * register registers the instance in every backend given and resolves once it is visible
 * there; it rejects (deregistering what it did) if one fails. stop deregisters from all and
 * closes the clients, within timeoutMs.
 */
export async function register(options: RegistrationOptions): Promise<Registration> {
  const { service, address, logger, ttlMs } = options;
  const parts: { registrar: Registrar; close: () => void; where: string }[] = [];
  const stopAll = async (): Promise<void> => {
    await Promise.all(
      parts.map(async (p) => {
        await Promise.resolve(p.registrar.deregister()).catch((err: unknown) =>
          logger.log('registrar', p.where, 'during', 'deregister', 'err', err),
        );
        p.close();
      }),
    );
  };
  try {
    if (options.etcdUrl !== '') {
      const client = createEtcdClient({ hosts: options.etcdUrl });
      const key = `${options.etcdPrefix}${service}/${address}`;
      const registrar = etcdRegistrar(client, {
        key,
        value: address,
        ttlMs,
        heartbeatMs: Math.max(100, Math.floor(ttlMs / 3)),
        logger,
      });
      parts.push({ registrar, close: () => client.close(), where: `etcd ${key}` });
      await registrar.register();
    }
    if (options.consulAddr !== '') {
      const { host, port } = parseAddress(address);
      const client = createConsulClient({ address: consulURL(options.consulAddr) });
      const id = `${service}-${host}-${port}`;
      const registrar = consulRegistrar(client, {
        id,
        name: service,
        address: host,
        port,
        check: { ttlMs },
        logger,
      });
      parts.push({ registrar, close: () => {}, where: `consul ${id}` });
      await registrar.register();
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  for (const p of parts) logger.log('registrar', p.where, 'addr', address, 'msg', 'registered');
  return {
    where: parts.map((p) => p.where),
    done: new Promise<never>(() => {}),
    stop: async (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        stopAll(),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
    },
  };
}

/** consulURL takes the agent as `host:port` or a URL. */
function consulURL(address: string): string {
  return /^https?:\/\//.test(address) ? address : `http://${address}`;
}
