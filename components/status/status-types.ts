import type { serviceStatus } from '@/lib/status/service-status';
import type { listWebhooks } from '@/lib/status/webhooks';
import type { Wire } from '@/components/ui/wire';

type Summary = Awaited<ReturnType<typeof serviceStatus>>;

export type ComponentStatus = Summary['components'][number];
export type Incident = Wire<Summary['incidents'][number]>;
export interface ServiceStatus {
  status: Summary['status'];
  components: ComponentStatus[];
  incidents: Incident[];
}

type WebhookRow = Awaited<ReturnType<typeof listWebhooks>>[number];

/** A webhook as the list shows it: never its secret. */
export type StatusWebhook = Wire<Omit<WebhookRow, 'lastDelivery'>> & {
  lastDelivery: Wire<NonNullable<WebhookRow['lastDelivery']>> | null;
};
