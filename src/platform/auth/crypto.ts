import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

let memoryCost = 19456;
/** Tests lower the cost so a suite of logins stays quick; production uses OWASP's minimum. */
export function setArgon2Memory(kib: number): void {
  memoryCost = Math.max(1024, kib);
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 /* Argon2id */, memoryCost, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(hashed: string | null, password: string): Promise<boolean> {
  if (!hashed) return false;
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** At least 10 characters; the rest is the user's business (NIST 800-63B). */
export function passwordProblem(password: string): 'tooShort' | 'tooLong' | null {
  if (password.length < 10) return 'tooShort';
  if (password.length > 200) return 'tooLong';
  return null;
}
