import type { PeriodicJob } from '@/lib/jobs/schedule';
import type { JobHandler } from '@/lib/jobs/worker';

import { readPartnerComponents, readSharedComponents } from './components';
import { recordComponentStatus } from './service-status';
import { deliverStatusWebhook, deliverStatusWebhookJobKind } from './webhook-delivery';

export const refreshStatusJobKind = 'status.refresh';

/** Reads every partner's components once and records what changed since the last run. */
export const refreshStatus: JobHandler = async (_job, tx) => {
  const now = new Date();
  const shared = await readSharedComponents(tx, now);
  const partners = await tx.partner.findMany({ select: { id: true }, orderBy: { id: 'asc' } });

  for (const { id: partnerId } of partners) {
    const readings = [...shared, ...(await readPartnerComponents(tx, { partnerId, now }))];
    await recordComponentStatus(tx, { partnerId, readings, now });
  }
};

export const statusHandlers: Record<string, JobHandler> = {
  [refreshStatusJobKind]: refreshStatus,
  [deliverStatusWebhookJobKind]: deliverStatusWebhook,
};

export const statusPeriodicJobs: PeriodicJob[] = [{ kind: refreshStatusJobKind, everyMs: 60_000 }];
