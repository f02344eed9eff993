import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';

/** ScryptOptions are the cost parameters of {@link hashPassword}. */
export interface ScryptOptions {
  /** ln is log2 of the CPU/memory cost N. Default 15 (N = 32768, 32 MiB with r = 8). */
  readonly ln?: number;
  /** r is the block size. Default 8. */
  readonly r?: number;
  /** p is the parallelism. Default 1. */
  readonly p?: number;
}

const keyLength = 32;

function derive(password: string, salt: Buffer, ln: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** ln;
  return new Promise((resolve, reject) => {
    scryptCb(password, salt, keyLength, { N, r, p, maxmem: 256 * N * r }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

/**
 * hashPassword hashes a password with scrypt (`node:crypto`) and a random 16-byte salt into
 * the PHC string format, `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (salt and 32-byte hash in
 * unpadded standard base64, as passlib and the PHC reference write them). Store that string;
 * {@link verifyPassword} reads it back.
 */
export async function hashPassword(password: string, options: ScryptOptions = {}): Promise<string> {
  const ln = options.ln ?? 15;
  const r = options.r ?? 8;
  const p = options.p ?? 1;
  const salt = randomBytes(16);
  const hash = await derive(password, salt, ln, r, p);
  return `$scrypt$ln=${ln},r=${r},p=${p}$${b64(salt)}$${b64(hash)}`;
}

/** ParsedHash is a PHC scrypt string taken apart. */
interface ParsedHash {
  readonly ln: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

const phc = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function parse(stored: string): ParsedHash {
  const m = phc.exec(stored);
  if (m === null) throw new TypeError('not a $scrypt$ PHC string');
  const ln = Number(m[1]);
  const r = Number(m[2]);
  const p = Number(m[3]);
  if (ln < 1 || ln > 20 || r < 1 || p < 1) throw new TypeError('scrypt parameters out of range');
  return { ln, r, p, salt: Buffer.from(m[4]!, 'base64'), hash: Buffer.from(m[5]!, 'base64') };
}

/**
 * verifyPassword says whether `password` matches a {@link hashPassword} string, comparing the
 * hashes in constant time. A malformed stored string is a `TypeError` (a configuration
 * error, not a wrong password).
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parse(stored);
  const got = await derive(password, h.salt, h.ln, h.r, h.p);
  return got.length === h.hash.length && timingSafeEqual(got, h.hash);
}

/**
 * scryptVerifier returns a `basicVerify` verifier over a table of users and their
 * {@link hashPassword} strings. Every stored string is checked when the verifier is made. An
 * unknown user costs one scrypt like a known one (against a decoy hash), so response times do
 * not tell which users exist.
 */
export async function scryptVerifier(
  users: Readonly<Record<string, string>>,
): Promise<(user: string, password: string) => Promise<boolean>> {
  const table = new Map<string, string>();
  let first: ParsedHash | undefined;
  for (const [user, stored] of Object.entries(users)) {
    const parsed = parse(stored);
    first ??= parsed;
    table.set(user, stored);
  }
  const decoyParams = first ?? { ln: 15, r: 8, p: 1 };
  const decoy = await hashPassword(randomBytes(16).toString('hex'), decoyParams);
  return async (user, password) => {
    const stored = table.get(user);
    const ok = await verifyPassword(password, stored ?? decoy);
    return stored !== undefined && ok;
  };
}

function b64(b: Buffer): string {
  return b.toString('base64').replace(/=+$/, '');
}
