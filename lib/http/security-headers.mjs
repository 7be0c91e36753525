// Shared by next.config.js and the custom server's own answers, so both send the same headers.

/** Headers of every answer; the page Content-Security-Policy needs a nonce and is set apart. */
export function securityHeaders(baseUrl = process.env.APP_BASE_URL ?? '') {
  const secure = baseUrl.startsWith('https://');
  return [
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'X-Frame-Options', value: 'DENY' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
    { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
    ...(secure
      ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }]
      : []),
  ];
}

/** Headers of the machine APIs, which answer JSON only. */
export const machineApiHeaders = [
  { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" },
  { key: 'Cache-Control', value: 'no-store' },
];
