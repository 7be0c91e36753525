import { enqueueJob } from '@/lib/jobs/queue';
import type { PeriodicJob } from '@/lib/jobs/schedule';
import type { JobHandler } from '@/lib/jobs/worker';

import type { Prisma, PrismaClient } from '@/lib/generated/prisma/client';
import type { JobRecord } from '@/lib/jobs/queue';

import { inspectClusterForJob, saveClusterCertificates } from './xsp-inventory';

export const recheckAllCertificatesJobKind = 'certificates.recheck_all';
export const recheckClusterCertificatesJobKind = 'certificates.recheck_cluster';

/** Every partner's XSP certificates are read again once a day, so expiry warnings come in time. */
export const certificatePeriodicJobs: PeriodicJob[] = [
  { kind: recheckAllCertificatesJobKind, everyMs: 86_400_000 },
];

/**
 * The daily job only fans out: one job per cluster, so that one slow XSP holds up nothing
 * else and a failing one is retried on its own.
 */
const recheckAll: JobHandler = async (job, tx) => {
  const clusters = await tx.cluster.findMany({ select: { id: true, partnerId: true } });

  for (const cluster of clusters) {
    await enqueueJob(tx, {
      kind: recheckClusterCertificatesJobKind,
      partnerId: cluster.partnerId,
      payload: { clusterId: cluster.id },
      dedupeKey: `${recheckClusterCertificatesJobKind}:${job.id}:${cluster.id}`,
      maxAttempts: 3,
    });
  }
};

/** The handshakes happen before the job's transaction; only storing the results is inside. */
const recheckCluster: JobHandler = Object.assign(
  async (_job: JobRecord, tx: Prisma.TransactionClient, prepared?: unknown) => {
    const inspection = prepared as Awaited<ReturnType<typeof inspectClusterForJob>>;
    if (inspection) await saveClusterCertificates(tx, inspection);
  },
  {
    prepare: (job: JobRecord, prisma: PrismaClient) => {
      const { clusterId } = job.payload as { clusterId: string };
      return job.partnerId
        ? inspectClusterForJob(prisma, { partnerId: job.partnerId, clusterId })
        : Promise.resolve(undefined);
    },
  },
);

export const certificateHandlers: Record<string, JobHandler> = {
  [recheckAllCertificatesJobKind]: recheckAll,
  [recheckClusterCertificatesJobKind]: recheckCluster,
};
