import type {
  CustomerActivity as CustomerActivityView,
  CustomerDetail,
  CustomerSubscriberView,
} from '@/lib/customers/customer-detail';
import type {
  CustomerListItem,
  CustomerPage as CustomerPageView,
} from '@/lib/customers/customer-search';
import type { Wire } from '@/components/ui/wire';

export type Customer = Wire<CustomerListItem>;
export type CustomerPage = Omit<CustomerPageView, 'items'> & { items: Customer[] };
export type CustomerDetails = Wire<CustomerDetail>;
export type CustomerSubscriber = Wire<CustomerSubscriberView>;
export type CustomerActivity = CustomerActivityView;

export interface SubscriberPage {
  items: CustomerSubscriber[];
  page: number;
  pageSize: number;
  total: number;
}

/** Statuses the background work has not settled yet: the page keeps asking until they change. */
export const unsettledStatuses: readonly string[] = ['provisioning', 'updating'];
