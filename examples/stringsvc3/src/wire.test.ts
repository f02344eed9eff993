import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { background } from '@svckit/core/context';
import { createClient, listen } from '@svckit/core/transport/http';
import { makeHandler, stringService } from '@svckit/example-stringsvc1';
import { goKitSkip, runGoKitPeer } from '@svckit/testing';
import type { GoKitPeer } from '@svckit/testing';
import { instanceURL, splitInstances } from './proxying.js';
import {
  call,
  closeServer,
  startGoKitStringsvc,
  startProxy,
  startRawUpstream,
  startUpstream,
} from './test-support.js';
import type { Proxy, Seen, Upstream } from './test-support.js';

/** stringcli runs Go kit's HTTP client (stringsvc3's proxy client) against addr. */
async function stringcli(addr: string, ...args: string[]): Promise<string> {
  const run = await runGoKitPeer('stringcli', [`-addr=${addr}`, ...args]);
  assert.equal(run.code, 0, run.stderr);
  return run.stdout;
}

/** wireOf is what the wire pins of a proxied request (§1.3). */
function wireOf(seen: Seen | undefined) {
  return {
    method: seen?.method,
    url: seen?.url,
    contentType: seen?.headers['content-type'],
    transferEncoding: seen?.headers['transfer-encoding'],
    body: seen?.body,
  };
}

