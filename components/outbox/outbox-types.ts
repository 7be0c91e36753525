import type { OutboxMessageView, OutboxPage as ServerOutboxPage } from '@/lib/outbox/outbox-list';
import type { OutboxStatus } from '@/lib/generated/prisma/enums';
import type { Wire } from '@/components/ui/wire';

export type OutboxMessage = Wire<OutboxMessageView>;

export type OutboxPage = Omit<ServerOutboxPage, 'items'> & { items: OutboxMessage[] };

export interface OutboxFilters {
  status?: OutboxStatus;
  page: number;
}
