/**
 * A RabbitMQ of a test's own (its own epmd, distribution and AMQP ports, all free ones, in a
 * temporary run dir), from the harness's own table entry: fault tests kill and restart it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { SERVERS, createServices, freePort, requireBinary, signalGroup } from '@svckit/testing';
import type { ServerSpec } from '@svckit/testing';

/** OwnBroker is a RabbitMQ the test started. */
export interface OwnBroker {
  readonly url: string;
  /** tlsUrl is its `amqps://` URL, when it listens with TLS. */
  readonly tlsUrl: string | undefined;
  /** kill SIGKILLs the broker's node (a crash), then stops its epmd. */
  kill(): Promise<void>;
  /** start (re)starts it on the same ports; resolves once it accepts AMQP connections. */
  start(): Promise<void>;
  /** stop stops it for good and removes its dir. */
  stop(): Promise<void>;
}

/** TlsFiles are the PEM files a TLS listener reads. */
export interface TlsFiles {
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
}

/**
 * ownBroker starts a RabbitMQ on free ports, or returns undefined (skipped) without one. With
 * `tls`, it also listens with TLS (peer verification on) at {@link OwnBroker.tlsUrl}.
 */
export async function ownBroker(
  t: TestContext,
  options: { readonly tls?: TlsFiles } = {},
): Promise<OwnBroker | undefined> {
  if (requireBinary(t, 'rabbitmq-server') === undefined) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'svckit-rabbit-'));
  const amqp = await freePort();
  const dist = await freePort({ avoid: new Set([amqp]) });
  const epmd = await freePort({ avoid: new Set([amqp, dist]) });
  const amqps = await freePort({ avoid: new Set([amqp, dist, epmd]) });
  const spec = SERVERS.amqp as ServerSpec;
  const tls = options.tls;
  const withTls: ServerSpec = {
    ...spec,
    ports: { amqp, dist, epmd, amqps },
    config: (s) =>
      (spec.config?.(s) ?? []).map((f) =>
        f.path !== 'rabbitmq.conf' || tls === undefined
          ? f
          : {
              ...f,
              text: [
                f.text,
                `listeners.ssl.default = 127.0.0.1:${amqps}`,
                `ssl_options.cacertfile = ${tls.ca}`,
                `ssl_options.certfile = ${tls.serverCert}`,
                `ssl_options.keyfile = ${tls.serverKey}`,
                'ssl_options.verify = verify_peer',
                'ssl_options.fail_if_no_peer_cert = true',
                '',
              ].join('\n'),
            },
      ),
  };
  const services = createServices(dir, { amqp: withTls }, () => undefined);
  const start = async (): Promise<void> => {
    if (!(await services.up(['amqp']))) throw new Error(`own RabbitMQ did not start (see ${dir})`);
  };
  await start();
  return {
    url: `amqp://guest:guest@127.0.0.1:${amqp}`,
    tlsUrl: tls === undefined ? undefined : `amqps://guest:guest@127.0.0.1:${amqps}`,
    async kill() {
      const state = JSON.parse(readFileSync(join(dir, 'amqp.json'), 'utf8')) as {
        processes: { name: string; pid: number }[];
      };
      for (const p of state.processes) if (p.name !== 'epmd') signalGroup(p.pid, 'SIGKILL');
      await services.down(['amqp']);
    },
    start,
    async stop() {
      await services.down(['amqp']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