describe('stringsvc3 without --proxy: the stringsvc wire', () => {
  let server: Server;
  let base = '';
  before(async () => {
    server = await listen(makeHandler(stringService).node);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => closeServer(server));

  it('uppercase and count: {"v"} plus newline, text/plain as Go sniffs it', async () => {
    assert.deepEqual(await call(base, '/uppercase', '{"s":"héllo, <b>"}'), {
      status: 200,
      type: 'text/plain; charset=utf-8',
      body: '{"v":"HÉLLO, \\u003cB\\u003e"}\n',
    });
    assert.deepEqual(await call(base, '/count', '{"s":"héllo"}', 'PUT'), {
      status: 200,
      type: 'text/plain; charset=utf-8',
      body: '{"v":6}\n',
    });
    assert.equal(
      (await call(base, '/uppercase', '{"s":""}')).body,
      '{"v":"","err":"empty string"}\n',
    );
  });

  it('any method, exact paths (404 "404 page not found\\n")', async () => {
    assert.equal((await call(base, '/uppercase', '{"S":"x"}', 'DELETE')).body, '{"v":"X"}\n');
    assert.deepEqual(await call(base, '/uppercase/', '{"s":"x"}'), {
      status: 404,
      type: 'text/plain; charset=utf-8',
      body: '404 page not found\n',
    });
  });

  it(
    "serves Go kit's HTTP client (the real one): GET, chunked, no Content-Type",
    { skip: goKitSkip() },
    async () => {
      const addr = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      assert.equal(
        await stringcli(addr, 'foo', 'héllo <b>', ''),
        'uppercase("foo") = "FOO"\nuppercase("héllo <b>") = "HÉLLO <B>"\nuppercase("") error: empty string\n',
      );
      assert.equal(await stringcli(addr, '-method=count', 'héllo'), 'count("héllo") = 6\n');
    },
  );

  it('bad input gets a clear error, never a crash: empty, invalid JSON, wrong type, oversized', async () => {
    const cases: [string, number, RegExp][] = [
      ['', 500, /^malformed JSON body: body is empty$/],
      ['{"s":', 500, /^malformed JSON body: /],
      ['nope', 500, /^malformed JSON body: /],
      ['{"s":1}', 500, /^cannot decode a JSON number into field s of type string$/],
      ['["a"]', 500, /^cannot decode a JSON array into the request object$/],
    ];
    for (const [body, status, text] of cases) {
      for (const path of ['/uppercase', '/count']) {
        const r = await call(base, path, body);
        assert.equal(r.status, status, `${path} ${body}`);
        assert.equal(r.type, 'text/plain; charset=utf-8');
        assert.match(r.body, text, `${path} ${body}`);
      }
    }
    const big = await call(base, '/uppercase', JSON.stringify({ s: 'x'.repeat(1024 * 1024) }));
    assert.equal(big.status, 413);
    // Still serving after all of that.
    assert.equal((await call(base, '/uppercase', '{"s":"ok"}')).body, '{"v":"OK"}\n');
  });
});

describe(
  'stringsvc3 --proxy in front of Go kit stringsvc upstreams (the real ones)',
  { skip: goKitSkip() },
  () => {
    let upstream: GoKitPeer;
    let proxy: Proxy;
    before(async () => {
      upstream = await startGoKitStringsvc();
      proxy = await startProxy(upstream.addrs[0] ?? '');
    });
    after(async () => {
      await proxy.close();
      await upstream.stop();
    });

    it("uppercase goes through Go kit's stringsvc: Unicode, HTML escaping, text/plain", async () => {
      assert.deepEqual(await call(proxy.base, '/uppercase', '{"s":"foo"}'), {
        status: 200,
        type: 'text/plain; charset=utf-8',
        body: '{"v":"FOO"}\n',
      });
      assert.equal(
        (await call(proxy.base, '/uppercase', '{"s":"héllo ß ǆ ﬁ <&>"}')).body,
        '{"v":"HÉLLO ß Ǆ ﬁ \\u003c\\u0026\\u003e"}\n',
      );
    });

    it("the upstream's business error comes back in-band", async () => {
      assert.deepEqual(await call(proxy.base, '/uppercase', '{"s":""}'), {
        status: 200,
        type: 'text/plain; charset=utf-8',
        body: '{"v":"","err":"empty string"}\n',
      });
    });

    it('count is served locally: the upstream never sees it', async () => {
      assert.equal((await call(proxy.base, '/count', '{"s":"héllo"}')).body, '{"v":6}\n');
      // The upstream logs each call it serves; once it has logged an uppercase sent after the
      // count, a count it had served would be in its log too.
      await call(proxy.base, '/uppercase', '{"s":"marker"}');
      while (!upstream.proc.output().includes('input=marker')) await sleep(10);
      assert.doesNotMatch(upstream.proc.output(), /method=count/);
    });

    it("Go kit's client -> svckit's stringsvc3 -> Go kit's stringsvc", async () => {
      const addr = new URL(proxy.base).host;
      assert.equal(
        await stringcli(addr, 'go', ''),
        'uppercase("go") = "GO"\nuppercase("") error: empty string\n',
      );
    });
  },
);

describe("svckit's proxy client sends what Go kit's sends (§1.3)", { skip: goKitSkip() }, () => {
  it('GET /uppercase, chunked {"s":"..."}\\n with Go\'s HTML escaping, no Content-Type', async () => {
    const recorder = await startRawUpstream(() => ({ body: '{"v":"OK"}\n' }));
    after(() => recorder.close());
    const goProxy = await startGoKitStringsvc(recorder.addr);
    after(() => goProxy.stop());
    const ours = await startProxy(recorder.addr);
    after(() => ours.close());
    for (const body of ['{"s":"foo"}', '{"s":"<&> é"}']) {
      await call(`http://${goProxy.addrs[0]}`, '/uppercase', body);
      const theirs = wireOf(recorder.seen.at(-1));
      await call(ours.base, '/uppercase', body);
      assert.deepEqual(wireOf(recorder.seen.at(-1)), theirs, body);
    }
    assert.deepEqual(wireOf(recorder.seen[0]), {
      method: 'GET',
      url: '/uppercase',
      contentType: undefined,
      transferEncoding: 'chunked',
      body: '{"s":"foo"}\n',
    });
    assert.equal(recorder.seen[2]?.body, '{"s":"\\u003c\\u0026\\u003e é"}\n');
  });

  it('the status is ignored and the body decides, on both proxies alike', async () => {
    const raw = await startRawUpstream((seen) =>
      seen.body.includes('"bad"')
        ? { status: 200, body: '{"v":"","err":"nope"}\n' }
        : { status: 418, body: '{"V":"TEAPOT","extra":1}\n' },
    );
    after(() => raw.close());
    const goProxy = await startGoKitStringsvc(raw.addr);
    after(() => goProxy.stop());
    const ours = await startProxy(raw.addr);
    after(() => ours.close());
    for (const [body, want] of [
      ['{"s":"x"}', '{"v":"TEAPOT"}\n'],
      ['{"s":"bad"}', '{"v":"","err":"nope"}\n'],
    ] as const) {
      assert.equal((await call(`http://${goProxy.addrs[0]}`, '/uppercase', body)).body, want);
      assert.equal((await call(ours.base, '/uppercase', body)).body, want);
    }
  });
});

describe(
  "Go kit's stringsvc3 proxy in front of svckit stringsvc1 instances",
  { skip: goKitSkip() },
  () => {
    let a: Upstream;
    let b: Upstream;
    let goProxy: GoKitPeer;
    let base = '';
    before(async () => {
      [a, b] = await Promise.all([startUpstream(), startUpstream()]);
      goProxy = await startGoKitStringsvc(`${a.addr},${b.addr}`);
      base = `http://${goProxy.addrs[0]}`;
    });
    after(async () => {
      await goProxy.stop();
      await Promise.all([a.proc.stop(), b.proc.stop()]);
    });

    it('uppercase through svckit: Unicode, HTML escaping and the business error, text/plain', async () => {
      for (let i = 0; i < 2; i++) {
        // Twice: round robin reaches both instances.
        assert.deepEqual(await call(base, '/uppercase', '{"s":"héllo ß ǆ <&>"}'), {
          status: 200,
          type: 'text/plain; charset=utf-8',
          body: '{"v":"HÉLLO ß Ǆ \\u003c\\u0026\\u003e"}\n',
        });
        assert.equal(
          (await call(base, '/uppercase', '{"s":""}')).body,
          '{"v":"","err":"empty string"}\n',
        );
      }
      assert.equal(
        await stringcli(new URL(base).host, 'go kit'),
        'uppercase("go kit") = "GO KIT"\n',
      );
    });

    it("one instance down: Go kit's lb.Retry answers from the other; both down: the retry error", async () => {
      await a.proc.stop();
      for (let i = 0; i < 4; i++) {
        assert.equal(
          (await call(base, '/uppercase', '{"s":"up"}')).body,
          '{"v":"UP"}\n',
          `call ${i}`,
        );
      }
      await b.proc.stop();
      const down = JSON.parse((await call(base, '/uppercase', '{"s":"x"}')).body) as {
        v: string;
        err: string;
      };
      assert.equal(down.v, '');
      assert.match(down.err, /connection refused \(previously: .*connection refused.*\)$/);
    });
  },
);

describe('stringsvc3 --proxy against a svckit stringsvc1 process', () => {
  let upstream: Upstream;
  let proxy: Proxy;
  before(async () => {
    upstream = await startUpstream();
    proxy = await startProxy(`http://${upstream.addr}`);
  });
  after(async () => {
    await proxy.close();
    await upstream.proc.stop();
  });

  it('uppercase goes through stringsvc1, Unicode and business errors included', async () => {
    assert.equal(
      (await call(proxy.base, '/uppercase', '{"s":"héllo ß"}')).body,
      '{"v":"HÉLLO ß"}\n',
    );
    assert.equal(
      (await call(proxy.base, '/uppercase', '{"s":""}')).body,
      '{"v":"","err":"empty string"}\n',
    );
    assert.equal((await call(proxy.base, '/count', '{"s":"😀"}')).body, '{"v":4}\n');
  });
});

describe('--proxy parsing (Go kit: split, trim, http:// prefix, /uppercase when no path)', () => {
  it('splits and trims, dropping empty entries', () => {
    assert.deepEqual(splitInstances(' a:1, b:2 ,,c:3 '), ['a:1', 'b:2', 'c:3']);
    assert.deepEqual(splitInstances(''), []);
  });
  it('builds the instance URL', () => {
    assert.equal(instanceURL('127.0.0.1:8081').href, 'http://127.0.0.1:8081/uppercase');
    assert.equal(instanceURL('http://h:1').href, 'http://h:1/uppercase');
    assert.equal(instanceURL('https://h:1/up').href, 'https://h:1/up');
    assert.equal(instanceURL('http://h:1/').href, 'http://h:1/');
    assert.throws(() => instanceURL('http://'), /invalid instance "http:\/\/"/);
  });
});

describe("createClient frames a GET body for Go kit's stringsvc", { skip: goKitSkip() }, () => {
  // Node's http.request writes the body of a GET with no framing at all; createClient adds a
  // Content-Length, so a string body without an explicit framing header reaches the server.
  it('a GET with a string body and no framing header reaches the Go server', async () => {
    const upstream = await startGoKitStringsvc();
    try {
      const client = createClient(
        'GET',
        `http://${upstream.addrs[0]}/uppercase`,
        (_ctx, req, request: { s: string }) => {
          req.body = `${JSON.stringify(request)}\n`;
        },
        async (_ctx, res) => ({ status: res.status, body: await res.text() }),
      );
      const got = await client(background(), { s: 'foo' });
      assert.deepEqual(got, { status: 200, body: '{"v":"FOO"}\n' });
    } finally {
      await upstream.stop();
    }
  });
});
