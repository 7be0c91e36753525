import { X509Certificate, createPrivateKey } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CurrentUser } from '@/lib/auth/current-user';
import {
  caChainPem,
  clientCredentials,
  ensureClientIdentities,
  listClientIdentities,
  renewClientIdentity,
  retireClientIdentity,
} from '@/lib/certificates/client-identity';
import { checkClusterConnectivity } from '@/lib/clusters/connectivity';
import { open } from '@/lib/crypto/secret-box';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { OutboundOptions } from '@/lib/net/outbound';
import { partnerDb } from '@/lib/tenancy/partner-db';

import { useTestSecrets } from '../support/api-session';
import { installTestDatabase, type TestDatabase } from '../support/database';
import { seedPartner, seedUser, uniqueSuffix } from '../support/seed';
import {
  createTestAuthority,
  issueTestCertificate,
  startMutualTlsServer,
  type KeyPair,
  type TestAuthority,
  type TestServer,
} from '../support/tls-servers';

describe('the partner’s CTI client identity', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let restoreSecrets: () => void;
  let serverAuthority: TestAuthority;
  let serverPair: KeyPair;
  const servers: TestServer[] = [];

  beforeAll(async () => {
    restoreSecrets = useTestSecrets();
    database = await installTestDatabase();
    prisma = database.prisma;
    serverAuthority = await createTestAuthority('cti-server-ca');
    serverPair = await issueTestCertificate({ issuer: serverAuthority });
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await database?.close();
    restoreSecrets?.();
  });

  async function newPartner() {
    const partner = await seedPartner(prisma);
    const user = await seedUser(prisma, { partnerId: partner.id });
    const actor: CurrentUser = { ...user, partnerName: partner.name };
    return { partner, actor, db: partnerDb(partner.id, prisma) };
  }

  const outbound = (): OutboundOptions => ({
    allowLoopback: true,
    ca: serverAuthority.cert,
    timeoutMs: 2000,
    maxBytes: 65536,
  });

  it('is generated once, even when many requests need it at the same time', async () => {
    const { partner, db } = await newPartner();

    const answers = await Promise.all(
      Array.from({ length: 12 }, () => ensureClientIdentities(db, partner.id)),
    );

    expect(await prisma.clientIdentity.count({ where: { partnerId: partner.id } })).toBe(1);
    const ids = new Set(answers.map((identities) => identities.map((i) => i.id).join()));
    expect(ids.size).toBe(1);
  });

  it('holds a CA and a client certificate it signed, with the keys sealed', async () => {
    const { partner, db } = await newPartner();
    await ensureClientIdentities(db, partner.id);

    const row = await prisma.clientIdentity.findFirstOrThrow({ where: { partnerId: partner.id } });
    const ca = new X509Certificate(row.caCertificatePem);
    const client = new X509Certificate(row.clientCertificatePem);
    expect(ca.ca).toBe(true);
    expect(client.ca).toBe(false);
    expect(client.checkIssued(ca)).toBe(true);
    expect(client.verify(ca.publicKey)).toBe(true);
    expect(client.keyUsage).toContain('1.3.6.1.5.5.7.3.2');
    expect(new Date(ca.validTo).getTime()).toBe(row.caExpiresAt.getTime());
    expect(new Date(client.validTo).getTime()).toBeLessThanOrEqual(row.caExpiresAt.getTime());

    for (const sealed of [row.caPrivateKeySealed, row.clientPrivateKeySealed]) {
      expect(sealed).not.toContain('PRIVATE KEY');
      expect(createPrivateKey(open(sealed)).asymmetricKeyType).toBe('ec');
    }
    const clientKey = createPrivateKey(open(row.clientPrivateKeySealed));
    expect(client.checkPrivateKey(clientKey)).toBe(true);
  });

  it('renews side by side, offers both, and retires the previous chain', async () => {
    const { partner, actor, db } = await newPartner();
    const [first] = await listClientIdentities(db, partner.id);

    const renewed = await renewClientIdentity(db, { actor });

    expect(renewed.map((identity) => identity.role)).toEqual(['current', 'previous']);
    expect(renewed[1]!.id).toBe(first!.id);
    const bundle = await caChainPem(db, { partnerId: partner.id });
    expect(bundle.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(await caChainPem(db, { partnerId: partner.id, identityId: first!.id })).toContain(
      (
        await prisma.clientIdentity.findUniqueOrThrow({ where: { id: first!.id } })
      ).caCertificatePem.trim(),
    );

    // A third chain during a change-over, or retiring the current chain, is refused.
    await expect(renewClientIdentity(db, { actor })).rejects.toMatchObject({ status: 409 });
    await expect(
      retireClientIdentity(db, { actor, identityId: renewed[0]!.id }),
    ).rejects.toMatchObject({ status: 409 });

    const left = await retireClientIdentity(db, { actor, identityId: first!.id });

    expect(left.map((identity) => identity.id)).toEqual([renewed[0]!.id]);
    const retired = await prisma.clientIdentity.findUniqueOrThrow({ where: { id: first!.id } });
    expect(retired.retiredAt).toBeInstanceOf(Date);
    await expect(
      caChainPem(db, { partnerId: partner.id, identityId: first!.id }),
    ).rejects.toMatchObject({ status: 404 });
    const audit = await prisma.auditEntry.findMany({
      where: { partnerId: partner.id, action: { startsWith: 'client_identity.' } },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((entry) => [entry.action, entry.targetId, entry.actorUserId])).toEqual([
      ['client_identity.renewed', renewed[0]!.id, actor.id],
      ['client_identity.retired', first!.id, actor.id],
    ]);
  });

  it('asks for renewal when the current chain ends within the renewal window', async () => {
    const { partner, db } = await newPartner();
    const [fresh] = await listClientIdentities(db, partner.id);
    expect(fresh!.renewalDue).toBe(false);

    await prisma.clientIdentity.update({
      where: { id: fresh!.id },
      data: { clientExpiresAt: new Date(Date.now() + 89 * 86_400_000) },
    });

    const [ending] = await listClientIdentities(db, partner.id);
    expect(ending!.renewalDue).toBe(true);
  });

  it('starts one change-over when admins renew at the same time', async () => {
    const { partner, actor, db } = await newPartner();
    await ensureClientIdentities(db, partner.id);

    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => renewClientIdentity(db, { actor })),
    );

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes.filter((item) => item.status === 'rejected')) {
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    }
    expect(await prisma.clientIdentity.count({ where: { partnerId: partner.id } })).toBe(2);
    expect(
      await prisma.auditEntry.count({
        where: { partnerId: partner.id, action: 'client_identity.renewed' },
      }),
    ).toBe(1);
  });

  it('never lets one partner reach another partner’s chain', async () => {
    const a = await newPartner();
    const b = await newPartner();
    const [chainOfA] = await listClientIdentities(a.db, a.partner.id);
    await renewClientIdentity(a.db, { actor: a.actor });

    await expect(
      caChainPem(b.db, { partnerId: b.partner.id, identityId: chainOfA!.id }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      retireClientIdentity(b.db, { actor: b.actor, identityId: chainOfA!.id }),
    ).rejects.toMatchObject({ status: 404 });
    const row = await prisma.clientIdentity.findUniqueOrThrow({ where: { id: chainOfA!.id } });
    expect(row.retiredAt).toBeNull();
  });

  describe('the CTI connectivity check', () => {
    async function clusterWithCti(partnerId: string, cti: TestServer) {
      return prisma.cluster.create({
        data: {
          partnerId,
          name: `Cluster ${uniqueSuffix()}`,
          release: 'R25',
          // Nothing listens on port 9; only the CTI result matters here.
          xsiActionsUrl: 'https://127.0.0.1:9/xsi-actions',
          xsiEventsUrl: 'https://127.0.0.1:9/xsi-events',
          authServiceUrl: 'https://127.0.0.1:9/authservice',
          ctiUrl: 'https://127.0.0.1',
          ctiPort: cti.port,
        },
      });
    }

    async function ctiResult(
      context: Awaited<ReturnType<typeof newPartner>>,
      cti: TestServer,
    ): Promise<{ status: string; reason: string }> {
      const cluster = await clusterWithCti(context.partner.id, cti);
      const view = await checkClusterConnectivity(context.db, {
        actor: context.actor,
        clusterId: cluster.id,
        outbound: outbound(),
      });
      return (view.connectivityResults as Record<string, { status: string; reason: string }>).cti!;
    }

    it('presents the client certificate, which a CTI server trusting the partner’s CA accepts', async () => {
      const context = await newPartner();
      // The first CTI check is a first need too.
      const cluster = await clusterWithCti(context.partner.id, await newServerFor(''));
      await checkClusterConnectivity(context.db, {
        actor: context.actor,
        clusterId: cluster.id,
        outbound: outbound(),
      });
      const partnerCa = await caChainPem(context.db, { partnerId: context.partner.id });
      const cti = await newServerFor(partnerCa);

      expect(await ctiResult(context, cti)).toMatchObject({
        status: 'success',
        reason: 'TLS handshake completed.',
      });
    });

    it('fails with a clear reason when the CTI server trusts another CA', async () => {
      const context = await newPartner();
      const otherCa = await createTestAuthority('someone-else');
      const cti = await newServerFor(otherCa.cert);

      const result = await ctiResult(context, cti);

      expect(result.status).toBe('error');
      expect(result.reason).toMatch(
        /refused the client certificate|requires a client certificate|without accepting the client/,
      );
      expect(result.reason).toContain("Install the hub's CA chain");
    });

    it('tells when only the previous chain is accepted during a change-over', async () => {
      const context = await newPartner();
      const previousCa = await caChainPem(context.db, { partnerId: context.partner.id });
      await renewClientIdentity(context.db, { actor: context.actor });
      const cti = await newServerFor(previousCa);

      const result = await ctiResult(context, cti);

      expect(result.status).toBe('success');
      expect(result.reason).toContain('only with the client certificate of the previous chain');
      const credentials = await clientCredentials(context.db, context.partner.id);
      expect(credentials).toHaveLength(2);
    });

    async function newServerFor(clientCa: string): Promise<TestServer> {
      const server = await startMutualTlsServer(
        serverPair,
        clientCa || (await createTestAuthority('nobody')).cert,
      );
      servers.push(server);
      return server;
    }
  });
});
