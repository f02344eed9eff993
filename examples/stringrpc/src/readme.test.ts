// The examples of the JSON-RPC, Lambda and reverse-proxy READMEs of @svckit/core, compiled and
// run: each is a module under readme/ whose region is the README's code block
// (examples/getting-started/src/docs.test.ts checks they are identical).
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { ApiGatewayV2Result, LambdaContext } from '@svckit/core/transport/awslambda';
import { JsonRpcError } from '@svckit/core/transport/http/jsonrpc';

test('jsonrpc README: the server answers the client and the batch client', async () => {
  const lines: unknown[][] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => void lines.push(args);
  try {
    const { http } = await import('./readme/jsonrpc.js');
    http.closeAllConnections();
    http.close();
  } finally {
    console.log = log;
  }
  assert.deepEqual(lines[0], [19]);
  const [a, b] = lines[1] as [unknown, { ok: boolean; error: unknown }];
  assert.deepEqual(a, { ok: true, result: 3 });
  assert.ok(b.error instanceof JsonRpcError && b.error.jsonRpcCode === -32601);
});

test('awslambda README: the handler and the HTTP server on Lambda', async () => {
  const { invoke, http } = await import('./readme/awslambda.js');
  const context: LambdaContext = { awsRequestId: 'r', getRemainingTimeInMillis: () => 1000 };
  assert.deepEqual(await invoke({ s: 'hi' }, context), { v: 'HI' });
  const result = (await http(
    {
      version: '2.0',
      rawPath: '/uppercase',
      body: '{"s":"hi"}',
      requestContext: { http: { method: 'POST' } },
    },
    context,
  )) as ApiGatewayV2Result;
  assert.deepEqual([result.statusCode, result.body], [200, '{"v":"HI"}\n']);
});

test('httprp README: the router proxies /api to the origin, the hook adding its header', async () => {
  const origin = createServer((req, res) =>
    res.end(`${req.url} ${String(req.headers['x-gateway'])}`),
  );
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
  process.env['ORIGIN'] = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
  const { server } = await import('./readme/httprp.js');
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    assert.equal(await (await fetch(`${base}/api/sum`)).text(), '/sum svckit');
  } finally {
    server.closeAllConnections();
    server.close();
    origin.close();
  }
});
