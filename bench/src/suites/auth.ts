/**
 * The `auth` suite. Basic auth's comparison must not leak where a guess differs or how long it
 * is: the time of a wrong password that differs at its first byte, at its last byte, or in its
 * length, is compared with the right one's (each ratio should be 1.00 within noise). Then the
 * JWT parser against jose's own `jwtVerify` on the same token: what svckit's checks and
 * context cost over the raw library.
 */
import { withAuthorization } from '@svckit/core/auth';
import { basic } from '@svckit/core/auth/basic';
import { background } from '@svckit/core/context';
import type { Endpoint } from '@svckit/core/endpoint';
import { SignJWT, generateKeyPair, jwtVerify } from 'jose';
import { parser, staticKeys } from '@svckit/jwt';
import { compare, micro } from '../report.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** run prints `auth: basic-<case>/basic-right = R` lines and `auth: svckit-jwt/jose = R`. */
export async function run(): Promise<void> {
  const secret = 'correct horse battery staple 0123456789';
  const ok: Endpoint<unknown, unknown> = () => Promise.resolve(true);
  const ep = basic({ user: 'admin', password: secret, realm: 'r' })(ok);
  const ctxFor = (password: string) =>
    withAuthorization(background(), `Basic ${b64(`admin:${password}`)}`);
  const right = ctxFor(secret);
  const first = ctxFor(`X${secret.slice(1)}`);
  const last = ctxFor(`${secret.slice(0, -1)}X`);
  const short = ctxFor('x');
  const long = ctxFor(`${secret}${secret.slice(0, 15)}`); // still one SHA-256 block
  const swallow = (p: Promise<unknown>) => p.catch(() => undefined);
  const results = await micro({
    'basic-right': () => ep(right, {}),
    'basic-first-byte': () => swallow(ep(first, {})),
    'basic-last-byte': () => swallow(ep(last, {})),
    'basic-short': () => swallow(ep(short, {})),
    'basic-long': () => swallow(ep(long, {})),
  });
  const base = results['basic-right'];
  if (base === undefined) throw new Error('auth suite: missing results');
  // A wrong guess throws (an error object, a stack): compare the wrong ones with each other
  // for the position and length, and each with the right one for the record.
  const f = results['basic-first-byte'];
  const l = results['basic-last-byte'];
  const s = results['basic-short'];
  const g = results['basic-long'];
  if (!f || !l || !s || !g) throw new Error('auth suite: missing results');
  compare('auth', f, l);
  compare('auth', s, g);
  compare('auth', l, base);

  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const token = await new SignJWT({ sub: 'alice', aud: 'svc' })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(privateKey);
  const guarded = parser({
    keys: staticKeys([{ kid: 'k1', key: publicKey, algorithms: ['ES256'] }]),
    audience: 'svc',
  })(ok);
  const jwtCtx = withAuthorization(background(), `Bearer ${token}`);
  const jwt = await micro({
    'svckit-jwt': () => guarded(jwtCtx, {}),
    jose: () => jwtVerify(token, publicKey, { algorithms: ['ES256'], audience: 'svc' }),
  });
  const sj = jwt['svckit-jwt'];
  const jo = jwt['jose'];
  if (!sj || !jo) throw new Error('auth suite: missing jwt results');
  compare('auth', sj, jo);
}
