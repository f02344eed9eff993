// TLS and mutual TLS to a RabbitMQ of the test's own: svckit's server and client over amqps://,
// and a client that does not trust the broker's CA, or brings no certificate, refused.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { background } from '@svckit/core/context';
import {
  createClient,
  createConnection,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
} from './index.js';
import { ownBroker } from './testdata/broker.js';
import { makeTestCerts } from '@svckit/testing';

test('amqp over mutual TLS: served and called; an untrusted CA and a missing client cert are refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-amqp-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const certs = makeTestCerts(dir);
  const broker = await ownBroker(t, { tls: certs.files });
  if (broker === undefined) return;
  t.after(() => broker.stop());
  const url = broker.tlsUrl as string;
  const socket = {
    ca: [certs.ca],
    cert: certs.clientCert,
    key: certs.clientKey,
    servername: 'localhost',
  };
  const conn = await createConnection(url, { socket });
  t.after(() => conn.close());
  const server = createServer(
    async (_ctx, r: { s: string }) => ({ v: r.s.toUpperCase() }),
    decodeJSONRequest<{ s: string }>,
    encodeJSONResponse,
  );
  await server.consume(conn, 'tls.upper', { declare: { autoDelete: true } });
  const call = createClient(
    conn,
    'tls.upper',
    encodeJSONRequest,
    decodeJSONResponse<{ v: string }>,
  );
  assert.deepEqual(await call(background(), { s: 'secret' }), { v: 'SECRET' });

  await assert.rejects(
    createConnection(url, { socket: { ...socket, ca: [certs.otherCa] } }),
    /certificate|self.signed|verify/i,
  );
  await assert.rejects(
    createConnection(url, { socket: { ca: [certs.ca], servername: 'localhost' } }),
  );
});
