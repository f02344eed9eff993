import { Resolver } from 'node:dns/promises';
import { connect } from 'node:net';
import type { Probe } from './server-spec.js';
import { waitForPort } from './wait-for-port.js';

const PROBE_TIMEOUT_MS = 2000;

/**
 * talk connects to 127.0.0.1:port, writes `send` (if any) and collects what the peer answers
 * until `done` accepts it, the peer closes, or the probe times out; then says whether `done`
 * accepted it.
 */
function talk(
  port: number,
  send: string | Buffer | undefined,
  done: (got: string) => boolean,
  timeoutMs: number,
) {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let got = '';
    let settled = false;
    const finish = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => {
      if (send !== undefined) socket.write(send);
    });
    socket.on('data', (chunk: Buffer) => {
      got += chunk.toString('latin1');
      if (done(got)) finish(true);
    });
    socket.once('end', () => finish(done(got)));
  });
}

/**
 * tcpProbe: the port of `role` accepts a TCP connection within timeoutMs (waitForPort's).
 * Every probe takes a timeoutMs, 2000 by default, after which it says no.
 */
export function tcpProbe(role: string, timeoutMs = PROBE_TIMEOUT_MS): Probe {
  return (s) =>
    waitForPort('127.0.0.1', s.port(role), timeoutMs).then(
      () => true,
      () => false,
    );
}

/**
 * exchangeProbe: after writing `send` (nothing when undefined) to the port of `role`, the answer
 * matches `expect` (read as latin1, so binary protocols can be matched too).
 */
export function exchangeProbe(
  role: string,
  send: string | Buffer | undefined,
  expect: RegExp,
  timeoutMs = PROBE_TIMEOUT_MS,
): Probe {
  return (s) => talk(s.port(role), send, (got) => expect.test(got), timeoutMs);
}

/** httpProbe: GET `path` on the port of `role` answers 200 with a body matching `expect`. */
export function httpProbe(
  role: string,
  path: string,
  expect: RegExp,
  timeoutMs = PROBE_TIMEOUT_MS,
): Probe {
  return async (s) => {
    try {
      const res = await fetch(`http://127.0.0.1:${s.port(role)}${path}`, {
        signal: AbortSignal.timeout(timeoutMs),
      });
      return res.status === 200 && expect.test(await res.text());
    } catch {
      return false;
    }
  };
}

/** dnsProbe: the DNS server on the port of `role` resolves `name` to `address` (A, over UDP). */
export function dnsProbe(
  role: string,
  name: string,
  address: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): Probe {
  return async (s) => {
    const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
    resolver.setServers([`127.0.0.1:${s.port(role)}`]);
    try {
      return (await resolver.resolve4(name)).includes(address);
    } catch {
      return false;
    } finally {
      resolver.cancel();
    }
  };
}
