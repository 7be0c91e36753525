import { Prisma } from '@/lib/generated/prisma/client';
import type { SubscriberPackage, SubscriberStatus } from '@/lib/generated/prisma/enums';
import { AppError } from '@/lib/http/errors';
import { subscriberStatuses } from '@/lib/subscribers/schemas';
import type { PartnerDb } from '@/lib/tenancy/partner-db';
import { subscriberPackages } from '@/lib/templates/schemas';

import { outcomeOf, provisioningRoutes, rolledUntil } from './request-log-rollup';
import {
  daysOf,
  isoDay,
  rangeOf,
  weeksOf,
  type AnalyticsFilters,
  type AnalyticsRange,
} from './schemas';

// These queries are raw SQL, which the partner scope of PartnerDb does not reach: every
// table in them is limited to the partner explicitly.

export const topCustomerCount = 10;

/**
 * The partner's subscribers now by package and status, and the largest customers, each read
 * from the covering index alone; the two run at once on a server.
 */
async function subscriberCounts(db: PartnerDb, partnerId: string, templateId?: string) {
  const template = templateId ? Prisma.sql`AND template_id = ${templateId}::uuid` : Prisma.empty;
  const [groups, top] = await Promise.all([
    db.$queryRaw<{ package: SubscriberPackage; status: SubscriberStatus; count: number }[]>`
      SELECT package::text AS package, status::text AS status, count(*)::int AS count
        FROM subscriber
       WHERE partner_id = ${partnerId}::uuid ${template}
       GROUP BY package, status`,
    db.$queryRaw<{ id: string; name: string; subscribers: number }[]>`
      SELECT o.id::text AS id, o.name, top.count AS subscribers
        FROM (SELECT customer_org_id, count(*)::int AS count
                FROM subscriber
               WHERE partner_id = ${partnerId}::uuid ${template}
                 AND customer_org_id IS NOT NULL
               -- A customer has one template: grouping by both follows the index's order, so
               -- the groups stream by instead of filling a hash table of every customer.
               GROUP BY template_id, customer_org_id
               ORDER BY count(*) DESC, customer_org_id
               LIMIT ${topCustomerCount}) AS top
        JOIN customer_org o ON o.id = top.customer_org_id AND o.partner_id = ${partnerId}::uuid
       ORDER BY top.count DESC, o.name, o.id`,
  ]);

  const count = (match: (group: (typeof groups)[number]) => boolean) =>
    groups.filter(match).reduce((sum, group) => sum + group.count, 0);

  return {
    subscribers: {
      total: count(() => true),
      byPackage: subscriberPackages.map((name: SubscriberPackage) => ({
        package: name,
        count: count((group) => group.package === name),
      })),
      byStatus: subscriberStatuses.map((name: SubscriberStatus) => ({
        status: name,
        count: count((group) => group.status === name),
      })),
    },
    topCustomers: top,
  };
}

interface RequestGroupRow {
  day: string;
  error_code: string | null;
  count: number;
}

/**
 * Provisioning requests of the range per day in UTC, with failures (answered 400 or above) by
 * error code; a failure without a code counts under its HTTP status. Days already summed come
 * from RequestLogDaily, the rest (today, mostly) from the request log itself.
 */
