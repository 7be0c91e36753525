import type { Prisma } from '@/lib/generated/prisma/client';
import type { ComponentHealth } from '@/lib/generated/prisma/enums';
import { provisionJobKind } from '@/lib/provisioning/job-kinds';

type Db = Prisma.TransactionClient;

export const componentNames = ['database', 'workers', 'provisioning', 'certificates'] as const;
export type ComponentName = (typeof componentNames)[number];

export type CertificateProblem =
  'handshakeFailed' | 'expired' | 'expiresSoon' | 'selfSigned' | 'untrustedChain' | 'hostMismatch';

export type CertificateFinding = {
  cluster: string;
  interfaceName: string;
  problems: CertificateProblem[];
};

/** A reading's detail as a message of the status page's catalogue, to show in any language. */
export type StatusMessage =
  | { key: 'databaseDown' }
  | { key: 'databaseLatency'; values: { ms: number } }
  | { key: 'workersIdle' }
  | { key: 'workersDue'; values: { jobs: number; waited: number; unit: DurationUnit } }
  // The rate is left out: the reader's language writes it from the counts.
  | { key: 'provisioning'; values: { failed: number; requests: number; jobs: number } }
  | { key: 'certificatesUnchecked' }
  | { key: 'certificatesInOrder'; values: { count: number } }
  | { key: 'certificateFindings'; findings: CertificateFinding[]; values: { more: number } };

export interface ComponentReading {
  name: ComponentName;
  status: ComponentHealth;
  /** In English, for webhooks, the API and logs. */
  detail: string;
  message: StatusMessage;
}

const healthOrder: Record<ComponentHealth, number> = { operational: 0, degraded: 1, outage: 2 };

export function worstOf(statuses: ComponentHealth[]): ComponentHealth {
  return statuses.reduce<ComponentHealth>(
    (worst, status) => (healthOrder[status] > healthOrder[worst] ? status : worst),
    'operational',
  );
}

const minute = 60_000;
const day = 86_400_000;

/** Where each component turns from operational to degraded, and from degraded to outage. */
export const statusThresholds = {
  databaseLatencyDegradedMs: 250,
  dueJobsDegraded: 1_000,
  oldestDueJobDegradedMs: 2 * minute,
  oldestDueJobOutageMs: 15 * minute,
  errorRateWindowMs: 60 * minute,
  // Below this many requests in the window one failure says little about the rate.
  errorRateMinimumRequests: 20,
  errorRateDegraded: 0.05,
  errorRateOutage: 0.5,
  failedJobsDegraded: 1,
  failedJobsOutage: 20,
  certificateWarningMs: 30 * day,
} as const;

const provisioningRoutePrefixes = ['/api/provisioning/', '/api/v1/broadworks/'];
const provisioningJobKinds = Object.values(provisionJobKind);

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

type DurationUnit = 'seconds' | 'minutes' | 'hours';

function duration(ms: number): { waited: number; unit: DurationUnit } {
  if (ms < minute) return { waited: Math.round(ms / 1000), unit: 'seconds' };
  if (ms < 60 * minute) return { waited: Math.round(ms / minute), unit: 'minutes' };
  return { waited: Math.round(ms / (60 * minute)), unit: 'hours' };
}

const unitSymbols: Record<DurationUnit, string> = { seconds: 's', minutes: 'min', hours: 'h' };

/**
 * Round trips to the database, timed; an error is an outage. The faster of two counts, so that
 * one pause of the process does not flip the component back and forth.
 */
export async function readDatabase(db: Db): Promise<ComponentReading> {
  const latencies: number[] = [];
  try {
    for (let round = 0; round < 2; round++) {
      const started = performance.now();
      await db.$queryRaw`SELECT 1`;
      latencies.push(performance.now() - started);
    }
  } catch {
    return {
      name: 'database',
      status: 'outage',
      detail: 'The database did not answer.',
      message: { key: 'databaseDown' },
    };
  }
  const latencyMs = Math.round(Math.min(...latencies));

  return {
    name: 'database',
    status: latencyMs >= statusThresholds.databaseLatencyDegradedMs ? 'degraded' : 'operational',
    detail: `A query took ${latencyMs} ms.`,
    message: { key: 'databaseLatency', values: { ms: latencyMs } },
  };
}

