import { auditActor, recordAudit } from '@/lib/audit/record-audit';
import type { CurrentUser } from '@/lib/auth/current-user';
import { open } from '@/lib/crypto/secret-box';
import type { Prisma } from '@/lib/generated/prisma/client';
import { notFound } from '@/lib/http/errors';
import { clientCredentials, type ClientCredential } from '@/lib/certificates/client-identity';
import {
  clientCertificateNotAccepted,
  httpsProbe,
  outboundDefaults,
  tlsProbe,
  type OutboundOptions,
} from '@/lib/net/outbound';
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
  /** The partner's client certificates for the CTI interface's mutual TLS, newest first. */
  clientCredentials?: ClientCredential[];
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

const clientCertificateRefusals = new Set([
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
  clientCertificateNotAccepted,
]);

/**
 * The CTI interface checks the hub's client certificate. During a change-over it may trust
 * either chain, so each is tried, newest first, and the answer says which one it accepted.
 */
async function probeCti(
  host: string,
  port: number,
  credentials: ClientCredential[],
  options: OutboundOptions,
): Promise<Omit<InterfaceResult, 'checkedAt'>> {
  if (credentials.length === 0) {
    const { error } = await tlsProbe(host, port, options);
    return error
      ? { status: 'error', reason: error }
      : { status: 'success', reason: 'TLS handshake completed.' };
  }

  let firstError = '';
  let refused = false;
  for (const [index, credential] of credentials.entries()) {
    const { error, code } = await tlsProbe(host, port, {
      ...options,
      clientCertificate: credential,
    });
    if (!error && index === 0) return { status: 'success', reason: 'TLS handshake completed.' };
    if (!error) {
      return {
        status: 'success',
        reason:
          'TLS handshake completed, but only with the client certificate of the previous chain: ' +
          'install the current CA chain on the XSP before retiring the previous one.',
      };
    }
    firstError ||= error;
    refused ||= clientCertificateRefusals.has(code ?? '');
  }

  const hint = refused
    ? " Install the hub's CA chain (Settings › Certificates) on the XSP's CTI interface as a " +
      'trusted client authority.'
    : '';
  return { status: 'error', reason: `${firstError}${hint}` };
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
    checks.push(['cti', probeCti(cti.hostname, port, target.clientCredentials ?? [], options)]);
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
      clientCredentials: cluster.ctiUrl ? await clientCredentials(db, cluster.partnerId) : [],
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
