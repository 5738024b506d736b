import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { hash as argon2Hash, verify as argon2Verify, type Algorithm } from '@node-rs/argon2';

// Passwords are hashed with argon2id at OWASP's recommended minimum (m = 19 MiB, t = 2, p = 1), stored as a
// PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`). Measured here (2 shared cores): about 11 ms a hash
// and 49 a second on both cores, against 530 ms and 2 a second for scrypt at N = 2^17 — the same protection
// by OWASP's table at a cost a login rush can afford. Hashes made before (`scrypt$N$r$p$salt$hash`) still
// verify, and `needsRehash` tells the login to replace them.

// Algorithm.Argon2id (a const enum, which isolated modules cannot read).
const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;

/** Hashes a password with argon2id (PHC string). */
export async function hashPassword(password: string): Promise<string> {
  return argon2Hash(password, ARGON2);
}

// Checked when the account does not exist, so an unknown username costs the same time as a known one.
let dummy: Promise<string> | undefined;

async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6) return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const N = Number(n), R = Number(r), P = Number(p);
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N, r: R, p: P, maxmem: 256 * N * R + 1024 * 1024 });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Verifies a password against an argon2id or a legacy scrypt hash. A missing hash still costs one argon2id
 * verification (no user enumeration by timing) and answers false.
 */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  if (stored == null) {
    dummy ??= hashPassword(randomBytes(16).toString('hex'));
    await argon2Verify(await dummy, password).catch(() => false);
    return false;
  }
  if (stored.startsWith('$argon2')) return argon2Verify(stored, password).catch(() => false);
  if (stored.startsWith('scrypt$')) return verifyScrypt(password, stored);
  return false;
}

/** True when a stored hash is not argon2id at today's parameters: replace it at the next successful login. */
export function needsRehash(stored: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  return !m || Number(m[1]) < ARGON2.memoryCost || Number(m[2]) < ARGON2.timeCost || Number(m[3]) !== ARGON2.parallelism;
}