export function classifyWorkers(dueJobs: number, oldestDueMs: number): ComponentReading {
  const t = statusThresholds;
  const status: ComponentHealth =
    oldestDueMs >= t.oldestDueJobOutageMs
      ? 'outage'
      : oldestDueMs >= t.oldestDueJobDegradedMs || dueJobs >= t.dueJobsDegraded
        ? 'degraded'
        : 'operational';
  if (dueJobs === 0) {
    return {
      name: 'workers',
      status,
      detail: 'No background job is waiting.',
      message: { key: 'workersIdle' },
    };
  }

  const { waited, unit } = duration(oldestDueMs);
  return {
    name: 'workers',
    status,
    detail: `${plural(dueJobs, 'job')} due; the oldest has waited ${waited} ${unitSymbols[unit]}.`,
    message: { key: 'workersDue', values: { jobs: dueJobs, waited, unit } },
  };
}

/**
 * The backlog of the shared job queue: how many jobs are due and how long the oldest has
 * waited. Both come from the (status, run_at) index.
 */
export async function readWorkers(db: Db, now: Date): Promise<ComponentReading> {
  const [row] = await db.$queryRaw<{ due: number; oldest: Date | null }[]>`
    SELECT count(*)::int AS due, min(run_at) AS oldest
      FROM "job"
     WHERE status = 'queued' AND run_at <= ${now}`;
  const oldestDueMs = row?.oldest ? Math.max(0, now.getTime() - row.oldest.getTime()) : 0;

  return classifyWorkers(row?.due ?? 0, oldestDueMs);
}

export function classifyProvisioning(
  requests: number,
  failedRequests: number,
  failedJobs: number,
): ComponentReading {
  const t = statusThresholds;
  const rate = requests === 0 ? 0 : failedRequests / requests;
  const enoughRequests = requests >= t.errorRateMinimumRequests;

  let status: ComponentHealth = 'operational';
  if (
    failedJobs >= t.failedJobsDegraded ||
    (enoughRequests ? rate >= t.errorRateDegraded : failedRequests > 0)
  ) {
    status = 'degraded';
  }
  if (failedJobs >= t.failedJobsOutage || (enoughRequests && rate >= t.errorRateOutage)) {
    status = 'outage';
  }

  const percent = `${(rate * 100).toFixed(1)}%`;
  const detail =
    `In the last hour ${failedRequests} of ${plural(requests, 'provisioning request')} ` +
    `failed (${percent}) and ${plural(failedJobs, 'job')} ended failed.`;

  return {
    name: 'provisioning',
    status,
    detail,
    message: {
      key: 'provisioning',
      values: { failed: failedRequests, requests, jobs: failedJobs },
    },
  };
}

/**
 * Server errors among the partner's provisioning requests of the last hour, and provisioning
 * jobs that ended failed in it. The request log is read through its (partner_id, created_at)
 * index; the failed jobs through (status, run_at), since a job's last run precedes its end.
 */
export async function readProvisioning(
  db: Db,
  options: { partnerId: string; now: Date },
): Promise<ComponentReading> {
  const since = new Date(options.now.getTime() - statusThresholds.errorRateWindowMs);
  const [provisioningPrefix, apiPrefix] = provisioningRoutePrefixes;

  const [requests] = await db.$queryRaw<{ total: number; failed: number }[]>`
    SELECT count(*)::int AS total, (count(*) FILTER (WHERE status >= 500))::int AS failed
      FROM "request_log"
     WHERE partner_id = ${options.partnerId}::uuid
       AND created_at >= ${since}
       AND (starts_with(route, ${provisioningPrefix}) OR starts_with(route, ${apiPrefix}))`;

  const failedJobs = await db.job.count({
    where: {
      partnerId: options.partnerId,
      status: 'failed',
      kind: { in: provisioningJobKinds },
      runAt: { gte: new Date(options.now.getTime() - day) },
      finishedAt: { gte: since },
    },
  });

  return classifyProvisioning(requests?.total ?? 0, requests?.failed ?? 0, failedJobs);
}

export interface CertificateFacts {
  validTo: Date | null;
  selfSigned: boolean;
  chainTrusted: boolean;
  hostnameMatches: boolean;
  errorReason: string | null;
}

