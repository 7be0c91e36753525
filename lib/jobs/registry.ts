import { analyticsHandlers, analyticsPeriodicJobs } from '@/lib/analytics/request-log-rollup';
import { certificateHandlers, certificatePeriodicJobs } from '@/lib/certificates/jobs';
import {
  purgeRequestLogJobKind,
  requestLogRetentionHandlers,
} from '@/lib/observability/request-log-retention';
import { outboxHandlers, outboxPeriodicJobs } from '@/lib/outbox/deliver';
import { provisioningBatchHandlers, provisioningHandlers } from '@/lib/provisioning/jobs';
import { statusHandlers, statusPeriodicJobs } from '@/lib/status/jobs';

import type { PeriodicJob } from './schedule';
import type { BatchJobHandler, JobHandler } from './worker';

/** Every kind of background job the workers run, whichever feature queues it. */
export const jobHandlers: Record<string, JobHandler> = {
  ...provisioningHandlers,
  ...outboxHandlers,
  ...statusHandlers,
  ...requestLogRetentionHandlers,
  ...certificateHandlers,
  ...analyticsHandlers,
};

/** Kinds whose usual jobs can be done many at once. */
export const jobBatchHandlers: Record<string, BatchJobHandler> = {
  ...provisioningBatchHandlers,
};

/** Work queued on a fixed period by whichever worker gets there first. */
export const periodicJobs: PeriodicJob[] = [
  { kind: purgeRequestLogJobKind, everyMs: 24 * 60 * 60 * 1000 },
  ...statusPeriodicJobs,
  ...outboxPeriodicJobs,
  ...certificatePeriodicJobs,
  ...analyticsPeriodicJobs,
];
