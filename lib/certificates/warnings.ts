/** Days before expiry from which a certificate is flagged. */
export const expiryWarningDays = 30;

/** Time for partners to install a new CA chain on every XSP before the current one ends. */
export const renewalWindowDays = 90;

const dayMs = 86_400_000;

export type CertificateWarning =
  | 'unreachable'
  | 'expired'
  | 'notYetValid'
  | 'expiresSoon'
  | 'selfSigned'
  | 'untrusted'
  | 'wrongHost';

/** The fields of an XspCertificate row that decide its warnings. */
export interface CertificateFacts {
  errorReason: string | null;
  validFrom: Date | null;
  validTo: Date | null;
  selfSigned: boolean;
  chainTrusted: boolean;
  hostnameMatches: boolean;
}

/** Whole days until the certificate expires; negative once it has. */
export function daysToExpiry(validTo: Date, now: Date = new Date()): number {
  return Math.floor((validTo.getTime() - now.getTime()) / dayMs);
}

/**
 * Everything wrong with one interface's certificate, as of `now`. The one place that decides
 * it: the certificates page and the service status count the same warnings.
 */
export function certificateWarnings(
  facts: CertificateFacts,
  now: Date = new Date(),
): CertificateWarning[] {
  if (facts.errorReason || !facts.validTo) return ['unreachable'];

  const warnings: CertificateWarning[] = [];
  const days = daysToExpiry(facts.validTo, now);

  if (facts.validTo.getTime() <= now.getTime()) warnings.push('expired');
  else if (days < expiryWarningDays) warnings.push('expiresSoon');
  if (facts.validFrom && facts.validFrom.getTime() > now.getTime()) warnings.push('notYetValid');
  // A self-signed certificate is untrusted by nature; saying both would say it twice.
  if (facts.selfSigned) warnings.push('selfSigned');
  else if (!facts.chainTrusted) warnings.push('untrusted');
  if (!facts.hostnameMatches) warnings.push('wrongHost');

  return warnings;
}

/** How many of the given certificates have at least one warning. */
export function countCertificateWarnings(rows: CertificateFacts[], now: Date = new Date()): number {
  return rows.filter((row) => certificateWarnings(row, now).length > 0).length;
}
