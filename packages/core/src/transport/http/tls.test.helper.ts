/**
 * Test helper: a CA made for the test with openssl, a server certificate for 127.0.0.1 signed
 * by it, a client certificate signed by it, and a rogue CA with its own client certificate.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** makeCerts makes a CA, a server certificate for 127.0.0.1 and client certificates. */
export function makeCerts(dir: string): Record<string, string> {
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  };
  const ca = (name: string): void =>
    ssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
    );
  const leaf = (name: string, signer: string, ext: string): void => {
    ssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/CN=${name}`,
    );
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
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-extfile',
      ext,
    );
  };
  const write = (name: string, text: string): void => writeFileSync(join(dir, name), text);
  ca('test-ca');
  ca('rogue-ca');
  write('server.ext', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  write('client.ext', 'extendedKeyUsage=clientAuth\n');
  write('rogue.ext', 'extendedKeyUsage=clientAuth\n');
  leaf('server', 'test-ca', 'server.ext');
  leaf('client', 'test-ca', 'client.ext');
  leaf('rogue', 'rogue-ca', 'rogue.ext');
  const out: Record<string, string> = {};
  for (const f of [
    'test-ca.crt',
    'server.key',
    'server.crt',
    'client.key',
    'client.crt',
    'rogue.key',
    'rogue.crt',
  ])
    out[f] = readFileSync(join(dir, f), 'utf8');
  return out;
}
