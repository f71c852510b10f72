/**
 * Passwords and PINs are stored as argon2id hashes; session and link tokens are random and only
 * their SHA-256 is stored, so a database dump grants no login.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export function hashSecret(secret: string): Promise<string> {
  return hash(secret);
}

/** A hash of nothing anyone knows: verifying against it costs the same as a real check. */
let decoy: Promise<string> | undefined;

export async function verifySecret(stored: string | null, secret: string): Promise<boolean> {
  if (stored === null) {
    decoy ??= hash(randomBytes(16).toString('hex'));
    await verify(await decoy, secret);
    return false;
  }
  try {
    return await verify(stored, secret);
  } catch {
    return false;
  }
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
