import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { background } from '../../context/index.js';
import {
  createClient,
  decodeJSONResponse,
  encodeJSONRequest,
  ResponseBodyError,
  ResponseStatusError,
} from './index.js';
import type { ClientRequest } from './index.js';

interface Seen {
  method: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

describe('JSON client codec', () => {
  let server: Server;
  let base = '';
  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        switch (req.url) {
          case '/echo': {
            res.setHeader('content-type', 'application/json; charset=utf-8');
            const seen: Seen = {
              method: req.method ?? '',
              headers: req.headers,
              body: JSON.parse(text),
            };
            res.end(JSON.stringify(seen));
            return;
          }
          case '/missing':
            res.writeHead(404, 'Not Found', { 'x-reason': 'gone' });
            res.end('{"error":"no such user"}');
            return;
          case '/empty':
            res.writeHead(204);
            res.end();
            return;
          default:
            res.end('not json');
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('encodeJSONRequest sends a JSON body with the JSON content type', async () => {
    const sum = createClient('POST', `${base}/echo`, encodeJSONRequest, decodeJSONResponse<Seen>);
    const seen = await sum(background(), { a: 1, b: 2 });
    assert.equal(seen.method, 'POST');
    assert.equal(seen.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(seen.headers['content-length'], String(JSON.stringify({ a: 1, b: 2 }).length));
    assert.deepEqual(seen.body, { a: 1, b: 2 });
  });

  it('encodeJSONRequest applies a Headerer request, every value of multi-valued headers', async () => {
    const request = {
      name: 'ada',
      headers: () => ({ 'X-Request-Id': 'r-1', 'X-Tags': ['a', 'b'] }),
    };
    const call = createClient('POST', `${base}/echo`, encodeJSONRequest, decodeJSONResponse<Seen>);
    const seen = await call(background(), request);
    assert.equal(seen.headers['x-request-id'], 'r-1');
    assert.equal(seen.headers['x-tags'], 'a, b');
    assert.deepEqual(seen.body, { name: 'ada' });
  });

  it('encodeJSONRequest writes null for an undefined request, as Go does for nil', () => {
    const req: ClientRequest = { method: 'POST', url: new URL(base), headers: {}, body: undefined };
    encodeJSONRequest(background(), req, undefined);
    assert.equal(req.body, 'null');
  });

  it('decodeJSONResponse throws ResponseStatusError for a non-2xx, with status, headers, body', async () => {
    const call = createClient('GET', `${base}/missing`, () => {}, decodeJSONResponse);
    await assert.rejects(call(background(), undefined), (err: unknown) => {
      assert.ok(err instanceof ResponseStatusError);
      assert.equal(err.statusCode(), 404);
      assert.equal(err.message, 'no such user', "the server's own text");
      assert.equal(err.code, 'not_found');
      assert.equal(err.reason, 'BAD_STATUS');
      assert.equal(err.body, '{"error":"no such user"}');
      assert.equal(err.responseHeaders['x-reason'], 'gone');
      return true;
    });
  });

  it('decodeJSONResponse gives undefined for an empty 2xx body', async () => {
    const call = createClient('DELETE', `${base}/empty`, () => {}, decodeJSONResponse);
    assert.equal(await call(background(), undefined), undefined);
  });

  it('decodeJSONResponse throws reason INVALID_JSON (code internal) for a 2xx body that is not JSON', async () => {
    const call = createClient('GET', `${base}/text`, () => {}, decodeJSONResponse);
    await assert.rejects(call(background(), undefined), (err: unknown) => {
      assert.ok(err instanceof ResponseBodyError);
      assert.equal(err.reason, 'INVALID_JSON');
      assert.equal(err.code, 'internal');
      assert.match(err.message, /\/text: invalid JSON body/);
      return true;
    });
  });
});
