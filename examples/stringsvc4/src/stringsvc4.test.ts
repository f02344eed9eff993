// stringsvc4 against Go kit's stringsvc4 both ways (examples protocol §1.4), on a NATS server of
// the test's own (the subjects are fixed, so no other test may share them).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { background } from '@svckit/core/context';
import type { Logger } from '@svckit/core/log';
import {
  freePort,
  goKitSkip,
  requireBinary,
  startGoKitPeer,
  startProcess,
  waitForPort,
} from '@svckit/testing';
import type { StartedProcess } from '@svckit/testing';
import { main, makeNATSEndpoints } from './index.js';
import type { Running } from './run.js';

const quiet: Logger = { log: () => undefined };

async function post(url: string, body: string) {
  const r = await fetch(url, { method: 'POST', body });
  return { status: r.status, type: r.headers.get('content-type'), body: await r.text() };
}

/** The HTTP answers §1.4 pins, for any front end in front of any NATS service. */
async function checkFrontEnd(base: string): Promise<void> {
  assert.deepEqual(await post(`${base}/uppercase`, '{"s":"héllo"}'), {
    status: 200,
    type: 'application/json; charset=utf-8',
    body: '{"v":"HÉLLO"}\n',
  });
  assert.deepEqual(await post(`${base}/uppercase`, '{"s":""}'), {
    status: 200,
    type: 'application/json; charset=utf-8',
    body: '{"v":"","err":"empty string"}\n',
  });
  assert.deepEqual(await post(`${base}/count`, '{"s":"héllo"}'), {
    status: 200,
    type: 'application/json; charset=utf-8',
    body: '{"v":6}\n',
  });
  assert.equal(
    (await post(`${base}/uppercase`, '{"s":"<a>&"}')).body,
    '{"v":"\\u003cA\\u003e\\u0026"}\n',
  );
}

describe('stringsvc4 over NATS, with Go kit stringsvc4', { skip: goKitSkip() }, () => {
  let nats: StartedProcess | undefined;
  let url = '';
  let nc: NatsConnection | undefined;
  before(async (t) => {
    const bin = requireBinary(t as never, 'nats');
    if (bin === undefined) return;
    const port = await freePort();
    nats = await startProcess(bin, ['-a', '127.0.0.1', '-p', String(port)]);
    await waitForPort('127.0.0.1', port, 10_000);
    url = `nats://127.0.0.1:${port}`;
    nc = await connect({ servers: url });
  });
  after(async () => {
    await nc?.close();
    await nats?.stop();
  });

  it('svckit serves NATS; the Go front end forwards to it', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const svc: Running = await main(['-nats-url', url, '-listen', ''], quiet);
    t.after(() => svc.stop());
    const front = await startGoKitPeer('stringsvc4', {
      args: ([p]) => [`-nats-url=${url}`, '-subscribe=false', `-listen=127.0.0.1:${p}`],
    });
    t.after(() => front.stop());
    await checkFrontEnd(`http://${front.addrs[0]}`);
    // A request svckit cannot decode is answered {"err":...}, as Go kit's subscriber does.
    const bad = await nc.request('stringsvc.uppercase', 'not json', { timeout: 2000 });
    assert.match(new TextDecoder().decode(bad.data), /^\{"err":"invalid JSON: .+"\}$/);
  });

  it('Go kit serves NATS; the svckit front end and client call it', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const go = await startGoKitPeer('stringsvc4', {
      ports: 0,
      args: () => [`-nats-url=${url}`, '-listen='],
      ready: /subscribed to stringsvc.uppercase/,
    });
    t.after(() => go.stop());
    const port = await freePort();
    const svc = await main(
      ['-nats-url', url, '-subscribe=false', '-listen', `127.0.0.1:${port}`],
      quiet,
    );
    t.after(() => svc.stop());
    await checkFrontEnd(`http://127.0.0.1:${port}`);
    const endpoints = makeNATSEndpoints(nc);
    assert.deepEqual({ ...(await endpoints.uppercase(background(), { s: 'go' })) }, { v: 'GO' });
    assert.deepEqual(await endpoints.count(background(), { s: 'héllo' }), { v: 6 });
    // Go's decode error comes back as {"err":...}: the in-band err of uppercase.
    const raw = await nc.request('stringsvc.uppercase', 'not json', { timeout: 2000 });
    assert.equal(
      new TextDecoder().decode(raw.data),
      '{"err":"invalid character \'o\' in literal null (expecting \'u\')"}',
    );
  });

  it('nobody subscribed: the svckit front end answers 500 at once with NATS’s message', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const port = await freePort();
    const svc = await main(
      ['-nats-url', url, '-subscribe=false', '-listen', `127.0.0.1:${port}`],
      quiet,
    );
    t.after(() => svc.stop());
    const started = Date.now();
    const r = await post(`http://127.0.0.1:${port}/uppercase`, '{"s":"x"}');
    assert.equal(r.status, 500);
    assert.equal(r.type, 'text/plain; charset=utf-8');
    assert.match(r.body, /no responders/);
    assert.ok(Date.now() - started < 5000, 'not after the 10 s timeout');
  });

  it('the same bytes as Go kit on NATS, for every request', async (t) => {
    if (nc === undefined) return t.skip('no nats');
    const requests = ['{"s":"héllo"}', '{"s":""}', '{"S":"x"}', '{"s":"<a>&"}', '{}', 'null'];
    const replies = async () => {
      const out: string[] = [];
      for (const r of requests) {
        for (const s of ['stringsvc.uppercase', 'stringsvc.count']) {
          out.push(new TextDecoder().decode((await nc!.request(s, r, { timeout: 2000 })).data));
        }
      }
      return out;
    };
    const go = await startGoKitPeer('stringsvc4', {
      ports: 0,
      args: () => [`-nats-url=${url}`, '-listen='],
      ready: /subscribed to stringsvc.uppercase/,
    });
    const theirs = await replies();
    await go.stop();
    const svc = await main(['-nats-url', url, '-listen', ''], quiet);
    t.after(() => svc.stop());
    assert.deepEqual(await replies(), theirs);
  });
});
