import { createConsulClient, consulInstancer } from '@svckit/consul';
import { createEtcdClient, etcdInstancer } from '@svckit/etcd';
import type { Instancer } from '@svckit/core/sd';
import type { Logger } from '@svckit/core/log';
import type { FlagValues } from '@svckit/example-addsvc';

/** gatewayFlags are the gateway's flags: Go kit's apigateway's, with etcd beside Consul. */
export const gatewayFlags = {
  'http.addr': {
    type: 'string',
    default: '127.0.0.1:8000',
    usage: 'Address for HTTP (JSON) server',
  },
  'consul.addr': {
    type: 'string',
    default: '',
    usage: 'Consul agent address',
    aliases: ['consul-addr'],
  },
  'etcd.url': {
    type: 'string',
    default: '',
    usage: 'etcd URL (instead of Consul)',
    aliases: ['etcd-url'],
  },
  'etcd.prefix': {
    type: 'string',
    default: '/services/',
    usage: 'etcd key prefix: instances are <prefix><service>/<host:port>',
  },
  'retry.max': {
    type: 'string',
    default: '3',
    usage: 'per-request retries to different instances',
  },
  'retry.timeout': {
    type: 'string',
    default: '500ms',
    usage: 'per-request timeout, including retries',
  },
} as const;

/** GatewayFlags are the parsed {@link gatewayFlags}. */
export type GatewayFlags = FlagValues<typeof gatewayFlags>;

/**
 * instancersOf makes the addsvc and stringsvc instancers the flags ask for: etcd prefixes
 * `<prefix>addsvc/` and `<prefix>stringsvc/`, or Consul services `addsvc` and `stringsvc`
 * (passing only). `close` stops them and their client.
 */
export function instancersOf(
  flags: GatewayFlags,
  logger: Logger,
): { addsvc: Instancer; stringsvc: Instancer; close(): void } {
  if (flags['etcd.url'] !== '') {
    const client = createEtcdClient({ hosts: flags['etcd.url'] });
    const addsvc = etcdInstancer(client, `${flags['etcd.prefix']}addsvc/`, { logger });
    const stringsvc = etcdInstancer(client, `${flags['etcd.prefix']}stringsvc/`, { logger });
    return {
      addsvc,
      stringsvc,
      close() {
        addsvc.stop();
        stringsvc.stop();
        client.close();
      },
    };
  }
  if (flags['consul.addr'] !== '') {
    const address = flags['consul.addr'].includes('://')
      ? flags['consul.addr']
      : `http://${flags['consul.addr']}`;
    const client = createConsulClient({ address });
    const addsvc = consulInstancer(client, 'addsvc', { logger });
    const stringsvc = consulInstancer(client, 'stringsvc', { logger });
    return {
      addsvc,
      stringsvc,
      close() {
        addsvc.stop();
        stringsvc.stop();
      },
    };
  }
  throw new Error('give -etcd.url or -consul.addr');
}
