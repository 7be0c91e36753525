import { enqueueJob } from '@/lib/jobs/queue';
import type { PeriodicJob } from '@/lib/jobs/schedule';
import type { JobHandler } from '@/lib/jobs/worker';

import { recheckClusterInJob } from './xsp-inventory';

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

const recheckCluster: JobHandler = async (job, tx) => {
  const { clusterId } = job.payload as { clusterId: string };
  if (!job.partnerId) return;

  await recheckClusterInJob(tx, { partnerId: job.partnerId, clusterId });
};

export const certificateHandlers: Record<string, JobHandler> = {
  [recheckAllCertificatesJobKind]: recheckAll,
  [recheckClusterCertificatesJobKind]: recheckCluster,
};
