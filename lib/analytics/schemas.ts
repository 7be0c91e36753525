import { z } from 'zod';

export const analyticsPeriods = ['7d', '30d', '90d'] as const;
export type AnalyticsPeriod = (typeof analyticsPeriods)[number];
export const defaultPeriod: AnalyticsPeriod = '30d';

/** The longest range of dates one request may ask for. */
export const maxRangeDays = 366;

const dayMs = 24 * 60 * 60 * 1000;
const periodDays: Record<AnalyticsPeriod, number> = { '7d': 7, '30d': 30, '90d': 90 };

/** An empty parameter, as a cleared form field leaves in the URL, means "not given". */
const optional = <Schema extends z.ZodType>(schema: Schema) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.invalid')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'validation.invalid');

/**
 * The filters of the analytics page, each valid on its own. The page keeps them in its URL and
 * reads them with this schema; the API adds the rules that tie them together.
 */
export const analyticsFilters = z.strictObject({
  templateId: optional(z.uuid('validation.invalid')),
  period: optional(z.enum(analyticsPeriods, 'validation.invalid')),
  from: optional(isoDate),
  to: optional(isoDate),
});

export type AnalyticsFilters = z.output<typeof analyticsFilters>;

/** A period or a range of dates, never both; a range has both ends, in order, and a limit. */
export const analyticsQuery = analyticsFilters.superRefine((filters, context) => {
  const { period, from, to } = filters;
  if (period && (from || to)) {
    context.addIssue({
      code: 'custom',
      path: ['period'],
      message: 'validation.periodOrDates',
    });
  }
  if (from && !to)
    context.addIssue({ code: 'custom', path: ['to'], message: 'validation.required' });
  if (to && !from) {
    context.addIssue({ code: 'custom', path: ['from'], message: 'validation.required' });
  }
  if (from && to && from > to) {
    context.addIssue({ code: 'custom', path: ['to'], message: 'validation.toBeforeFrom' });
  }
  if (from && to && daysBetween(from, to) + 1 > maxRangeDays) {
    context.addIssue({
      code: 'custom',
      path: ['to'],
      message: `validation.rangeTooLong|${maxRangeDays}`,
    });
  }
});

export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

const startOfDay = (day: string) => new Date(`${day}T00:00:00Z`);

function daysBetween(from: string, to: string): number {
  return Math.round((startOfDay(to).getTime() - startOfDay(from).getTime()) / dayMs);
}

export interface AnalyticsRange {
  /** First and last day, inclusive, as `YYYY-MM-DD` in UTC. */
  from: string;
  to: string;
  /** The instants the queries use: from the start of `from` up to the end of `to`. */
  start: Date;
  end: Date;
}

/**
 * The days a query covers, in UTC: the chosen dates, or the last 7, 30 or 90 days up to and
 * including today.
 */
export function rangeOf(filters: AnalyticsFilters, now = new Date()): AnalyticsRange {
  let from: string;
  let to: string;
  if (filters.from && filters.to) {
    from = filters.from;
    to = filters.to;
  } else {
    to = isoDay(now);
    const days = periodDays[filters.period ?? defaultPeriod];
    from = isoDay(new Date(startOfDay(to).getTime() - (days - 1) * dayMs));
  }

  return {
    from,
    to,
    start: startOfDay(from),
    end: new Date(startOfDay(to).getTime() + dayMs),
  };
}

/** Every day of the range, so that a day without requests shows as zero, not as a gap. */
export function daysOf(range: AnalyticsRange): string[] {
  const days: string[] = [];
  for (let time = range.start.getTime(); time < range.end.getTime(); time += dayMs) {
    days.push(isoDay(new Date(time)));
  }
  return days;
}

/** The Mondays of the ISO weeks that the range touches. */
export function weeksOf(range: AnalyticsRange): string[] {
  const first = range.start.getTime() - ((range.start.getUTCDay() + 6) % 7) * dayMs;
  const weeks: string[] = [];
  for (let time = first; time < range.end.getTime(); time += 7 * dayMs) {
    weeks.push(isoDay(new Date(time)));
  }
  return weeks;
}
