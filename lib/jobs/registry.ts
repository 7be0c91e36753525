import { certificateHandlers, certificatePeriodicJobs } from '@/lib/certificates/jobs';
import { provisioningHandlers } from '@/lib/provisioning/jobs';

import type { PeriodicJob } from './schedule';
import type { JobHandler } from './worker';

/** Every kind of background job the workers run, whichever feature queues it. */
export const jobHandlers: Record<string, JobHandler> = {
  ...provisioningHandlers,
  ...certificateHandlers,
};

/** Work queued on a fixed period by whichever worker gets there first. */
export const periodicJobs: PeriodicJob[] = [...certificatePeriodicJobs];
