import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Server } from '../http/index.js';
import { httpHandler } from './index.js';
import type { ApiGatewayResult, ApiGatewayV2Result, HttpEvent } from './index.js';

/** A Server written by hand (a plain object with both faces), answering what it saw. */
const seen: Request[] = [];
const server: Server = {
  node: () => Promise.reject(new Error('not used')),
  async fetch(request) {
    seen.push(request);
    const url = new URL(request.url);
    if (url.pathname === '/gzip') {
      return new Response(gzipSync('zipped'), {
        headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' },
      });
    }
    if (url.pathname === '/empty') return new Response(null, { status: 204 });
    return new Response(
      `${request.method} ${url.host}${url.pathname}${url.search} ${await request.text()}`,
      {
        headers: { 'content-type': 'text/plain' },
      },
    );
  },
};
const handler = httpHandler(server);

describe('awslambda httpHandler, sparse and odd events', () => {
  it('a REST event with null headers, query and body; no context', async () => {
    const event: HttpEvent = {
      httpMethod: 'GET',
      path: 'no-slash',
      headers: null,
      multiValueHeaders: null,
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      body: null,
      requestContext: { domainName: 'api.example' },
    };
    const result = (await handler(event, undefined as never)) as ApiGatewayResult;
    assert.equal(result.body, 'GET api.example/no-slash ');
    assert.equal(seen.at(-1)?.headers.get('connect-timeout-ms'), null);
  });

  it('a GET body is ignored; no host at all is lambda.invalid; 204 has an empty body', async () => {
    const v2: HttpEvent = {
      version: '2.0',
      rawPath: '/x',
      body: 'ignored',
      requestContext: { http: { method: 'GET' } },
    };
    const result = (await handler(v2, {
      awsRequestId: 'r',
      getRemainingTimeInMillis: () => 100,
    })) as ApiGatewayV2Result;
    assert.equal(result.body, 'GET lambda.invalid/x ');
    assert.equal(result.cookies, undefined);
    const empty = (await handler(
      { ...v2, rawPath: '/empty' },
      undefined as never,
    )) as ApiGatewayV2Result;
    assert.deepEqual([empty.statusCode, empty.body, empty.isBase64Encoded], [204, '', false]);
  });

  it('a compressed answer is sent base64, with its Content-Encoding', async () => {
    const event: HttpEvent = {
      httpMethod: 'GET',
      path: '/gzip',
      requestContext: { elb: {} },
      headers: {},
    };
    const result = (await handler(event, undefined as never)) as ApiGatewayResult;
    assert.equal(result.isBase64Encoded, true);
    assert.equal(result.headers?.['content-encoding'], 'gzip');
    assert.equal(result.statusDescription, '200 OK');
  });
});
