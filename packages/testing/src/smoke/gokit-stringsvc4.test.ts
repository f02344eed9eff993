import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StringCodec, connect as natsConnect } from 'nats';
import { freePort } from '../free-port.js';
import { goKitSkip, runGoKitPeer, startGoKitPeer } from '../gokit.js';
import { requireBinary } from '../services.js';
import { startProcess } from '../start-process.js';
import { waitForPort } from '../wait-for-port.js';

// Go kit's stringsvc4 (packages/testing/gokit/stringsvc4): its HTTP front end and its NATS
// subscribers in two processes, on a nats-server of the test's own (stringsvc4's subjects are
// fixed, so a shared server could hold other subscribers), with the wire of
// examples-protocol.md §1.4 pinned.

describe('Go kit stringsvc4: HTTP front end -> NATS -> subscriber', { skip: goKitSkip() }, () => {
  it('front end alone: no responders; with the subscriber: the stringsvc answers', async (t) => {
    const bin = requireBinary(t, 'nats');
    if (bin === undefined) return;
    const port = await freePort();
    const nats = await startProcess(bin, ['-a', '127.0.0.1', '-p', `${port}`]);
    t.after(() => nats.stop());
    await waitForPort('127.0.0.1', port, 10_000);
    const url = `nats://127.0.0.1:${port}`;

    const front = await startGoKitPeer('stringsvc4', {
      args: ([p]) => [`-nats-url=${url}`, `-listen=127.0.0.1:${p}`, '-subscribe=false'],
    });
    t.after(() => front.stop());
    const base = `http://${front.addrs[0]}`;
    const post = async (path: string, body: string) => {
      const res = await fetch(`${base}${path}`, { method: 'POST', body });
      return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
    };
    // A NATS failure is a 500 with the error text (Go kit's DefaultErrorEncoder).
    assert.deepEqual(await post('/uppercase', '{"s":"foo"}'), {
      status: 500,
      type: 'text/plain; charset=utf-8',
      body: 'nats: no responders available for request',
    });

    const backend = await startGoKitPeer('stringsvc4', {
      ports: 0,
      args: () => [`-nats-url=${url}`, '-listen='],
      ready: /subscribed to stringsvc\.uppercase, stringsvc\.count/,
    });
    t.after(() => backend.stop());
    assert.deepEqual(await post('/uppercase', '{"s":"héllo <b>"}'), {
      status: 200,
      type: 'application/json; charset=utf-8',
      body: '{"v":"HÉLLO \\u003cB\\u003e"}\n',
    });
    assert.equal((await post('/uppercase', '{"s":""}')).body, '{"v":"","err":"empty string"}\n');
    assert.equal((await post('/count', '{"s":"héllo"}')).body, '{"v":6}\n');
    assert.deepEqual(await post('/count', ''), {
      status: 500,
      type: 'text/plain; charset=utf-8',
      body: 'EOF',
    });

    // The Go kit HTTP client through the front end.
    const cli = await runGoKitPeer('stringcli', [`-addr=${front.addrs[0]}`, 'héllo', '']);
    assert.deepEqual(
      [cli.code, cli.stdout],
      [0, 'uppercase("héllo") = "HÉLLO"\nuppercase("") error: empty string\n'],
    );

    // The subscriber's own wire: json.Marshal, no newline, {"err"} for what does not decode.
    const nc = await natsConnect({ servers: url, timeout: 5000 });
    t.after(() => nc.close());
    const sc = StringCodec();
    const ask = async (subject: string, body: string): Promise<string> => {
      const msg = await nc.request(subject, sc.encode(body), { timeout: 5000 });
      assert.equal(msg.headers, undefined, 'no NATS headers');
      return sc.decode(msg.data);
    };
    assert.equal(await ask('stringsvc.uppercase', '{"s":"foo"}'), '{"v":"FOO"}');
    assert.equal(await ask('stringsvc.uppercase', '{"s":""}'), '{"v":"","err":"empty string"}');
    assert.equal(await ask('stringsvc.count', '{"s":"héllo"}'), '{"v":6}');
    assert.equal(
      await ask('stringsvc.count', 'jnope'),
      '{"err":"invalid character \'j\' looking for beginning of value"}',
    );
  });
});
