// stringrpc end to end: the JSON-RPC service behind the gateway's reverse proxy over real
// HTTP, svckit's clients (one method, a batch), the same server on Lambda, and main.ts run.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { background } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import { listen } from '@svckit/core/transport/http';
import { JsonRpcError, createBatchClient, createClient } from '@svckit/core/transport/http/jsonrpc';
import type { ApiGatewayV2Result } from '@svckit/core/transport/awslambda';
import { gateway } from './gateway.js';
import { handler } from './lambda.js';
import { rpc } from './stringsvc.js';

const port = (s: Server) => (s.address() as AddressInfo).port;

describe('stringrpc', () => {
  let service: Server;
  let front: Server;
  let url = '';
  before(async () => {
    service = await listen(rpc.node);
    front = await listen(gateway(`http://127.0.0.1:${port(service)}`).node);
    url = `http://127.0.0.1:${port(front)}/rpc`;
  });
  after(() => {
    for (const s of [front, service]) {
      s.closeAllConnections();
      s.close();
    }
  });

  it('one method per client endpoint, through the gateway; an empty string is -32602', async () => {
    const up = createClient<[string], string>(url, 'uppercase');
    assert.equal(await up(background(), ['hello']), 'HELLO');
    const count = createClient<{ s: string }, number>(url, 'count');
    assert.equal(await count(background(), { s: 'héllo' }), 6);
    await assert.rejects(up(background(), ['']), (err: unknown) => {
      assert.ok(err instanceof JsonRpcError);
      assert.equal(err.jsonRpcCode, -32602);
      assert.equal(codeOf(err), 'invalid_argument');
      assert.equal(err.message, 'empty string');
      return true;
    });
  });

  it('a batch through the gateway, answered call by call', async () => {
    const batch = createBatchClient(url);
    const out = await batch(background(), [
      { method: 'uppercase', params: { s: 'a' } },
      { method: 'count', params: ['abc'] },
      { method: 'uppercase', params: [1] },
      { method: 'count', params: ['x'], notification: true },
    ]);
    assert.deepEqual(out.slice(0, 2), [
      { ok: true, result: 'A' },
      { ok: true, result: 3 },
    ]);
    assert.ok(out[2] !== undefined && !out[2].ok && /want/.test(out[2].error.message));
    assert.equal(out[3], undefined);
    assert.equal(await (await fetch(url.replace('/rpc', '/health'))).text(), 'ok\n');
  });

  it('the same server on Lambda, behind an HTTP API', async () => {
    const result = (await handler(
      {
        version: '2.0',
        rawPath: '/',
        headers: { 'content-type': 'application/json' },
        body: '{"jsonrpc":"2.0","method":"uppercase","params":["lambda"],"id":7}',
        requestContext: { http: { method: 'POST', sourceIp: '192.0.2.1' } },
      },
      { awsRequestId: 'r', getRemainingTimeInMillis: () => 3000 },
    )) as ApiGatewayV2Result;
    assert.equal(result.statusCode, 200);
    assert.equal(result.body, '{"jsonrpc":"2.0","result":"LAMBDA","id":7}\n');
  });

  it('main.ts starts both and answers through the gateway', async (t) => {
    const main = fileURLToPath(new URL('./main.js', import.meta.url));
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, PORT: '0', RPC_PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    t.after(() => child.kill('SIGTERM'));
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('\n')) resolve(out);
      });
      child.once('exit', (code) => reject(new Error(`main exited with ${code}`)));
    });
    const gatewayURL = /gateway at (\S+)/.exec(line)?.[1] as string;
    const up = createClient<[string], string>(gatewayURL, 'uppercase');
    assert.equal(await up(background(), ['main']), 'MAIN');
  });
});
