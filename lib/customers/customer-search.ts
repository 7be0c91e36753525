import { Prisma } from '@/lib/generated/prisma/client';
import type { SubscriberPackage } from '@/lib/generated/prisma/enums';
import type { PartnerDb } from '@/lib/tenancy/partner-db';

import {
  customerPageSizes,
  matchedFields,
  type CustomerSort,
  type CustomerStatus,
  type ListCustomersQuery,
  type MatchedField,
} from './schemas';

// These queries are raw SQL, which the partner scope of PartnerDb does not reach: every
// table in them is limited to the partner explicitly.

interface CustomerRow {
  id: string;
  name: string;
  sp_enterprise_id: string;
  status: CustomerStatus;
  error_code: string | null;
  error_reason: string | null;
  created_at: Date;
  updated_at: Date;
  template_id: string;
  template_name: string;
  cluster_id: string;
  cluster_name: string;
}

export type SubscriberCounts = Record<SubscriberPackage, number>;

export const emptyCounts = (): SubscriberCounts => ({
  softphone: 0,
  basic: 0,
  standard: 0,
  premium: 0,
});

const uuidPattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** An org ID as support staff paste it: with or without dashes, any case. */
export function asUuid(value: string): string | null {
  if (!uuidPattern.test(value)) return null;

  const hex = value.replaceAll('-', '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// Text that looks like a UUID may be cast; anything else must not reach the cast.
export const uuidRegex =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * One SELECT per kind of exact match, each answering customer ids with the rank of its kind
 * (the position in `matchedFields`) through its own index: the primary key, the audit entries'
 * TrackingID, the enterprise ID, the subscribers' user ID and email.
 */
function exactMatchQueries(partnerId: string, q: string): Prisma.Sql[] {
  const rank = (field: MatchedField) => matchedFields.indexOf(field);
  const queries: Prisma.Sql[] = [];

  const orgId = asUuid(q);
  if (orgId) {
    queries.push(Prisma.sql`
      SELECT id, ${rank('orgId')}::int AS rank FROM customer_org
       WHERE partner_id = ${partnerId}::uuid AND id = ${orgId}::uuid`);
  }

  // A request touches a customer directly, through one of its subscribers, or names the
  // customer in its details when the subscriber it touched is gone.
  const tracked = Prisma.sql`a.partner_id = ${partnerId}::uuid AND a.tracking_id = ${q}`;
  queries.push(Prisma.sql`
    SELECT s.customer_org_id AS id, ${rank('trackingId')}::int AS rank
      FROM audit_entry a
      JOIN subscriber s
        ON s.id = CASE WHEN a.target_id ~ ${uuidRegex} THEN a.target_id::uuid END
       AND s.partner_id = ${partnerId}::uuid
     WHERE ${tracked} AND a.target_type = 'subscriber'
    UNION ALL
    SELECT CASE WHEN a.target_id ~ ${uuidRegex} THEN a.target_id::uuid END,
           ${rank('trackingId')}::int
      FROM audit_entry a
     WHERE ${tracked} AND a.target_type = 'customer_org'
    UNION ALL
    SELECT CASE WHEN a.details ->> 'customerOrgId' ~ ${uuidRegex}
                THEN (a.details ->> 'customerOrgId')::uuid END,
           ${rank('trackingId')}::int
      FROM audit_entry a
     WHERE ${tracked}`);

  queries.push(Prisma.sql`
    SELECT id, ${rank('spEnterpriseId')}::int AS rank FROM customer_org
     WHERE partner_id = ${partnerId}::uuid AND sp_enterprise_id = ${q}`);

  // BroadWorks user IDs are compared as typed and lowercased, since they are mostly typed
  // lowercase but not always stored so; emails are stored lowercased.
  queries.push(Prisma.sql`
    SELECT customer_org_id AS id, ${rank('userId')}::int AS rank FROM subscriber
     WHERE partner_id = ${partnerId}::uuid AND user_id IN (${q}, ${q.toLowerCase()})
       AND customer_org_id IS NOT NULL`);

  if (q.includes('@')) {
    queries.push(Prisma.sql`
      SELECT customer_org_id AS id, ${rank('email')}::int AS rank FROM subscriber
       WHERE partner_id = ${partnerId}::uuid AND email = ${q.toLowerCase()}
         AND customer_org_id IS NOT NULL`);
  }

  return queries;
}

/**
 * Customers whose name holds the search, through the trigram index. The pattern is normalised
 * by the same function as the stored names, then its LIKE wildcards are escaped, so that
 * "50%" looks for those characters.
 */
const nameMatches = (q: string) => Prisma.sql`
  o.name_search LIKE '%' || replace(replace(replace(search_text(${q}),
    '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;

/** The exact matches of a search, most specific first; other partners' ids never come out. */
async function exactMatches(db: PartnerDb, partnerId: string, q: string) {
  const rows = await db.$queryRaw<{ id: string; rank: number }[]>`
    SELECT id, min(rank)::int AS rank
      FROM (${Prisma.join(exactMatchQueries(partnerId, q), ' UNION ALL ')}) AS matched
     WHERE id IS NOT NULL
     GROUP BY id
     ORDER BY 2, 1`;

  return new Map(rows.map((row) => [row.id, matchedFields[row.rank]!]));
}

function filtersOf(partnerId: string, query: ListCustomersQuery): Prisma.Sql {
  const conditions = [Prisma.sql`o.partner_id = ${partnerId}::uuid`];
  if (query.status) conditions.push(Prisma.sql`o.status = ${query.status}::"CustomerOrgStatus"`);
  if (query.templateId) conditions.push(Prisma.sql`o.template_id = ${query.templateId}::uuid`);

  return Prisma.join(conditions, ' AND ');
}

// Sorted by the names of the selected columns, so that the same order applies to the list
// query and to the search's set of found rows. Every order ends on the id, so that rows with
// equal values keep their place between pages.
const sortColumns: Record<CustomerSort, string[]> = {
  name: ['name_search'],
  status: ['status_order', 'name_search'],
  template: ['template_name', 'name_search'],
  cluster: ['cluster_name', 'name_search'],
  created: ['created_at'],
};

/** Exact matches come first in a search without a chosen order, then names alphabetically. */
function orderOf(query: ListCustomersQuery, options: { searching: boolean; exact: boolean }) {
  if (!query.sort && options.searching) {
    return Prisma.raw(options.exact ? 'rank, name_search, id' : 'name_search, id');
  }

  const sort = query.sort ?? 'created';
  const direction = (query.direction ?? (sort === 'created' ? 'desc' : 'asc')).toUpperCase();
  return Prisma.raw([...sortColumns[sort], 'id'].map((c) => `${c} ${direction}`).join(', '));
}

const selectColumns = Prisma.raw(`
  o.id, o.name, o.name_search, o.sp_enterprise_id, o.status::text AS status,
  o.status AS status_order, o.error_code, o.error_reason, o.created_at, o.updated_at,
  t.id AS template_id, t.name AS template_name, c.id AS cluster_id, c.name AS cluster_name`);

export async function subscriberCountsOf(db: PartnerDb, customerIds: string[]) {
  const counts = new Map(customerIds.map((id) => [id, emptyCounts()]));
  if (customerIds.length === 0) return counts;

  const groups = await db.subscriber.groupBy({
    by: ['customerOrgId', 'package'],
    where: { customerOrgId: { in: customerIds } },
    _count: { _all: true },
  });
  for (const group of groups) {
    const forCustomer = counts.get(group.customerOrgId!);
    if (forCustomer) forCustomer[group.package] = group._count._all;
  }

  return counts;
}

function toListItem(row: CustomerRow, counts: SubscriberCounts, matchedField: MatchedField | null) {
  return {
    id: row.id,
    orgId: row.id,
    name: row.name,
    spEnterpriseId: row.sp_enterprise_id,
    status: row.status,
    errorCode: row.error_code,
    errorReason: row.error_reason,
    template: { id: row.template_id, name: row.template_name },
    cluster: { id: row.cluster_id, name: row.cluster_name },
    subscriberCounts: counts,
    subscriberTotal: Object.values(counts).reduce((sum, count) => sum + count, 0),
    created: row.created_at.toISOString(),
    updated: row.updated_at.toISOString(),
    matchedField,
  };
}

export type CustomerListItem = ReturnType<typeof toListItem>;

export interface CustomerPage {
  items: CustomerListItem[];
  page: number;
  pageSize: number;
  total: number;
}

/**
 * One page of the partner's customers: all of them, or those a search finds by name, org ID,
 * enterprise ID, a subscriber's user ID or email, or a TrackingID that touched them.
 */
export async function searchCustomers(
  db: PartnerDb,
  options: { partnerId: string; query: ListCustomersQuery },
): Promise<CustomerPage> {
  const { partnerId, query } = options;
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? customerPageSizes[0];
  const offset = (page - 1) * pageSize;
  const q = query.q;

  let condition = filtersOf(partnerId, query);
  let rank = Prisma.empty;
  let matched = new Map<string, MatchedField>();
  if (q) {
    // Exact matches are few and found first; one scan of the customers then takes them and
    // the name matches together, through the primary key and the trigram index.
    matched = await exactMatches(db, partnerId, q);
    const ids = [...matched.keys()];
    condition = Prisma.sql`${condition} AND (o.id = ANY(${ids}::uuid[]) OR ${nameMatches(q)})`;
    if (ids.length > 0) {
      rank = Prisma.sql`, coalesce(array_position(${ids}::uuid[], o.id), ${ids.length + 1}) AS rank`;
    }
  }
  const order = orderOf(query, { searching: Boolean(q), exact: matched.size > 0 });
  const from = Prisma.sql`
    customer_org o
    JOIN customer_template t ON t.id = o.template_id
    JOIN cluster c ON c.id = t.cluster_id`;
  const count = async () =>
    (
      await db.$queryRaw<{ total: number }[]>`
        SELECT count(*)::int AS total FROM customer_org o WHERE ${condition}`
    )[0]!.total;

  let rows: (CustomerRow & { total?: number })[];
  let total: number;
  if (q) {
    // Found rows are gathered first and then ordered. Reading a name index in order instead
    // and stopping after a page looks cheaper to the planner, but words cluster
    // alphabetically, and such a scan can pass most of the customers before its first match.
    rows = await db.$queryRaw`
      WITH found AS MATERIALIZED (
             SELECT o.id, o.name_search, o.status AS status_order, o.created_at,
                    t.name AS template_name, c.name AS cluster_name ${rank}
               FROM ${from} WHERE ${condition}),
           page AS (SELECT * FROM found ORDER BY ${order} LIMIT ${pageSize} OFFSET ${offset})
      SELECT ${selectColumns} ${matched.size > 0 ? Prisma.sql`, page.rank` : Prisma.empty},
             (SELECT count(*) FROM found)::int AS total
        FROM page
        JOIN customer_org o ON o.id = page.id
        JOIN customer_template t ON t.id = o.template_id
        JOIN cluster c ON c.id = t.cluster_id
       ORDER BY ${order}`;
    total = rows[0]?.total ?? (offset > 0 ? await count() : 0);
  } else {
    // An unfiltered list does read an index in order; counting apart keeps it that way.
    [rows, total] = await Promise.all([
      db.$queryRaw<CustomerRow[]>`
        SELECT ${selectColumns} FROM ${from} WHERE ${condition}
         ORDER BY ${order}
         LIMIT ${pageSize} OFFSET ${offset}`,
      count(),
    ]);
  }

  const counts = await subscriberCountsOf(
    db,
    rows.map((row) => row.id),
  );
  return {
    items: rows.map((row) =>
      toListItem(
        row,
        counts.get(row.id) ?? emptyCounts(),
        q ? (matched.get(row.id) ?? 'name') : null,
      ),
    ),
    page,
    pageSize,
    total,
  };
}