/** What is wrong with one interface's certificate, worst first; empty when nothing is. */
export function certificateProblems(
  certificate: CertificateFacts,
  now: Date,
): { status: ComponentHealth; problem: CertificateProblem }[] {
  const problems: { status: ComponentHealth; problem: CertificateProblem }[] = [];
  if (certificate.errorReason) problems.push({ status: 'outage', problem: 'handshakeFailed' });

  const validTo = certificate.validTo?.getTime();
  if (validTo !== undefined && validTo <= now.getTime()) {
    problems.push({ status: 'outage', problem: 'expired' });
  } else if (
    validTo !== undefined &&
    validTo - now.getTime() <= statusThresholds.certificateWarningMs
  ) {
    problems.push({ status: 'degraded', problem: 'expiresSoon' });
  }

  // Without a certificate (a failed handshake) the flags below describe nothing.
  if (!certificate.errorReason) {
    if (certificate.selfSigned) problems.push({ status: 'degraded', problem: 'selfSigned' });
    else if (!certificate.chainTrusted) {
      problems.push({ status: 'degraded', problem: 'untrustedChain' });
    }
    if (!certificate.hostnameMatches) {
      problems.push({ status: 'degraded', problem: 'hostMismatch' });
    }
  }

  return problems;
}

const problemTexts: Record<CertificateProblem, string> = {
  handshakeFailed: 'handshake failed',
  expired: 'expired',
  expiresSoon: 'expires within 30 days',
  selfSigned: 'self-signed',
  untrustedChain: 'untrusted chain',
  hostMismatch: 'host name mismatch',
};

export function classifyCertificates(
  certificates: (CertificateFacts & { interfaceName: string; clusterName: string })[],
  now: Date,
): ComponentReading {
  if (certificates.length === 0) {
    return {
      name: 'certificates',
      status: 'operational',
      detail: 'No XSP certificate has been checked yet.',
      message: { key: 'certificatesUnchecked' },
    };
  }

  const findings = certificates.flatMap((certificate) => {
    const problems = certificateProblems(certificate, now);
    if (problems.length === 0) return [];
    return [
      {
        status: worstOf(problems.map((problem) => problem.status)),
        cluster: certificate.clusterName,
        interfaceName: certificate.interfaceName,
        problems: problems.map((problem) => problem.problem),
      },
    ];
  });

  if (findings.length === 0) {
    return {
      name: 'certificates',
      status: 'operational',
      detail: `${plural(certificates.length, 'interface certificate')} in order.`,
      message: { key: 'certificatesInOrder', values: { count: certificates.length } },
    };
  }

  findings.sort((a, b) => healthOrder[b.status] - healthOrder[a.status]);
  const shown = findings.slice(0, 3).map(({ cluster, interfaceName, problems }) => ({
    cluster,
    interfaceName,
    problems,
  }));
  const more = findings.length - shown.length;
  const texts = shown.map(
    (finding) =>
      `${finding.cluster} ${finding.interfaceName}: ` +
      finding.problems.map((problem) => problemTexts[problem]).join(', '),
  );
  const detail = `${texts.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`;

  return {
    name: 'certificates',
    status: worstOf(findings.map((finding) => finding.status)),
    detail: detail.slice(0, 500),
    message: { key: 'certificateFindings', findings: shown, values: { more } },
  };
}

/** The partner's XSP interface certificates, as the certificate inventory last saw them. */
export async function readCertificates(
  db: Db,
  options: { partnerId: string; now: Date },
): Promise<ComponentReading> {
  const rows = await db.xspCertificate.findMany({
    where: { partnerId: options.partnerId },
    select: {
      interfaceName: true,
      validTo: true,
      selfSigned: true,
      chainTrusted: true,
      hostnameMatches: true,
      errorReason: true,
      cluster: { select: { name: true } },
    },
    orderBy: [{ validTo: 'asc' }],
  });

  return classifyCertificates(
    rows.map(({ cluster, ...row }) => ({ ...row, clusterName: cluster.name })),
    options.now,
  );
}

/** The readings that are the same for every partner: the database and the shared queue. */
export async function readSharedComponents(db: Db, now: Date): Promise<ComponentReading[]> {
  return [await readDatabase(db), await readWorkers(db, now)];
}

export async function readPartnerComponents(
  db: Db,
  options: { partnerId: string; now: Date },
): Promise<ComponentReading[]> {
  return [await readProvisioning(db, options), await readCertificates(db, options)];
}
