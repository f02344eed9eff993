import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createNodeServer } from 'node:http';
import { background } from '../../context/index.js';
import { codes, ServiceError } from '../../errors/index.js';
import { RateLimitError } from '../../ratelimit/index.js';
import {
  BodyTooLargeError,
  codeOfHttpResponse,
  codeOfHttpStatus,
  createClient,
  createServer,
  decodeJSONResponse,
  encodeJSONResponse,
  httpStatusOf,
  nopRequestDecoder,
  parseRetryAfter,
  ResponseStatusError,
} from './index.js';
import { listenPlain, serve } from './serve.test.helper.js';

const failWith = (err: unknown) =>
  createServer(() => Promise.reject(err), nopRequestDecoder, encodeJSONResponse);

describe('HTTP error table', () => {
  it("httpStatusOf follows Google's google.rpc.Code mapping", () => {
    const expected: Record<string, number> = {
      canceled: 499,
      unknown: 500,
      invalid_argument: 400,
      deadline_exceeded: 504,
      not_found: 404,
      already_exists: 409,
      permission_denied: 403,
      resource_exhausted: 429,
      failed_precondition: 400,
      aborted: 409,
      out_of_range: 400,
      unimplemented: 501,
      internal: 500,
      unavailable: 503,
      data_loss: 500,
      unauthenticated: 401,
    };
    for (const code of codes) assert.equal(httpStatusOf(code), expected[code], code);
  });

  it("codeOfHttpStatus is svckit's table for breakers and retries, not gRPC's", () => {
    const expected: [number, string][] = [
      [400, 'invalid_argument'],
      [422, 'invalid_argument'],
      [418, 'invalid_argument'],
      [401, 'unauthenticated'],
      [403, 'permission_denied'],
      [404, 'not_found'],
      [405, 'unimplemented'],
      [408, 'deadline_exceeded'],
      [409, 'aborted'],
      [412, 'failed_precondition'],
      [413, 'resource_exhausted'],
      [429, 'resource_exhausted'],
      [416, 'out_of_range'],
      [499, 'canceled'],
      [500, 'internal'],
      [501, 'unimplemented'],
      [502, 'unavailable'],
      [503, 'unavailable'],
      [504, 'deadline_exceeded'],
      [507, 'resource_exhausted'],
      [520, 'unknown'],
      [302, 'failed_precondition'],
      [200, 'unknown'],
      [0, 'unknown'],
    ];
    for (const [status, code] of expected)
      assert.equal(codeOfHttpStatus(status), code, `${status}`);
  });

  it('codeOfHttpResponse prefers a valid Svckit-Error-Code header', () => {
    assert.equal(codeOfHttpResponse(400, 'failed_precondition'), 'failed_precondition');
    assert.equal(codeOfHttpResponse(400, ['out_of_range']), 'out_of_range');
    assert.equal(codeOfHttpResponse(400, 'NOT_A_CODE'), 'invalid_argument');
    assert.equal(codeOfHttpResponse(503, undefined), 'unavailable');
  });

  it('parseRetryAfter reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    assert.equal(parseRetryAfter('3', now), 3000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('Tue, 01 Dec 2026 10:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Tue, 01 Dec 2026 09:00:00 GMT', now), 0, 'a past date: now');
    for (const v of [undefined, '', '-1', 'soon', '1.5'])
      assert.equal(parseRetryAfter(v, now), undefined);
  });
});

