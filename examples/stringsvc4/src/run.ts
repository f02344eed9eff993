import type { Server as NodeServer } from 'node:http';
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { logfmtLogger } from '@svckit/core/log';
import type { Logger } from '@svckit/core/log';
import { listen, shutdown } from '@svckit/core/transport/http';
import { makeFrontEnd } from './frontend.js';
import { makeNATSEndpoints, makeNATSServers } from './nats.js';

/** Running is a started stringsvc4. */
export interface Running {
  /** http is the front end's server, when there is one. */
  readonly http: NodeServer | undefined;
  /** stop drains the NATS servers, closes the front end and the connection. */
  stop(): Promise<void>;
}

/**
 * main runs stringsvc4 as `stringsvc4/main.go` does: flags `-nats-url` (default
 * `nats://127.0.0.1:4222`), `-listen` (the front end's address, default `:8080`; empty: no
 * front end) and `-subscribe` (default true: serve the two subjects). Go's one-dash spelling
 * is accepted. It logs `msg=NATS url=... subscribed=...` and `msg=HTTP addr=...`.
 */
export async function main(
  args: readonly string[] = process.argv.slice(2),
  logger: Logger = logfmtLogger(process.stderr),
): Promise<Running> {
  const { values } = parseArgs({
    args: args.map((a) => (/^-[a-z]/.test(a) ? `-${a}` : a)),
    options: {
      'nats-url': { type: 'string', default: 'nats://127.0.0.1:4222' },
      listen: { type: 'string', default: ':8080' },
      subscribe: { type: 'string', default: 'true' },
    },
  });
  const url = values['nats-url'];
  const nc = await connect({ servers: url });
  const servers = makeNATSServers();
  if (values.subscribe !== 'false') {
    servers.subscribe(nc);
    await nc.flush();
  }
  logger.log('msg', 'NATS', 'url', url, 'subscribed', values.subscribe !== 'false');
  let http: NodeServer | undefined;
  const address = values.listen;
  if (address !== '') {
    const colon = address.lastIndexOf(':');
    const host = colon <= 0 ? '0.0.0.0' : address.slice(0, colon).replace(/^\[|\]$/g, '');
    http = await listen(makeFrontEnd(makeNATSEndpoints(nc)).node, {
      host,
      port: Number(address.slice(colon + 1)),
    });
    const bound = http.address();
    logger.log(
      'msg',
      'HTTP',
      'addr',
      typeof bound === 'object' && bound !== null
        ? `${bound.address}:${bound.port}`
        : String(bound),
    );
  }
  return {
    http,
    async stop() {
      if (http !== undefined) await shutdown(http);
      await servers.close();
      await nc.drain();
    },
  };
}
