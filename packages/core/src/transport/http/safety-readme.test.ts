// The safety example of packages/core/README.md, compiled and run (imports relative, a free
// port, certificates made here with openssl instead of files in the working directory).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  createBodyBudget,
  createErrorEncoder,
  createServer,
  decodeJSONRequest,
  encodeJSONResponse,
  listen,
} from './index.js';
import { track } from './serve.test.helper.js';
import { makeTestCerts } from '@svckit/testing';

test('README safety example', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-readme-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const certs = makeTestCerts(dir);
  const files: Record<string, string> = {
    'server.key': certs.serverKey,
    'server.crt': certs.serverCert,
    'clients-ca.crt': certs.ca,
  };
  const readFileSync = (name: string): string => files[name] as string;
  const logged: string[] = [];
  const console = { error: (...what: unknown[]) => logged.push(what.map(String).join(' ')) };
  // --- README ---
  const echo = async (_ctx: unknown, req: unknown) => req;
  const budget = createBodyBudget(64 * 1024 * 1024); // shared by every server given it
  const errorEncoder = createErrorEncoder({
    hide: true, // plain errors: "internal error (request id …)" and X-Request-Id
    onHidden: (_ctx, err, id) => console.error(`request ${id}:`, err),
  });
  const server = createServer(echo, decodeJSONRequest(), encodeJSONResponse, {
    bodyBudget: budget,
    errorEncoder,
  });
  const https = await listen(server.node, {
    port: 0,
    tls: {
      key: readFileSync('server.key'),
      cert: readFileSync('server.crt'),
      ca: readFileSync('clients-ca.crt'), // mutual TLS: only clients with a certificate from this CA
      requestCert: true,
      rejectUnauthorized: true,
    },
  });
  // --- end ---
  track(https);
  const port = (https.address() as AddressInfo).port;
  const reply = await new Promise<string>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        agent: false,
        ca: certs.ca,
        key: certs.clientKey,
        cert: certs.clientCert,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve(body));
      },
    );
    req.on('error', reject);
    req.end('{"hello":"tls"}');
  });
  assert.equal(reply, '{"hello":"tls"}\n');
  assert.equal(budget.inUse, 0);
  assert.deepEqual(logged, []);
});
