import { z } from 'zod';

import { subscriberStatuses } from '@/lib/subscribers/schemas';
import { subscriberPackages } from '@/lib/templates/schemas';

export const customerStatuses = ['provisioning', 'active', 'error'] as const;
export const customerSorts = ['name', 'status', 'template', 'cluster', 'created'] as const;
export const sortDirections = ['asc', 'desc'] as const;

/** What a search result matched, from the most to the least specific. */
export const matchedFields = [
  'orgId',
  'trackingId',
  'spEnterpriseId',
  'userId',
  'email',
  'name',
] as const;

export const customerPageSizes = [25, 50, 100] as const;
export const subscriberPageSizes = [25, 50, 100] as const;

/** An empty parameter, as a cleared form field leaves in the URL, means "not given". */
const optional = <Schema extends z.ZodType>(schema: Schema) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const page = z.coerce.number().int('validation.invalid').min(1, 'validation.invalid').max(100_000);

const pageSize = (sizes: readonly number[]) =>
  z.coerce
    .number()
    .int('validation.invalid')
    .refine((value) => sizes.includes(value), 'validation.invalid');

/**
 * The customer list: one search box (`q`), filters, the order and the page. The page keeps
 * these in its URL, so the same schema reads the URL in the browser and the query on the server.
 */
export const listCustomersQuery = z.strictObject({
  q: optional(z.string().trim().max(200, 'validation.tooLong|200')),
  status: optional(z.enum(customerStatuses, 'validation.invalid')),
  templateId: optional(z.uuid('validation.invalid')),
  sort: optional(z.enum(customerSorts, 'validation.invalid')),
  direction: optional(z.enum(sortDirections, 'validation.invalid')),
  page: optional(page),
  pageSize: optional(pageSize(customerPageSizes)),
});

export const listCustomerSubscribersQuery = z.strictObject({
  status: optional(z.enum(subscriberStatuses, 'validation.invalid')),
  package: optional(z.enum(subscriberPackages, 'validation.invalid')),
  page: optional(page),
  pageSize: optional(pageSize(subscriberPageSizes)),
});

export const changePackageSchema = z.strictObject({
  package: z.enum(subscriberPackages, 'validation.invalid'),
});

export type ListCustomersQuery = z.output<typeof listCustomersQuery>;
export type ListCustomerSubscribersQuery = z.output<typeof listCustomerSubscribersQuery>;
export type ChangePackageInput = z.output<typeof changePackageSchema>;
export type CustomerStatus = (typeof customerStatuses)[number];
export type CustomerSort = (typeof customerSorts)[number];
export type MatchedField = (typeof matchedFields)[number];
