import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const algorithm = 'aes-256-gcm';
const format = 'v1';

function keyFromEnvironment(): Buffer {
  const encoded = process.env.ENCRYPTION_KEY;
  const key = encoded ? Buffer.from(encoded, 'base64') : undefined;
  if (!key || key.length !== 32) {
    throw new Error('ENCRYPTION_KEY must be 32 bytes, base64-encoded.');
  }
  return key;
}

/** Encrypts a secret for storage: AES-256-GCM with a fresh IV, authenticated. */
export function seal(plain: string, key = keyFromEnvironment()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(algorithm, key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();

  return [format, iv, tag, ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join(':');
}

export function open(sealed: string, key = keyFromEnvironment()): string {
  const [version, iv, tag, ciphertext] = sealed.split(':');
  if (version !== format || !iv || !tag || ciphertext === undefined) {
    throw new Error('Not a sealed secret of a known format.');
  }

  const decipher = createDecipheriv(algorithm, key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(ciphertext, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}
