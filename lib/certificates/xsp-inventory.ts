import { auditActor, recordAudit } from '@/lib/audit/record-audit';
import type { CurrentUser } from '@/lib/auth/current-user';
import type { Cluster, Prisma, PrismaClient, XspCertificate } from '@/lib/generated/prisma/client';
import { notFound } from '@/lib/http/errors';
import { outboundDefaults, type OutboundOptions } from '@/lib/net/outbound';
import { asTransactionClient, type PartnerDb } from '@/lib/tenancy/partner-db';

import { endpointOf, inspectServerCertificate, type ServerCertificateFacts } from './inspect';
import { certificateWarnings, daysToExpiry, type CertificateWarning } from './warnings';

export const certificateInterfaces = [
  'xsiActions',
  'xsiEvents',
  'authService',
  'cti',
  'das',
] as const;
export type CertificateInterface = (typeof certificateInterfaces)[number];

type ClusterEndpoints = Pick<
  Cluster,
  | 'id'
  | 'partnerId'
  | 'version'
  | 'xsiActionsUrl'
  | 'xsiEventsUrl'
  | 'authServiceUrl'
  | 'ctiUrl'
  | 'ctiPort'
  | 'dasUrl'
>;

const endpointSelect = {
  id: true,
  partnerId: true,
  version: true,
  xsiActionsUrl: true,
  xsiEventsUrl: true,
  authServiceUrl: true,
  ctiUrl: true,
  ctiPort: true,
  dasUrl: true,
} satisfies Prisma.ClusterSelect;

interface InspectedInterface {
  interfaceName: CertificateInterface;
  url: string;
  facts: ServerCertificateFacts;
}

/** The HTTPS interfaces a cluster has configured, each with the address it is reached on. */
function configuredInterfaces(cluster: ClusterEndpoints) {
  const urls: [CertificateInterface, string | null, number | null][] = [
    ['xsiActions', cluster.xsiActionsUrl, null],
    ['xsiEvents', cluster.xsiEventsUrl, null],
    ['authService', cluster.authServiceUrl, null],
    ['cti', cluster.ctiUrl, cluster.ctiPort],
    ['das', cluster.dasUrl, null],
  ];

  return urls.flatMap(([interfaceName, url, port]) => {
    if (!url) return [];
    const endpoint = endpointOf(url, port);
    const shown = port ? `${new URL(url).origin.replace(/:\d+$/, '')}:${endpoint.port}` : url;
    return [{ interfaceName, url: shown, endpoint }];
  });
}

/** Reads the certificate of every configured interface of a cluster, all at once. */
export async function inspectCluster(
  cluster: ClusterEndpoints,
  outbound: OutboundOptions,
): Promise<InspectedInterface[]> {
  return Promise.all(
    configuredInterfaces(cluster).map(async ({ interfaceName, url, endpoint }) => ({
      interfaceName,
      url: url.slice(0, 2048),
      facts: await inspectServerCertificate(endpoint, outbound),
    })),
  );
}

/**
 * Stores what was read, replacing the cluster's earlier rows. Nothing is stored when the
 * cluster's URLs were edited meanwhile: the results would be about the old addresses.
 */
export async function saveClusterCertificates(
  tx: Prisma.TransactionClient,
  options: { cluster: ClusterEndpoints; inspected: InspectedInterface[]; checkedAt?: Date },
): Promise<boolean> {
  const { cluster, inspected } = options;
  const checkedAt = options.checkedAt ?? new Date();
  const unchanged = await tx.cluster.count({
    where: { id: cluster.id, partnerId: cluster.partnerId, version: cluster.version },
  });
  if (unchanged === 0) return false;

  for (const { interfaceName, url, facts } of inspected) {
    const row = { url, ...facts, checkedAt };
    await tx.xspCertificate.upsert({
      where: { clusterId_interfaceName: { clusterId: cluster.id, interfaceName } },
      create: { partnerId: cluster.partnerId, clusterId: cluster.id, interfaceName, ...row },
      update: row,
    });
  }
  await tx.xspCertificate.deleteMany({
    where: {
      partnerId: cluster.partnerId,
      clusterId: cluster.id,
      interfaceName: { notIn: inspected.map((item) => item.interfaceName) },
    },
  });

  return true;
}

/**
 * Rechecks one cluster's certificates, or every cluster's. The handshakes happen before the
 * transaction, so that no database lock waits on a slow XSP.
 */
