/**
 * stringsvc registering itself for discovery (issue 17): `--etcd-url` writes
 * `<etcd-prefix>stringsvc/<host:port>` = `host:port` under a lease `@svckit/etcd`'s registrar
 * keeps alive; `--consul-addr` registers the service `stringsvc` with the Consul agent (a TTL
 * check `@svckit/consul`'s registrar passes). The instance is the bound address, or
 * `--advertise-addr`. {@link runMain}'s `onListen` runs it; the stop it returns deregisters
 * before the server drains.
 */
import { consulRegistrar, createConsulClient } from '@svckit/consul';
import { createEtcdClient, etcdRegistrar } from '@svckit/etcd';
import type { Logger } from '@svckit/core/log';
import type { Registrar } from '@svckit/core/sd';

/** registrationFlags are the flags of {@link registerFromFlags}, with their defaults. */
export const registrationFlags = {
  'etcd-url': '',
  'etcd-prefix': '/services/',
  'consul-addr': '',
  'advertise-addr': '',
  'registry-ttl': '10s',
} as const;

/** RegistrationFlags are the parsed {@link registrationFlags}. */
export type RegistrationFlags = Readonly<Record<keyof typeof registrationFlags, string>>;

/** parseTTL reads `10s`, `3000ms` or `1m`: at least one second. */
export function parseTTL(text: string): number {
  const m = /^(\d+)(ms|s|m)$/.exec(text);
  const ms = m === null ? NaN : Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000);
  if (!(ms >= 1000))
    throw new RangeError(
      `invalid --registry-ttl ${JSON.stringify(text)}: want e.g. 10s, at least 1s`,
    );
  return ms;
}

/**
 * registerFromFlags registers service at address (or `--advertise-addr`) in etcd and/or
 * Consul as the flags say, and resolves to the function that deregisters it (and closes the
 * clients). With neither flag it does nothing. A failed registration rejects, undoing the
 * others.
 */
export async function registerFromFlags(
  service: string,
  address: string,
  flags: RegistrationFlags,
  logger: Logger,
): Promise<() => Promise<void>> {
  const ttlMs = parseTTL(flags['registry-ttl']);
  const instance = flags['advertise-addr'] || address;
  const parts: { registrar: Registrar; close: () => void; where: string }[] = [];
  const deregister = async (): Promise<void> => {
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
    if (flags['etcd-url'] !== '') {
      const client = createEtcdClient({ hosts: flags['etcd-url'] });
      const key = `${flags['etcd-prefix']}${service}/${instance}`;
      const registrar = etcdRegistrar(client, {
        key,
        value: instance,
        ttlMs,
        heartbeatMs: Math.floor(ttlMs / 3),
        logger,
      });
      parts.push({ registrar, close: () => client.close(), where: `etcd ${key}` });
      await registrar.register();
    }
    if (flags['consul-addr'] !== '') {
      const colon = instance.lastIndexOf(':');
      const host = instance.slice(0, colon).replace(/^\[|\]$/g, '');
      const port = Number(instance.slice(colon + 1));
      const agent = flags['consul-addr'];
      const client = createConsulClient({
        address: /^https?:\/\//.test(agent) ? agent : `http://${agent}`,
      });
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
    await deregister();
    throw err;
  }
  for (const p of parts) logger.log('registrar', p.where, 'addr', instance, 'msg', 'registered');
  return deregister;
}
