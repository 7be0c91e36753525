import { describe, expect, it } from 'vitest';

import {
  certificateWarnings,
  countCertificateWarnings,
  daysToExpiry,
  type CertificateFacts,
} from '@/lib/certificates/warnings';

const now = new Date('2026-12-03T12:00:00Z');
const day = 86_400_000;
const at = (days: number) => new Date(now.getTime() + days * day);

function facts(overrides: Partial<CertificateFacts> = {}): CertificateFacts {
  return {
    errorReason: null,
    validFrom: at(-100),
    validTo: at(200),
    selfSigned: false,
    chainTrusted: true,
    hostnameMatches: true,
    ...overrides,
  };
}

describe('certificateWarnings', () => {
  it('finds nothing wrong with a trusted, matching certificate far from expiry', () => {
    expect(certificateWarnings(facts(), now)).toEqual([]);
  });

  it('warns from 30 days before expiry, and says expired from the moment it is', () => {
    expect(certificateWarnings(facts({ validTo: at(30) }), now)).toEqual([]);
    expect(certificateWarnings(facts({ validTo: at(29.9) }), now)).toEqual(['expiresSoon']);
    expect(certificateWarnings(facts({ validTo: at(0.01) }), now)).toEqual(['expiresSoon']);
    expect(certificateWarnings(facts({ validTo: now }), now)).toEqual(['expired']);
    expect(daysToExpiry(at(29.9), now)).toBe(29);
    expect(daysToExpiry(at(-1.5), now)).toBe(-2);
  });

  it('names each other fault, and a self-signed certificate once', () => {
    expect(
      certificateWarnings(
        facts({ selfSigned: true, chainTrusted: false, hostnameMatches: false }),
        now,
      ),
    ).toEqual(['selfSigned', 'wrongHost']);
    expect(certificateWarnings(facts({ chainTrusted: false }), now)).toEqual(['untrusted']);
    expect(certificateWarnings(facts({ validFrom: at(1) }), now)).toEqual(['notYetValid']);
  });

  it('reports an interface whose handshake failed as unreachable only', () => {
    const failed = facts({ errorReason: 'The connection was refused.', validTo: null });
    expect(certificateWarnings(failed, now)).toEqual(['unreachable']);
  });

  it('counts the certificates that have any warning', () => {
    const rows = [facts(), facts({ validTo: at(3) }), facts({ selfSigned: true, validTo: at(-1) })];
    expect(countCertificateWarnings(rows, now)).toBe(2);
  });
});
