// Apart from the request context, which needs Node, so that browser code can check the format.
const trackingIdPattern = /^PHUB_\d{8}_[0-9a-f]{24}$/;

export function isTrackingId(value: string | null | undefined): value is string {
  return typeof value === 'string' && trackingIdPattern.test(value);
}
