// addsvc's HTTP wire, byte for byte (examples-protocol.md §2.3 and §2.7): statuses, headers and
// bodies of every answer, the router's 404, and what the HTTP client sends.
import assert from 'node:assert/strict';
import { createServer as createNodeServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { background } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import { newSet, setService } from './addendpoint/set.js';
import { newBasicService } from './addservice/service.js';
import { nopLogger } from '@svckit/core/log';
import { Registry, newSummaryFrom } from '@svckit/prometheus';
import { HTTPStatusError, newHTTPClient, newHTTPHandler } from './addtransport/http.js';
import { post, raw, startAddsvc } from './addsvc.test.helper.js';
import type { Running } from './addsvc.test.helper.js';

const json = 'application/json; charset=utf-8';
const text = 'text/plain; charset=utf-8';

describe('addsvc over HTTP: the bytes of §2.3', () => {
  let run: Running;
  before(async () => {
    run = await startAddsvc(['-ratelimit=false']);
  });
  after(() => run.stop());

  const cases: [string, string, string, number, string, string][] = [
    // method, path, body, status, content type, body
    ['POST', '/sum', '{"a":1,"b":2}', 200, json, '{"v":3}\n'],
    ['POST', '/sum', '{"A":1,"B":2}', 200, json, '{"v":3}\n'],
    ['GET', '/sum', '{"a":1,"b":2}', 200, json, '{"v":3}\n'], // wiring_test.go uses GET
    ['PUT', '/concat', '{"a":"1","b":"2"}', 200, json, '{"v":"12"}\n'],
    ['POST', '/concat', '{"a":"<a>","b":"&"}', 200, json, '{"v":"\\u003ca\\u003e\\u0026"}\n'],
    ['POST', '/concat', '{"a":"é","b":"x"}', 200, json, '{"v":"éx"}\n'],
    ['POST', '/sum', '{"a":2147483646,"b":1}', 200, json, '{"v":2147483647}\n'],
    ['POST', '/sum', '{"a":-2147483648,"b":0}', 200, json, '{"v":-2147483648}\n'],
    ['POST', '/sum', '{"b":5}', 200, json, '{"v":5}\n'],
    ['POST', '/sum', '{"a":0,"b":0}', 400, text, '{"error":"can\'t sum two zeroes"}\n'],
    ['POST', '/sum', '{}', 400, text, '{"error":"can\'t sum two zeroes"}\n'],
    ['POST', '/sum', 'null', 400, text, '{"error":"can\'t sum two zeroes"}\n'],
    ['POST', '/sum', '{"a":2147483647,"b":1}', 400, text, '{"error":"integer overflow"}\n'],
    ['POST', '/sum', '{"a":-2147483648,"b":-1}', 400, text, '{"error":"integer overflow"}\n'],
    [
      'POST',
      '/concat',
      '{"a":"ééééé","b":"x"}',
      400,
      text,
      '{"error":"result exceeds maximum size"}\n',
    ],
    ['POST', '/sum', '', 500, text, '{"error":"EOF"}\n'],
    [
      'POST',
      '/sum',
      '{"a":"1","b":2}',
      500,
      text,
      '{"error":"json: cannot unmarshal string into Go struct field SumRequest.A of type int"}\n',
    ],
    [
      'POST',
      '/concat',
      '{"a":1}',
      500,
      text,
      '{"error":"json: cannot unmarshal number into Go struct field ConcatRequest.A of type string"}\n',
    ],
    [
      'POST',
      '/sum',
      '[1,2]',
      500,
      text,
      '{"error":"json: cannot unmarshal array into Go value of type addendpoint.SumRequest"}\n',
    ],
  ];
  for (const [method, path, body, status, type, want] of cases) {
    it(`${method} ${path} ${body || '(empty)'} -> ${status} ${JSON.stringify(want)}`, async () => {
      const res = await post(run.http, path, body, method);
      assert.equal(res.status, status);
      assert.equal(res.headers['content-type'], type);
      assert.equal(res.body, want);
      assert.equal(res.headers['content-length'], String(Buffer.byteLength(want)));
    });
  }

  it("answers other paths with Go's 404 page not found", async () => {
    for (const path of ['/', '/sum/', '/Sum', '/concat/x', '/metrics']) {
      const res = await post(run.http, path, '{"a":1,"b":2}');
      assert.equal(res.statusLine, 'HTTP/1.1 404 Not Found', path);
      assert.equal(res.headers['content-type'], text);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.body, '404 page not found\n');
    }
  });

  it('sends the status line Go kit sends', async () => {
    assert.equal((await post(run.http, '/sum', '{"a":1,"b":2}')).statusLine, 'HTTP/1.1 200 OK');
    assert.equal(
      (await post(run.http, '/sum', '{"a":0,"b":0}')).statusLine,
      'HTTP/1.1 400 Bad Request',
    );
    assert.equal(
      (await post(run.http, '/sum', '')).statusLine,
      'HTTP/1.1 500 Internal Server Error',
    );
  });

  it('logs each call and each transport error', async () => {
    await post(run.http, '/sum', '{"a":40,"b":2}');
    await post(run.http, '/sum', 'x');
    const lines = run.logs.map((l) => l.join(' '));
    assert.ok(lines.includes('method Sum a 40 b 2 v 42 err null'), lines.join('\n'));
    assert.ok(lines.some((l) => /^method Sum transport_error null took \S+s$/.test(l)));
    assert.ok(
      lines.some((l) => l.startsWith("err invalid character 'x' looking for beginning of value")),
    );
  });
});

