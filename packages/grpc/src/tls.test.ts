import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { background } from '@svckit/core/context';
import { codeOf } from '@svckit/core/errors';
import { makeTestCerts } from '@svckit/testing';
import type { TestCerts } from '@svckit/testing';
import { bindService, callOf, createServer } from './index.js';
import { Add } from './gen/pb/addsvc_pb.js';
import type { ConcatRequest } from './gen/pb/addsvc_pb.js';
import { client, endpoints, servers } from './testdata/addsvc.js';
import { start } from './testdata/harness.js';

// TLS and mutual TLS on a real grpc.Server, with a CA this test makes with openssl.

/** peerName answers Concat with the CN of the client certificate the server saw. */
const peerName = createServer(
  async (ctx) => ({
    v: String(callOf(ctx)?.getAuthContext().sslPeerCertificate?.subject?.CN ?? 'anonymous'),
    err: '',
  }),
  (_ctx, m: ConcatRequest) => m,
  (_ctx, r) => r,
);
const setup = (server: Parameters<typeof bindService>[0]) =>
  bindService(server, Add, { ...servers(endpoints), concat: peerName });

describe('TLS and mutual TLS', () => {
  let certs: TestCerts;
  // openssl is part of every Debian install; without it, these tests fail (not skip).
  before(() => {
    const dir = mkdtempSync(join(tmpdir(), 'svckit-grpc-tls-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    certs = makeTestCerts(dir);
  });

  it('TLS: a client trusting the CA calls; one trusting another CA, or plaintext, cannot', async (t) => {
    const tls = { key: certs.serverKey, cert: certs.serverCert };
    const ok = await start(setup, { tls, clientTls: { ca: certs.ca } });
    t.after(() => ok.stop());
    assert.equal(await client(ok.conn).sum(background(), 1n, 2n), 3n);
    assert.equal(await client(ok.conn).concat(background(), 'a', 'b'), 'anonymous');
    const byName = await start(setup, {
      tls,
      clientTls: { ca: certs.ca, serverName: 'localhost' },
    });
    t.after(() => byName.stop());
    assert.equal(await client(byName.conn).sum(background(), 2n, 2n), 4n);
    for (const clientTls of [{ ca: certs.otherCa }, undefined]) {
      const bad = await start(setup, clientTls === undefined ? { tls } : { tls, clientTls });
      t.after(() => bad.stop());
      await assert.rejects(
        client(bad.conn).sum(background(), 1n, 2n),
        (err: unknown) => codeOf(err) === 'unavailable',
      );
    }
  });

  it('mutual TLS: the server sees the client certificate; a client without one is refused', async (t) => {
    const tls = { key: certs.serverKey, cert: certs.serverCert, clientCA: certs.ca };
    const ok = await start(setup, {
      tls,
      clientTls: { ca: certs.ca, key: certs.clientKey, cert: certs.clientCert },
    });
    t.after(() => ok.stop());
    assert.equal(await client(ok.conn).concat(background(), 'a', 'b'), 'svckit-client');
    const anonymous = await start(setup, { tls, clientTls: { ca: certs.ca } });
    t.after(() => anonymous.stop());
    await assert.rejects(
      client(anonymous.conn).sum(background(), 1n, 2n),
      (err: unknown) => codeOf(err) === 'unavailable',
    );
  });
});
