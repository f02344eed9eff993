/**
 * A throwaway CA, a server certificate for 127.0.0.1/localhost and a client certificate, made
 * with Debian's openssl in a directory of the test's own (brokers read the files from there).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Certs are the PEM texts and the files they are in. */
export interface Certs {
  readonly ca: string;
  readonly clientKey: string;
  readonly clientCert: string;
  /** otherCa signed nothing here: trusting it verifies nobody. */
  readonly otherCa: string;
  /** The files: `<dir>/ca.crt`, `server.crt`, `server.key`, `client.crt`, `client.key`. */
  readonly files: {
    readonly ca: string;
    readonly serverCert: string;
    readonly serverKey: string;
  };
}

/** makeCerts runs openssl in dir; it throws if openssl is missing. */
export function makeCerts(dir: string): Certs {
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
    clientKey: read('client.key'),
    clientCert: read('client.crt'),
    otherCa: read('other.crt'),
    files: {
      ca: join(dir, 'ca.crt'),
      serverCert: join(dir, 'server.crt'),
      serverKey: join(dir, 'server.key'),
    },
  };
}
