import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { remaining } from '../../context/index.js';
import { codeOf, reasonOf } from '../../errors/index.js';
import { createRouter, createServer, encodeJSONResponse } from '../http/index.js';
import type { HttpRequest } from '../http/index.js';
import { createServer as createJsonRpcServer } from '../http/jsonrpc/index.js';
import { httpHandler } from './index.js';
import type { ApiGatewayResult, ApiGatewayV2Result, HttpEvent, LambdaContext } from './index.js';
import { albEvent, albMultiEvent, httpApiEvent, restEvent } from './testdata/events.js';

interface Seen {
  method: string;
  url: string;
  header1: string | undefined;
  header2: string | undefined;
  cookie: string | undefined;
  body: string;
  remote: string;
  deadline: number;
}

/** One svckit HTTP server, unchanged: it reports what it saw and sets two cookies. */
const echo = createServer(
  async (ctx, seen: Seen) => ({ ...seen, deadline: Math.round(remaining(ctx) / 1000) }),
  async (_ctx, r: HttpRequest) => ({
    method: r.method,
    url: r.url,
    header1: r.header('header1'),
    header2: r.header('header2'),
    cookie: r.header('cookie'),
    body: await r.text(),
    remote: r.remoteAddress,
    deadline: 0,
  }),
  (ctx, w, response) => {
    w.addHeader('set-cookie', 'a=1; Path=/');
    w.addHeader('set-cookie', 'b=2; HttpOnly');
    return encodeJSONResponse(ctx, w, response);
  },
);
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
const router = createRouter()
  .post(
    '/image',
    createServer(
      async (_ctx, bytes: Uint8Array) => bytes,
      async (_ctx, r) => r.body(),
      (_ctx, w, bytes) => {
        w.setHeader('content-type', 'image/png');
        w.end(bytes);
      },
    ),
  )
  .all(
    '/rpc',
    createJsonRpcServer({ add: { endpoint: async (_c, [a, b]: number[]) => (a ?? 0) + (b ?? 0) } }),
  )
  .all('/*path', echo);
const handler = httpHandler(router);
const context: LambdaContext = { awsRequestId: 'r', getRemainingTimeInMillis: () => 7000 };

const bodyOf = (r: { body: string }) => JSON.parse(r.body) as Seen;

describe('awslambda httpHandler: one svckit HTTP server behind API Gateway and ALB', () => {
  it('REST API (1.0): every header value, the multi-value query, the source IP; cookies as multiValueHeaders', async () => {
    const result = (await handler(restEvent, context)) as ApiGatewayResult;
    assert.equal(result.statusCode, 200);
    assert.equal(result.isBase64Encoded, false);
    assert.deepEqual(bodyOf(result), {
      method: 'POST',
      url: '/my/path?parameter1=value1&parameter1=value2&parameter2=value',
      header1: 'value1',
      header2: 'value1, value2',
      body: 'Hello from Lambda!',
      remote: '192.0.2.1:0',
      deadline: 7,
    });
    assert.equal(result.headers?.['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(result.multiValueHeaders, { 'set-cookie': ['a=1; Path=/', 'b=2; HttpOnly'] });
    // Decoded query values are encoded again.
    const spaced = (await handler(
      {
        ...restEvent,
        multiValueQueryStringParameters: null,
        queryStringParameters: { q: 'a b&c' },
      },
      context,
    )) as ApiGatewayResult;
    assert.equal(bodyOf(spaced).url, '/my/path?q=a%20b%26c');
  });

  it('HTTP API (2.0): raw path and query, cookies in and out', async () => {
    const result = (await handler(httpApiEvent, context)) as ApiGatewayV2Result;
    assert.equal(result.statusCode, 200);
    const seen = bodyOf(result);
    assert.equal(seen.url, '/my/path?parameter1=value1&parameter1=value2&parameter2=value');
    assert.equal(seen.header2, 'value1,value2');
    assert.equal(seen.cookie, 'cookie1=a; cookie2=b');
    assert.equal(seen.remote, '192.0.2.1:0');
    assert.deepEqual(result.cookies, ['a=1; Path=/', 'b=2; HttpOnly']);
    assert.equal(result.headers['set-cookie'], undefined);
  });

  it('ALB: status description, single or multi-value headers as the target group has them', async () => {
    const single = (await handler(albEvent, context)) as ApiGatewayResult;
    assert.equal(single.statusDescription, '200 OK');
    assert.equal(bodyOf(single).method, 'GET');
    assert.equal(bodyOf(single).url, '/lambda?query=1234ABCD');
    assert.equal(bodyOf(single).remote, '72.12.164.125:0');
    assert.equal(single.headers?.['set-cookie'], 'a=1; Path=/');
    assert.equal(single.multiValueHeaders, undefined);
    const multi = (await handler(albMultiEvent, context)) as ApiGatewayResult;
    assert.equal(bodyOf(multi).url, '/lambda?query=1234ABCD&query=x%20y'); // as the client sent it
    assert.equal(bodyOf(multi).cookie, 'a=1; b=2');
    assert.deepEqual(multi.multiValueHeaders?.['set-cookie'], ['a=1; Path=/', 'b=2; HttpOnly']);
    assert.equal(multi.headers, undefined);
  });

  it('base64 bodies both ways; a JSON-RPC server runs unchanged too', async () => {
    const event: HttpEvent = {
      ...httpApiEvent,
      rawPath: '/image',
      rawQueryString: '',
      body: Buffer.from(png).toString('base64'),
      isBase64Encoded: true,
    };
    const result = (await handler(event, context)) as ApiGatewayV2Result;
    assert.equal(result.isBase64Encoded, true);
    assert.deepEqual(new Uint8Array(Buffer.from(result.body, 'base64')), png);
    const rpc = (await handler(
      {
        ...restEvent,
        path: '/rpc',
        body: '{"jsonrpc":"2.0","method":"add","params":[2,3],"id":1}',
      },
      context,
    )) as ApiGatewayResult;
    assert.equal(rpc.body, '{"jsonrpc":"2.0","result":5,"id":1}\n');
    const mustPost = (await handler(
      { ...restEvent, path: '/rpc', httpMethod: 'GET' },
      context,
    )) as ApiGatewayResult;
    assert.equal(mustPost.statusCode, 405);
    assert.equal(mustPost.body, '405 must POST\n');
  });

  it("a caller's shorter deadline is kept", async () => {
    const result = await handler(
      { ...restEvent, multiValueHeaders: null, headers: { 'connect-timeout-ms': '2000' } },
      context,
    );
    assert.equal(bodyOf(result).deadline, 2);
  });

  it('an event of another shape: a clear invalid_argument error naming what is missing', async () => {
    const bad: unknown[] = [
      null,
      'text',
      {},
      { Records: [{ eventSource: 'aws:s3' }] },
      { version: '2.0', rawPath: '/x', requestContext: {} },
      { version: '2.0', requestContext: { http: { method: 'GET' } } },
      { httpMethod: 'GET' },
    ];
    for (const event of bad) {
      await assert.rejects(handler(event as HttpEvent, context), (err: unknown) => {
        assert.equal(codeOf(err), 'invalid_argument');
        assert.equal(reasonOf(err), 'BAD_EVENT');
        assert.match((err as Error).message, /^awslambda: not an API Gateway or ALB HTTP event: /);
        return true;
      });
    }
  });
});
