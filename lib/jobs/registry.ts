import { analyticsHandlers, analyticsPeriodicJobs } from '@/lib/analytics/request-log-rollup';
import { provisioningHandlers } from '@/lib/provisioning/jobs';

import type { PeriodicJob } from './schedule';
import type { JobHandler } from './worker';

/** Every kind of background job the workers run, whichever feature queues it. */
export const jobHandlers: Record<string, JobHandler> = {
  ...provisioningHandlers,
  ...analyticsHandlers,
};

/** Work queued on a fixed period by whichever worker gets there first. */
export const periodicJobs: PeriodicJob[] = [...analyticsPeriodicJobs];
