import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeTestCerts } from './test-certs.js';

test('makeTestCerts: the CA signed the server and client certificates, the other CA only the rogue', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-testing-certs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const certs = makeTestCerts(dir);
  const ca = new X509Certificate(certs.ca);
  const other = new X509Certificate(certs.otherCa);
  const server = new X509Certificate(certs.serverCert);
  const client = new X509Certificate(certs.clientCert);
  assert.equal(ca.subject, 'CN=svckit test ca');
  assert.equal(other.subject, 'CN=svckit test other');
  for (const leaf of [server, client]) {
    assert.ok(leaf.checkIssued(ca) && leaf.verify(ca.publicKey));
    assert.ok(!leaf.checkIssued(other) || !leaf.verify(other.publicKey));
  }
  assert.equal(server.subject, 'CN=localhost');
  assert.ok(
    server.checkIP('127.0.0.1') !== undefined && server.checkHost('localhost') !== undefined,
  );
  assert.equal(client.subject, 'CN=svckit-client');
  assert.ok(client.keyUsage?.includes('1.3.6.1.5.5.7.3.2'), 'clientAuth');
  assert.ok(server.checkPrivateKey(createPrivateKey(certs.serverKey)));
  assert.ok(client.checkPrivateKey(createPrivateKey(certs.clientKey)));
  const rogue = new X509Certificate(certs.otherClientCert);
  assert.ok(rogue.checkIssued(other) && rogue.verify(other.publicKey));
  assert.ok(!rogue.checkIssued(ca) || !rogue.verify(ca.publicKey));
  assert.ok(rogue.keyUsage?.includes('1.3.6.1.5.5.7.3.2'), 'clientAuth');
  assert.ok(rogue.checkPrivateKey(createPrivateKey(certs.otherClientKey)));
  for (const [name, path] of Object.entries(certs.files)) {
    assert.equal(readFileSync(path, 'utf8'), certs[name as keyof typeof certs.files], name);
    assert.ok(path.startsWith(dir), path);
  }
});

test('makeTestCerts throws when openssl cannot run in the directory', () => {
  assert.throws(() => makeTestCerts(join(tmpdir(), 'svckit-no-such-dir-for-certs')));
});