describe('addsvc over HTTP: the rate limit and the breaker (§2.2, §2.7)', () => {
  it('refuses a second Sum within the second with 500, and opens after 6 refusals', async () => {
    const run = await startAddsvc();
    try {
      assert.equal((await post(run.http, '/sum', '{"a":1,"b":2}')).body, '{"v":3}\n');
      for (let i = 0; i < 6; i++) {
        const res = await post(run.http, '/sum', '{"a":1,"b":2}');
        assert.equal(res.status, 500);
        assert.equal(res.headers['content-type'], text);
        assert.equal(res.body, '{"error":"rate limit exceeded"}\n');
      }
      assert.equal(run.svc.breakers.sum.state, 'open');
      const open = await post(run.http, '/sum', '{"a":1,"b":2}');
      assert.equal(open.status, 500);
      assert.equal(open.body, '{"error":"circuit breaker is open"}\n');
      // Concat has its own limiter (burst 100) and breaker: unaffected.
      assert.equal((await post(run.http, '/concat', '{"a":"a","b":"b"}')).body, '{"v":"ab"}\n');
      assert.equal(run.svc.breakers.concat.state, 'closed');
    } finally {
      await run.stop();
    }
  });

  it('does not count business errors in the breaker', async () => {
    const run = await startAddsvc(['-ratelimit=false']);
    try {
      for (let i = 0; i < 10; i++) {
        assert.equal((await post(run.http, '/sum', '{"a":0,"b":0}')).status, 400);
      }
      assert.equal(run.svc.breakers.sum.state, 'closed');
      assert.equal((await post(run.http, '/sum', '{"a":1,"b":1}')).body, '{"v":2}\n');
    } finally {
      await run.stop();
    }
  });
});

