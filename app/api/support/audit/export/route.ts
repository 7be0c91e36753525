import { partnerRoute } from '@/lib/http/api-route';
import { otherMethods } from '@/lib/http/method-not-allowed';
import { parseQuery } from '@/lib/http/query';
import {
  auditCsvStream,
  auditExportMaxRows,
  auditExportQuery,
  exceedsExportCap,
} from '@/lib/support-tools/audit-log';

/** The filtered audit log as a CSV download; support staff may export what they may read. */
export const GET = partnerRoute({ permission: 'read' }, async ({ request, db, trackingId }) => {
  const filters = parseQuery(request, auditExportQuery);
  const capped = await exceedsExportCap(db, filters);
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');

  return new Response(auditCsvStream(db, filters), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-log-${day}.csv"`,
      'Cache-Control': 'no-store',
      'X-Row-Cap': String(auditExportMaxRows),
      'X-Row-Cap-Reached': String(capped),
      TrackingID: trackingId,
    },
  });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods('GET');