async function provisioningRequests(
  db: PartnerDb,
  partnerId: string,
  range: AnalyticsRange,
  templateId?: string,
) {
  const template = templateId ? Prisma.sql`AND template_id = ${templateId}::uuid` : Prisma.empty;
  const summedUntil = await rolledUntil(db);
  const split = summedUntil
    ? new Date(
        Math.min(Math.max(summedUntil.getTime(), range.start.getTime()), range.end.getTime()),
      )
    : range.start;

  const [summed, logged] = await Promise.all([
    split > range.start
      ? db.$queryRaw<RequestGroupRow[]>`
          SELECT to_char(day, 'YYYY-MM-DD') AS day, error_code, sum(requests)::int AS count
            FROM request_log_daily
           WHERE partner_id = ${partnerId}::uuid
             AND day >= ${isoDay(range.start)}::date AND day < ${isoDay(split)}::date ${template}
           GROUP BY 1, 2`
      : [],
    split < range.end
      ? db.$queryRaw<RequestGroupRow[]>`
          SELECT to_char(day, 'YYYY-MM-DD') AS day, error_code, sum(count)::int AS count
            FROM (SELECT (created_at AT TIME ZONE 'UTC')::date AS day, ${outcomeOf} AS error_code,
                         count(*) AS count
                    FROM request_log
                   WHERE partner_id = ${partnerId}::uuid
                     AND created_at >= ${split} AND created_at < ${range.end}
                     AND (${provisioningRoutes}) ${template}
                   GROUP BY 1, 2) AS logged
           GROUP BY 1, 2`
      : [],
  ]);

  const perDay = new Map(daysOf(range).map((day) => [day, { requests: 0, failures: 0 }]));
  const byErrorCode = new Map<string, number>();
  for (const row of [...summed, ...logged]) {
    const day = perDay.get(row.day);
    if (!day) continue;
    day.requests += row.count;
    if (row.error_code === null) continue;
    day.failures += row.count;
    byErrorCode.set(row.error_code, (byErrorCode.get(row.error_code) ?? 0) + row.count);
  }
  const days = [...perDay].map(([date, counts]) => ({ date, ...counts }));

  return {
    requests: days.reduce((sum, day) => sum + day.requests, 0),
    failures: days.reduce((sum, day) => sum + day.failures, 0),
    perDay: days,
    failuresByErrorCode: [...byErrorCode]
      .map(([errorCode, count]) => ({ errorCode, count }))
      .sort((a, b) => b.count - a.count || a.errorCode.localeCompare(b.errorCode)),
  };
}

/** Customer organisations created in each ISO week (from Monday, UTC) the range touches. */
async function customersPerWeek(
  db: PartnerDb,
  partnerId: string,
  range: AnalyticsRange,
  templateId?: string,
) {
  const template = templateId ? Prisma.sql`AND template_id = ${templateId}::uuid` : Prisma.empty;
  const rows = await db.$queryRaw<{ week: string; count: number }[]>`
    SELECT to_char(week, 'YYYY-MM-DD') AS week, count
      FROM (SELECT date_trunc('week', created_at AT TIME ZONE 'UTC') AS week, count(*)::int AS count
              FROM customer_org
             WHERE partner_id = ${partnerId}::uuid
               AND created_at >= ${range.start} AND created_at < ${range.end} ${template}
             GROUP BY 1) AS weeks`;

  const counts = new Map(rows.map((row) => [row.week, row.count]));
  return weeksOf(range).map((weekStart) => ({ weekStart, count: counts.get(weekStart) ?? 0 }));
}

/**
 * Everything the analytics page shows for one partner: subscribers now, by package, status and
 * customer, and the range's provisioning requests and new customers; all of one template when
 * a template is chosen.
 */
export async function analyticsReport(
  db: PartnerDb,
  options: { partnerId: string; filters: AnalyticsFilters; now?: Date },
) {
  const { partnerId, filters } = options;
  const range = rangeOf(filters, options.now);
  const templateId = filters.templateId;

  if (templateId) {
    const template = await db.customerTemplate.findFirst({
      where: { id: templateId },
      select: { id: true },
    });
    if (!template) {
      throw new AppError('not_found', 'The template was not found.', [
        { field: 'templateId', description: 'templateId: No template of yours has this id.' },
      ]);
    }
  }

  // On a server the three run on their own connections at once; the embedded database takes
  // them one after another.
  const [subscribers, provisioning, customers] = await Promise.all([
    subscriberCounts(db, partnerId, templateId),
    provisioningRequests(db, partnerId, range, templateId),
    customersPerWeek(db, partnerId, range, templateId),
  ]);

  return {
    filters: {
      templateId: templateId ?? null,
      period: filters.from ? null : (filters.period ?? '30d'),
      from: range.from,
      to: range.to,
    },
    subscribers: subscribers.subscribers,
    topCustomers: subscribers.topCustomers,
    provisioning,
    customersPerWeek: customers,
  };
}

export type AnalyticsReport = Awaited<ReturnType<typeof analyticsReport>>;
