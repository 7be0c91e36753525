import 'reflect-metadata';

import { randomBytes, webcrypto } from 'node:crypto';

import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const dayMs = 86_400_000;

/** How long a newly generated chain lasts; renewal starts a new one well before the end. */
export const caLifetimeDays = 5 * 365;
export const clientLifetimeDays = 2 * 365;

export interface GeneratedIdentity {
  caCertificatePem: string;
  caPrivateKeyPem: string;
  clientCertificatePem: string;
  clientPrivateKeyPem: string;
  caExpiresAt: Date;
  clientExpiresAt: Date;
}

function serialNumber(): string {
  // Positive and 16 bytes: unique without coordination between instances.
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey);
  const body = Buffer.from(der)
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');

  return `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
}

function newKeys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ]) as Promise<CryptoKeyPair>;
}

/**
 * A partner's own CA and a client certificate it signs, for the hub's side of mutual TLS
 * towards the partner's CTI interfaces. The client certificate never outlives its CA.
 */
export async function generateClientIdentity(options: {
  partnerName: string;
  now?: Date;
}): Promise<GeneratedIdentity> {
  // Certificates hold whole seconds; the stored expiry must be the one in the certificate.
  const now = new Date(Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000);
  // A little in the past, so that an XSP whose clock runs behind accepts it at once.
  const notBefore = new Date(now.getTime() - 5 * 60_000);
  const caExpiresAt = new Date(now.getTime() + caLifetimeDays * dayMs);
  const clientExpiresAt = new Date(now.getTime() + clientLifetimeDays * dayMs);
  const label =
    options.partnerName
      .replace(/[^\w .-]/g, '')
      .slice(0, 40)
      .trim() || 'Partner';
  const issued = now.toISOString().slice(0, 10);

  const caKeys = await newKeys();
  const caName = `CN=${label} hub CTI CA ${issued}, O=Partner Hub`;
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: caName,
    notBefore,
    notAfter: caExpiresAt,
    keys: caKeys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const clientKeys = await newKeys();
  const client = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${label} hub CTI client ${issued}, O=Partner Hub`,
    issuer: ca.subject,
    notBefore,
    notAfter: clientExpiresAt,
    publicKey: clientKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
      await x509.SubjectKeyIdentifierExtension.create(clientKeys.publicKey),
    ],
  });

  return {
    caCertificatePem: `${ca.toString('pem')}\n`,
    caPrivateKeyPem: await privateKeyPem(caKeys.privateKey),
    clientCertificatePem: `${client.toString('pem')}\n`,
    clientPrivateKeyPem: await privateKeyPem(clientKeys.privateKey),
    caExpiresAt,
    clientExpiresAt,
  };
}