describe("addsvc's HTTP client: the request Go kit's client sends (§2.3)", () => {
  let server: ReturnType<typeof createNodeServer>;
  let address = '';
  const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] =
    [];
  let answer: (path: string) => [number, string] = () => [200, '{"v":3}\n'];
  before(async () => {
    server = createNodeServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (d: string) => (body += d));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        const [status, text] = answer(req.url ?? '');
        res.writeHead(status).end(text);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('POSTs {"A":…,"B":…}\\n with no Content-Type, to /sum and /concat', async () => {
    const svc = setService(newHTTPClient(address));
    answer = (path) =>
      path === '/sum' ? [200, '{"v":1152921504606846975}\n'] : [200, '{"v":"\\u003cé"}\n'];
    assert.equal(await svc.sum(background(), 2n ** 60n, -1n), 2n ** 60n - 1n);
    assert.equal(await svc.concat(background(), '<', 'é'), '<é');
    const [sum, concat] = seen.slice(-2);
    assert.equal(sum?.method, 'POST');
    assert.equal(sum?.url, '/sum');
    assert.equal(sum?.body, '{"A":1152921504606846976,"B":-1}\n');
    assert.equal(sum?.headers['content-type'], undefined);
    assert.equal(concat?.url, '/concat');
    assert.equal(concat?.body, '{"A":"\\u003c","B":"é"}\n');
  });

  it('fails a non-200 with the status line, whatever the body says', async () => {
    const svc = setService(newHTTPClient(`http://${address}`));
    answer = () => [400, '{"error":"can\'t sum two zeroes"}\n'];
    await assert.rejects(svc.sum(background(), 0n, 0n), (err: unknown) => {
      assert.ok(err instanceof HTTPStatusError);
      assert.equal(err.message, '400 Bad Request');
      assert.equal(codeOf(err), 'invalid_argument'); // not counted by the client's breaker
      return true;
    });
    answer = () => [500, '{"error":"rate limit exceeded"}\n'];
    await assert.rejects(svc.sum(background(), 1n, 1n), { message: '500 Internal Server Error' });
  });

  it("does not trip the client's breaker on 400s", async () => {
    const client = newHTTPClient(address);
    const svc = setService(client);
    answer = () => [400, '{"error":"x"}\n'];
    for (let i = 0; i < 8; i++)
      await assert.rejects(svc.sum(background(), 0n, 0n), { message: '400 Bad Request' });
    answer = () => [200, '{"v":2}\n'];
    assert.equal(await svc.sum(background(), 1n, 1n), 2n);
  });

  it('reads a response as Go does: a bad body is an error', async () => {
    const svc = setService(newHTTPClient(address));
    answer = () => [200, '{"v":"3"}\n'];
    await assert.rejects(svc.sum(background(), 1n, 2n), {
      message: 'json: cannot unmarshal string into Go struct field SumResponse.v of type int',
    });
    answer = () => [200, ''];
    await assert.rejects(svc.concat(background(), 'a', 'b'), { message: 'EOF' });
  });

  it('raw check: the sum request line and body', async () => {
    // The server side of the same exchange, as a raw request to our own addsvc.
    const run = await startAddsvc(['-ratelimit=false']);
    try {
      const res = await raw(
        run.http,
        'POST /sum HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\ne\r\n{"A":1,"B":2}\n\r\n0\r\n\r\n',
      );
      assert.equal(res.body, '{"v":3}\n');
    } finally {
      await run.stop();
    }
  });
});

describe('addsvc over HTTP through the Fetch face (Bun, Deno, edge)', () => {
  it('answers the same bytes as the Node face', async () => {
    const duration = newSummaryFrom({
      name: 'd',
      help: 'h',
      labelNames: ['method', 'success'],
      registry: new Registry(),
    });
    const set = newSet(newBasicService(), nopLogger, duration, { rateLimit: false });
    const handler = newHTTPHandler(set, nopLogger);
    const cases: [string, string, number, string | null, string][] = [
      ['/sum', '{"a":1152921504606846976,"b":-1}', 200, json, '{"v":1152921504606846975}\n'],
      ['/concat', '{"a":"<","b":"é"}', 200, json, '{"v":"\\u003cé"}\n'],
      ['/sum', '{"a":0,"b":0}', 400, text, '{"error":"can\'t sum two zeroes"}\n'],
      ['/sum', '', 500, text, '{"error":"EOF"}\n'],
      ['/nope', '', 404, text, '404 page not found\n'],
    ];
    for (const [path, body, status, type, want] of cases) {
      const res = await handler.fetch(new Request(`http://x${path}`, { method: 'POST', body }));
      assert.deepEqual(
        [res.status, res.headers.get('content-type'), await res.text()],
        [status, type, want],
        path,
      );
    }
  });
});