export async function recheckXspCertificates(
  db: PartnerDb,
  options: { actor: CurrentUser; clusterId?: string; outbound?: OutboundOptions },
): Promise<XspCertificateList> {
  const { actor, clusterId } = options;
  const outbound = options.outbound ?? outboundDefaults();
  const clusters = await db.cluster.findMany({
    where: clusterId ? { id: clusterId } : {},
    select: endpointSelect,
    orderBy: { name: 'asc' },
  });
  if (clusterId && clusters.length === 0) throw notFound('cluster');

  const inspected: { cluster: ClusterEndpoints; inspected: InspectedInterface[] }[] = [];
  // A few clusters at a time: each is up to five handshakes of its own.
  for (let start = 0; start < clusters.length; start += 4) {
    const batch = clusters.slice(start, start + 4);
    inspected.push(
      ...(await Promise.all(
        batch.map(async (cluster) => ({
          cluster,
          inspected: await inspectCluster(cluster, outbound),
        })),
      )),
    );
  }

  await db.$transaction(async (scoped) => {
    const tx = asTransactionClient(scoped);
    const saved: string[] = [];
    for (const item of inspected) {
      if (await saveClusterCertificates(tx, item)) saved.push(item.cluster.id);
    }

    await recordAudit(tx, {
      ...auditActor(actor),
      action: 'xsp_certificates.rechecked',
      targetType: clusterId ? 'cluster' : 'partner',
      targetId: clusterId ?? actor.partnerId,
      outcome: 'success',
      details: { clusters: saved },
    });
  });

  return listXspCertificates(db);
}

/**
 * Rechecks one cluster from a background job. The job's transaction stays open during the
 * handshakes; each is bounded by the outbound timeout, well within the job's lease.
 */
/** Reads a cluster's certificates for the background recheck, outside any transaction. */
export async function inspectClusterForJob(
  prisma: PrismaClient,
  options: { partnerId: string; clusterId: string; outbound?: OutboundOptions },
): Promise<{ cluster: ClusterEndpoints; inspected: InspectedInterface[] } | undefined> {
  const cluster = await prisma.cluster.findFirst({
    where: { id: options.clusterId, partnerId: options.partnerId },
    select: endpointSelect,
  });
  if (!cluster) return undefined;

  return {
    cluster,
    inspected: await inspectCluster(cluster, options.outbound ?? outboundDefaults()),
  };
}

export interface XspCertificateView {
  interfaceName: CertificateInterface;
  url: string;
  subject: string | null;
  issuer: string | null;
  subjectAltNames: string[];
  validFrom: string | null;
  validTo: string | null;
  daysToExpiry: number | null;
  selfSigned: boolean;
  chainTrusted: boolean;
  hostnameMatches: boolean;
  fingerprintSha256: string | null;
  serialNumber: string | null;
  errorReason: string | null;
  checkedAt: string;
  warnings: CertificateWarning[];
}

export interface XspClusterCertificates {
  clusterId: string;
  clusterName: string;
  certificates: XspCertificateView[];
}

export interface XspCertificateList {
  clusters: XspClusterCertificates[];
}

export function toCertificateView(row: XspCertificate, now = new Date()): XspCertificateView {
  return {
    interfaceName: row.interfaceName as CertificateInterface,
    url: row.url,
    subject: row.subject,
    issuer: row.issuer,
    subjectAltNames: row.subjectAltNames,
    validFrom: row.validFrom?.toISOString() ?? null,
    validTo: row.validTo?.toISOString() ?? null,
    daysToExpiry: row.validTo ? daysToExpiry(row.validTo, now) : null,
    selfSigned: row.selfSigned,
    chainTrusted: row.chainTrusted,
    hostnameMatches: row.hostnameMatches,
    fingerprintSha256: row.fingerprintSha256,
    serialNumber: row.serialNumber,
    errorReason: row.errorReason,
    checkedAt: row.checkedAt.toISOString(),
    warnings: certificateWarnings(row, now),
  };
}

const interfaceOrder = new Map<string, number>(certificateInterfaces.map((name, i) => [name, i]));

/** Every cluster of the partner with its interfaces' certificates; unchecked ones have none. */
export async function listXspCertificates(db: PartnerDb): Promise<XspCertificateList> {
  const [clusters, rows] = await Promise.all([
    db.cluster.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } }),
    db.xspCertificate.findMany(),
  ]);
  const now = new Date();

  return {
    clusters: clusters.map((cluster) => ({
      clusterId: cluster.id,
      clusterName: cluster.name,
      certificates: rows
        .filter((row) => row.clusterId === cluster.id)
        .sort(
          (a, b) =>
            (interfaceOrder.get(a.interfaceName) ?? 9) - (interfaceOrder.get(b.interfaceName) ?? 9),
        )
        .map((row) => toCertificateView(row, now)),
    })),
  };
}
