import { hash, verify } from '@node-rs/argon2';

export { passwordMaxLength, passwordMinLength } from './password-rules';

// Argon2id (algorithm 2) with the OWASP baseline of 19 MiB, two passes, one lane.
const argon2idOptions = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2idOptions);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the account is unknown keeps the answer as slow as for a
// real account, so timing does not tell which email addresses exist.
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('decoy password that no account has');
  return decoyHash;
}