describe('default error encoder and the errorStatus option', () => {
  it('a ServiceError answers its code status, with the code header and the message', async () => {
    const res = await failWith(new ServiceError('not_found', 'no such user')).fetch(
      new Request('http://svc.test/'),
    );
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('svckit-error-code'), 'not_found');
    assert.equal(await res.text(), 'no such user');
  });

  it("a plain Error is Go kit's answer exactly: 500, the text, no code header", async () => {
    const res = await failWith(new Error('dang')).fetch(new Request('http://svc.test/'));
    assert.equal(res.status, 500);
    assert.equal(res.headers.get('svckit-error-code'), null);
    assert.deepEqual([...res.headers.keys()].sort(), ['content-type']);
    assert.equal(await res.text(), 'dang');
  });

  it('an explicit StatusCoder wins over the code (body too large keeps 413)', async () => {
    const res = await failWith(new BodyTooLargeError(5)).fetch(new Request('http://svc.test/'));
    assert.equal(res.status, 413);
    assert.equal(res.headers.get('svckit-error-code'), 'resource_exhausted');
  });

  it('a rate limit is 429 and retryAfterMs becomes Retry-After (whole seconds)', async () => {
    const limited = await failWith(new RateLimitError()).fetch(new Request('http://svc.test/'));
    assert.equal(limited.status, 429);
    const busy = new ServiceError('unavailable', 'busy', { retryAfterMs: 1200 });
    const res = await failWith(busy).fetch(new Request('http://svc.test/'));
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '2');
  });

  it('errorStatus replaces the table (a Go kit mirror answers 500 for everything)', async () => {
    const server = createServer(
      () => Promise.reject(new ServiceError('invalid_argument', 'bad')),
      nopRequestDecoder,
      encodeJSONResponse,
      { errorStatus: () => 500 },
    );
    const res = await server.fetch(new Request('http://svc.test/'));
    assert.equal(res.status, 500);
    assert.equal(await res.text(), 'bad');
  });

  it('errorStatus with a custom errorEncoder is a TypeError, not silently ignored', () => {
    assert.throws(
      () =>
        createServer(() => Promise.resolve(1), nopRequestDecoder, encodeJSONResponse, {
          errorStatus: () => 500,
          errorEncoder: (_ctx, _err, w) => w.end(),
        }),
      TypeError,
    );
  });
});

describe("the HTTP client reads the server's error", () => {
  it('svckit to svckit: the exact code, the message, Retry-After', async () => {
    const server = failWith(
      new ServiceError('failed_precondition', 'account is frozen', { retryAfterMs: 3000 }),
    );
    const call = createClient('POST', await serve(server), () => {}, decodeJSONResponse);
    await assert.rejects(call(background(), undefined), (err: unknown) => {
      assert.ok(err instanceof ResponseStatusError);
      assert.equal(err.status, 400);
      assert.equal(err.code, 'failed_precondition', 'the header, not 400 -> invalid_argument');
      assert.equal(err.message, 'account is frozen');
      assert.equal(err.retryAfterMs, 3000);
      return true;
    });
  });

  it('any server: text, JSON error fields, HTML and empty bodies', async () => {
    const answers: Record<string, [number, string, string]> = {
      '/text': [400, 'text/plain; charset=utf-8', 'a must be a number\n'],
      '/json-error': [422, 'application/json', '{"error":"b is required"}'],
      '/json-err': [500, 'application/json', '{"err":"boom"}'],
      '/json-nested': [403, 'application/json', '{"error":{"code":403,"message":"denied"}}'],
      '/html': [502, 'text/html', '<html><body>Bad Gateway</body></html>'],
      '/empty': [503, 'text/plain', ''],
      '/long': [400, 'text/plain', 'x'.repeat(2000)],
    };
    const plain = createNodeServer((req, res) => {
      const [status, type, body] = answers[req.url ?? ''] ?? [404, 'text/plain', ''];
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
    const base = await listenPlain(plain);
    const get = async (path: string): Promise<ResponseStatusError> => {
      const call = createClient('GET', `${base}${path}`, () => {}, decodeJSONResponse);
      const err = await call(background(), undefined).then(
        () => assert.fail('must reject'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof ResponseStatusError);
      return err;
    };
    const text = await get('/text');
    assert.equal(text.message, 'a must be a number');
    assert.equal(text.code, 'invalid_argument');
    assert.equal((await get('/json-error')).message, 'b is required');
    const boom = await get('/json-err');
    assert.equal(boom.message, 'boom');
    assert.equal(boom.code, 'internal');
    assert.equal((await get('/json-nested')).message, 'denied');
    const html = await get('/html');
    assert.equal(html.message, 'unexpected status 502 Bad Gateway', 'HTML is not a message');
    assert.equal(html.code, 'unavailable');
    assert.equal((await get('/empty')).message, 'unexpected status 503 Service Unavailable');
    assert.equal((await get('/long')).message.length, 513, 'bounded: 512 characters and …');
  });
});
