import { X509Certificate } from 'node:crypto';

import { auditActor, recordAudit } from '@/lib/audit/record-audit';
import type { CurrentUser } from '@/lib/auth/current-user';
import { open, seal } from '@/lib/crypto/secret-box';
import type { ClientIdentity } from '@/lib/generated/prisma/client';
import { AppError, notFound } from '@/lib/http/errors';
import type { PartnerDb } from '@/lib/tenancy/partner-db';

import { renewalWindowDays } from './warnings';
import { generateClientIdentity } from './x509';

/** What the page and the API show of a chain: public parts only, never a key. */
export interface ClientIdentityView {
  id: string;
  caSubject: string;
  caFingerprintSha256: string;
  clientSubject: string;
  caExpiresAt: string;
  clientExpiresAt: string;
  createdAt: string;
  /** The newest chain is current; an older one still valid during a change-over is previous. */
  role: 'current' | 'previous';
  /** The current chain's client certificate or CA ends within the renewal window. */
  renewalDue: boolean;
}

/** A key pair for the hub's side of mutual TLS; server-side only, never answered. */
export interface ClientCredential {
  identityId: string;
  createdAt: Date;
  cert: string;
  key: string;
}

/** Two chains side by side is a change-over; a third would leave XSPs guessing. */
const maxActiveChains = 2;

const activeWhere = { retiredAt: null };
const newestFirst = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

function oneLine(distinguishedName: string): string {
  return distinguishedName.split('\n').join(', ');
}

function toView(identity: ClientIdentity, index: number): ClientIdentityView {
  const ca = new X509Certificate(identity.caCertificatePem);
  const renewBy = Date.now() + renewalWindowDays * 86_400_000;
  const firstExpiry = Math.min(identity.caExpiresAt.getTime(), identity.clientExpiresAt.getTime());

  return {
    id: identity.id,
    caSubject: oneLine(ca.subject),
    caFingerprintSha256: ca.fingerprint256,
    clientSubject: oneLine(new X509Certificate(identity.clientCertificatePem).subject),
    caExpiresAt: identity.caExpiresAt.toISOString(),
    clientExpiresAt: identity.clientExpiresAt.toISOString(),
    createdAt: identity.createdAt.toISOString(),
    role: index === 0 ? 'current' : 'previous',
    renewalDue: index === 0 && firstExpiry < renewBy,
  };
}

type PartnerTx = Parameters<Parameters<PartnerDb['$transaction']>[0]>[0];

/**
 * Takes the partner's row lock for the rest of the transaction: generating, renewing and
 * retiring chains queue behind one another, on one instance or many.
 */
async function lockPartner(tx: PartnerTx, partnerId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "partner" WHERE id = ${partnerId}::uuid FOR UPDATE`;
}

async function createIdentity(tx: PartnerTx, partnerId: string): Promise<ClientIdentity> {
  const partner = await tx.partner.findUniqueOrThrow({ where: { id: partnerId } });
  const generated = await generateClientIdentity({ partnerName: partner.name });

  return tx.clientIdentity.create({
    data: {
      partnerId,
      caCertificatePem: generated.caCertificatePem,
      caPrivateKeySealed: seal(generated.caPrivateKeyPem),
      clientCertificatePem: generated.clientCertificatePem,
      clientPrivateKeySealed: seal(generated.clientPrivateKeyPem),
      caExpiresAt: generated.caExpiresAt,
      clientExpiresAt: generated.clientExpiresAt,
    },
  });
}

async function activeIdentities(db: PartnerDb | PartnerTx): Promise<ClientIdentity[]> {
  return db.clientIdentity.findMany({ where: activeWhere, orderBy: newestFirst });
}

/**
 * The partner's chains in use, newest first; the first need creates one. Concurrent first
 * needs wait on the partner's row lock, and all but the first then find the chain it made.
 */
export async function ensureClientIdentities(
  db: PartnerDb,
  partnerId: string,
): Promise<ClientIdentity[]> {
  const existing = await activeIdentities(db);
  if (existing.length > 0) return existing;

  return db.$transaction(async (tx) => {
    await lockPartner(tx, partnerId);

    const created = await activeIdentities(tx);
    if (created.length > 0) return created;

    return [await createIdentity(tx, partnerId)];
  });
}

export async function listClientIdentities(
  db: PartnerDb,
  partnerId: string,
): Promise<ClientIdentityView[]> {
  return (await ensureClientIdentities(db, partnerId)).map(toView);
}

/** The key pairs to present to a CTI interface, newest first. */
export async function clientCredentials(
  db: PartnerDb,
  partnerId: string,
): Promise<ClientCredential[]> {
  return (await ensureClientIdentities(db, partnerId)).map((identity) => ({
    identityId: identity.id,
    createdAt: identity.createdAt,
    cert: identity.clientCertificatePem,
    key: open(identity.clientPrivateKeySealed),
  }));
}

/** Starts a change-over: a new chain becomes current while the old one stays valid. */
export async function renewClientIdentity(
  db: PartnerDb,
  options: { actor: CurrentUser },
): Promise<ClientIdentityView[]> {
  const { actor } = options;

  return db.$transaction(async (tx) => {
    await lockPartner(tx, actor.partnerId);

    const active = await activeIdentities(tx);
    if (active.length >= maxActiveChains) {
      throw new AppError('conflict', 'A change-over is already in progress.', [
        'Retire the previous chain before generating another one.',
      ]);
    }

    const created = await createIdentity(tx, actor.partnerId);
    await recordAudit(tx, {
      ...auditActor(actor),
      action: 'client_identity.renewed',
      targetType: 'client_identity',
      targetId: created.id,
      outcome: 'success',
      details: {
        caExpiresAt: created.caExpiresAt.toISOString(),
        previous: active.map((identity) => identity.id),
      },
    });

    return [created, ...active].map(toView);
  });
}

/** Ends a change-over: the previous chain is no longer offered nor presented. */
export async function retireClientIdentity(
  db: PartnerDb,
  options: { actor: CurrentUser; identityId: string },
): Promise<ClientIdentityView[]> {
  const { actor, identityId } = options;

  return db.$transaction(async (tx) => {
    await lockPartner(tx, actor.partnerId);

    const active = await activeIdentities(tx);
    const index = active.findIndex((identity) => identity.id === identityId);
    if (index === -1) throw notFound('certificate chain');
    if (index === 0) {
      throw new AppError('conflict', 'The current chain cannot be retired.', [
        'Only a previous chain can be retired; generate a new chain first.',
      ]);
    }

    await tx.clientIdentity.update({
      where: { id: identityId },
      data: { retiredAt: new Date() },
    });
    await recordAudit(tx, {
      ...auditActor(actor),
      action: 'client_identity.retired',
      targetType: 'client_identity',
      targetId: identityId,
      outcome: 'success',
      details: { caExpiresAt: active[index]!.caExpiresAt.toISOString() },
    });

    return active.filter((identity) => identity.id !== identityId).map(toView);
  });
}

/** The CA certificate of one chain, or of every chain in use (the bundle), as PEM. */
export async function caChainPem(
  db: PartnerDb,
  options: { partnerId: string; identityId?: string },
): Promise<string> {
  const active = await ensureClientIdentities(db, options.partnerId);
  const chosen = options.identityId
    ? active.filter((identity) => identity.id === options.identityId)
    : active;
  if (chosen.length === 0) throw notFound('certificate chain');

  return chosen.map((identity) => identity.caCertificatePem.trim()).join('\n') + '\n';
}
