/** A PEM file as a download, never cached. */
export function pemDownload(pem: string, fileName: string, trackingId: string): Response {
  return new Response(pem, {
    status: 200,
    headers: {
      'Content-Type': 'application/x-pem-file',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Cache-Control': 'no-store',
      TrackingID: trackingId,
    },
  });
}
