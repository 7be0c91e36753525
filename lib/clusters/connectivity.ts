import { auditActor, recordAudit } from '@/lib/audit/record-audit';
import type { CurrentUser } from '@/lib/auth/current-user';
import { open } from '@/lib/crypto/secret-box';
import type { Prisma } from '@/lib/generated/prisma/client';
import { notFound } from '@/lib/http/errors';
import { httpsProbe, outboundDefaults, tlsProbe, type OutboundOptions } from '@/lib/net/outbound';
import type { PartnerDb } from '@/lib/tenancy/partner-db';

import { findCluster, type ClusterView } from './cluster-store';

export const clusterInterfaces = ['xsiActions', 'xsiEvents', 'authService', 'das', 'cti'] as const;
export type ClusterInterface = (typeof clusterInterfaces)[number];

export interface InterfaceResult {
  status: 'success' | 'error';
  reason: string;
  checkedAt: string;
}

export type ConnectivityResults = Partial<Record<ClusterInterface, InterfaceResult>>;

interface ProbeTarget {
  xsiActionsUrl: string;
  xsiEventsUrl: string;
  authServiceUrl: string;
  dasUrl: string | null;
  ctiUrl: string | null;
  ctiPort: number | null;
  validationUserId: string | null;
  validationPassword: string | null;
}

function fromHttpStatus(
  status: number | undefined,
  error: string | undefined,
): Omit<InterfaceResult, 'checkedAt'> {
  if (error || status === undefined) return { status: 'error', reason: error ?? 'No answer.' };
  if (status >= 300 && status < 400) {
    return {
      status: 'error',
      reason: `Answered HTTP ${status}, a redirect, which is not followed.`,
    };
  }
  if (status >= 500) return { status: 'error', reason: `Answered HTTP ${status}, a server error.` };
  return { status: 'success', reason: `Answered HTTP ${status}.` };
}

async function probeXsiActions(target: ProbeTarget, options: OutboundOptions) {
  if (!target.validationUserId || !target.validationPassword) {
    const { status, error } = await httpsProbe(target.xsiActionsUrl, options);
    return fromHttpStatus(status, error);
  }

  // With a validation account, sign in as that user: this proves the interface serves XSI.
  const base = target.xsiActionsUrl.replace(/\/+$/, '');
  const profileUrl = `${base}/v2.0/user/${encodeURIComponent(target.validationUserId)}/profile`;
  const credential = Buffer.from(
    `${target.validationUserId}:${target.validationPassword}`,
  ).toString('base64');
  const { status, error } = await httpsProbe(profileUrl, {
    ...options,
    headers: { Authorization: `Basic ${credential}` },
  });

  if (status === 401 || status === 403) {
    return {
      status: 'error' as const,
      reason: `The validation account was refused (HTTP ${status}).`,
    };
  }
  if (status === 200)
    return { status: 'success' as const, reason: 'The validation account signed in.' };
  return fromHttpStatus(status, error);
}

/** Checks each configured interface of a cluster from this server, all at once. */
export async function probeClusterInterfaces(
  target: ProbeTarget,
  options: OutboundOptions = outboundDefaults(),
): Promise<ConnectivityResults> {
  const checks: [ClusterInterface, Promise<Omit<InterfaceResult, 'checkedAt'>>][] = [
    ['xsiActions', probeXsiActions(target, options)],
    [
      'xsiEvents',
      httpsProbe(target.xsiEventsUrl, options).then((r) => fromHttpStatus(r.status, r.error)),
    ],
    [
      'authService',
      httpsProbe(target.authServiceUrl, options).then((r) => fromHttpStatus(r.status, r.error)),
    ],
  ];
  if (target.dasUrl) {
    checks.push([
      'das',
      httpsProbe(target.dasUrl, options).then((r) => fromHttpStatus(r.status, r.error)),
    ]);
  }
  if (target.ctiUrl) {
    const cti = new URL(target.ctiUrl);
    const port = target.ctiPort ?? Number(cti.port || 443);
    checks.push([
      'cti',
      tlsProbe(cti.hostname, port, options).then(({ error }) =>
        error
          ? { status: 'error', reason: error }
          : { status: 'success', reason: 'TLS handshake completed.' },
      ),
    ]);
  }

  const checkedAt = new Date().toISOString();
  const settled = await Promise.all(
    checks.map(async ([name, check]) => [name, { ...(await check), checkedAt }] as const),
  );
  return Object.fromEntries(settled);
}

export function overallStatus(results: ConnectivityResults): 'success' | 'error' {
  return Object.values(results).every((result) => result?.status === 'success')
    ? 'success'
    : 'error';
}

export async function checkClusterConnectivity(
  db: PartnerDb,
  options: { actor: CurrentUser; clusterId: string; outbound?: OutboundOptions },
): Promise<ClusterView> {
  const { actor, clusterId } = options;
  const cluster = await db.cluster.findUnique({ where: { id: clusterId } });
  if (!cluster) throw notFound('cluster');

  const results = await probeClusterInterfaces(
    {
      ...cluster,
      validationPassword: cluster.validationPasswordSealed
        ? open(cluster.validationPasswordSealed)
        : null,
    },
    options.outbound,
  );
  const status = overallStatus(results);

  await db.$transaction(async (tx) => {
    // Results for URLs that were edited while the check ran would be about the old ones.
    const { count } = await tx.cluster.updateMany({
      where: { id: clusterId, version: cluster.version },
      data: {
        connectivityStatus: status,
        connectivityResults: results as Prisma.InputJsonValue,
        connectivityCheckedAt: new Date(),
      },
    });
    if (count === 0) return;

    await recordAudit(tx, {
      ...auditActor(actor),
      action: 'cluster.connectivity_checked',
      targetType: 'cluster',
      targetId: clusterId,
      outcome: 'success',
      details: { status, results: results as Prisma.InputJsonValue },
    });
  });

  return findCluster(db, clusterId);
}
