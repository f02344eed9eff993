// TLS and mutual TLS to a nats-server of the test's own: svckit's server and client over it,
// and a client that does not trust the server's CA refused.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { background } from '@svckit/core/context';
import {
  createClient,
  createServer,
  decodeJSONRequest,
  decodeJSONResponse,
  encodeJSONRequest,
  encodeJSONResponse,
} from './index.js';
import { ownBroker } from './testdata/broker.js';
import { makeTestCerts } from '@svckit/testing';

test('nats over mutual TLS: served and called; an untrusted CA and a missing client cert are refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-nats-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const certs = makeTestCerts(dir);
  const { files } = certs;
  const broker = await ownBroker(t, {
    config: `tls {\n  cert_file: "${files.serverCert}"\n  key_file: "${files.serverKey}"\n  ca_file: "${files.ca}"\n  verify: true\n}`,
  });
  if (broker === undefined) return;
  t.after(() => broker.stop());
  const tls = { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey };
  const srv = await connect({ servers: broker.url, tls });
  const cli = await connect({ servers: broker.url, tls });
  t.after(async () => {
    await srv.close();
    await cli.close();
  });
  createServer(
    async (_ctx, r: { s: string }) => ({ v: r.s.toUpperCase() }),
    decodeJSONRequest<{ s: string }>,
    encodeJSONResponse,
  ).subscribe(srv, 'tls.upper');
  await srv.flush();
  const call = createClient(cli, 'tls.upper', encodeJSONRequest, decodeJSONResponse<{ v: string }>);
  assert.deepEqual(await call(background(), { s: 'secret' }), { v: 'SECRET' });
  assert.equal(cli.info?.tls_required, true);

  await assert.rejects(
    connect({
      servers: broker.url,
      tls: { ca: certs.otherCa, cert: certs.clientCert, key: certs.clientKey },
      reconnect: false,
      timeout: 3000,
    }),
  );
  await assert.rejects(
    connect({ servers: broker.url, tls: { ca: certs.ca }, reconnect: false, timeout: 3000 }),
  );
});
