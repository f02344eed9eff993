/**
 * Test certificates: a throwaway CA, a server certificate for 127.0.0.1/localhost and a client
 * certificate it signed, and a second CA with a client of its own nobody trusts, made with
 * openssl for TLS tests.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The PEM texts {@link makeTestCerts} made, and the files they are in. */
export interface TestCerts {
  /** The CA (CN=svckit test ca) that signed the server and client certificates. */
  readonly ca: string;
  /** The server certificate: CN=localhost, for IP 127.0.0.1 and DNS localhost. */
  readonly serverCert: string;
  /** The server's private key (EC P-256, PKCS#8). */
  readonly serverKey: string;
  /** The client certificate: CN=svckit-client, for client authentication. */
  readonly clientCert: string;
  /** The client's private key (EC P-256, PKCS#8). */
  readonly clientKey: string;
  /**
   * A second CA (CN=svckit test other) that signed only {@link TestCerts.otherClientCert}:
   * trusting it verifies neither the server nor the client above.
   */
  readonly otherCa: string;
  /** A client certificate (CN=svckit-rogue) the other CA signed: a client nobody trusts. */
  readonly otherClientCert: string;
  /** The rogue client's private key (EC P-256, PKCS#8). */
  readonly otherClientKey: string;
  /**
   * Where the same texts are, for servers that read files (brokers, in-cluster configs):
   * `<dir>/ca.crt`, `server.crt`, `server.key`, `client.crt`, `client.key`, `other.crt`,
   * `rogue.crt`, `rogue.key`.
   */
  readonly files: TestCertFiles;
}

/** TestCertFiles are the paths (`join(dir, name)`) of the files {@link makeTestCerts} leaves. */
export type TestCertFiles = { readonly [K in Exclude<keyof TestCerts, 'files'>]: string };

/**
 * makeTestCerts runs openssl in `dir` (which must exist; the caller removes it) and returns the
 * certificates, valid for two days. It throws when openssl is missing or fails: openssl is part
 * of every Debian install, so a test that needs TLS fails rather than skips.
 *
 * ```ts
 * const dir = mkdtempSync(join(tmpdir(), 'svckit-tls-'));
 * t.after(() => rmSync(dir, { recursive: true, force: true }));
 * const certs = makeTestCerts(dir);
 * https.createServer({ key: certs.serverKey, cert: certs.serverCert, ca: certs.ca });
 * ```
 */
export function makeTestCerts(dir: string): TestCerts {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = (name: string) =>
    ssl(
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-out',
      `${name}.key`,
    );
  for (const ca of ['ca', 'other']) {
    key(ca);
    ssl(
      'req',
      '-x509',
      '-new',
      '-key',
      `${ca}.key`,
      '-days',
      '2',
      '-subj',
      `/CN=svckit test ${ca}`,
      '-out',
      `${ca}.crt`,
    );
  }
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  writeFileSync(join(dir, 'rogue.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, cn, signer] of [
    ['server', 'localhost', 'ca'],
    ['client', 'svckit-client', 'ca'],
    ['rogue', 'svckit-rogue', 'other'],
  ] as const) {
    key(name);
    ssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`);
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${signer}.crt`,
      '-CAkey',
      `${signer}.key`,
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`,
    );
  }
  const files: TestCertFiles = {
    ca: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.crt'),
    clientKey: join(dir, 'client.key'),
    otherCa: join(dir, 'other.crt'),
    otherClientCert: join(dir, 'rogue.crt'),
    otherClientKey: join(dir, 'rogue.key'),
  };
  const read = (f: string) => readFileSync(f, 'utf8');
  return {
    ca: read(files.ca),
    serverCert: read(files.serverCert),
    serverKey: read(files.serverKey),
    clientCert: read(files.clientCert),
    clientKey: read(files.clientKey),
    otherCa: read(files.otherCa),
    otherClientCert: read(files.otherClientCert),
    otherClientKey: read(files.otherClientKey),
    files,
  };
}
