/**
 * A throwaway CA, a server certificate for 127.0.0.1/localhost and a client certificate, made
 * with Debian's openssl in a temporary directory for one test run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Certs are PEM texts. */
export interface Certs {
  readonly ca: string;
  readonly serverKey: string;
  readonly serverCert: string;
  readonly clientKey: string;
  readonly clientCert: string;
  /** otherCa is a second CA that signed nothing here: trusting it verifies nobody. */
  readonly otherCa: string;
}

/** makeCerts runs openssl; it throws if openssl is missing. */
export function makeCerts(): Certs {
  const dir = mkdtempSync(join(tmpdir(), 'svckit-grpc-tls-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = (name: string) =>
    ssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`);
  try {
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
    for (const [name, cn] of [
      ['server', 'localhost'],
      ['client', 'svckit-client'],
    ] as const) {
      key(name);
      ssl('req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`);
      ssl(
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
        '-out',
        `${name}.crt`,
      );
    }
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    return {
      ca: read('ca.crt'),
      serverKey: read('server.key'),
      serverCert: read('server.crt'),
      clientKey: read('client.key'),
      clientCert: read('client.crt'),
      otherCa: read('other.crt'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
