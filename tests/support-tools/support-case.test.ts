import { describe, expect, it } from 'vitest';

import {
  supportCaseFileName,
  supportCaseText,
  validateSupportCase,
} from '@/lib/support-tools/support-case';

const partnerOrgId = '0f8fad5b-d9cb-469f-a165-70867728950e';
const customerOrgId = '7C9E6679-7425-40DE-944B-E07FC1F90AE7';
const trackingId = 'PHUB_20261203_0123456789abcdef01234567';

describe('support case helper', () => {
  it('accepts a complete case and writes it as text with every field named', () => {
    const result = validateSupportCase({
      partnerOrgId: ` ${partnerOrgId} `,
      customerOrgId,
      trackingId,
      email: 'femke.bakker@customer.example',
      clientVersions: 'Webex 45.6.1\nBrowser: Firefox 140',
      summary: 'Adding a user fails.',
    });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const text = supportCaseText(result.value, new Date('2026-12-03T19:00:00Z'));
    expect(text).toContain(`Partner org ID:  ${partnerOrgId}\n`);
    expect(text).toContain(`Customer org ID: ${customerOrgId}\n`);
    expect(text).toContain(`TrackingID:      ${trackingId}\n`);
    expect(text).toContain('User email:      femke.bakker@customer.example\n');
    expect(text).toContain('Client versions:\n  Webex 45.6.1\n  Browser: Firefox 140\n');
    expect(text).toContain('What happened:\n  Adding a user fails.\n');
    expect(text).toContain('Prepared: 2026-12-03T19:00:00.000Z');
    expect(supportCaseFileName(result.value)).toBe(`support-case-${trackingId}.txt`);
  });

  it('needs only the partner org ID and says what was not given', () => {
    const result = validateSupportCase({ partnerOrgId, customerOrgId: '', email: '  ' });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const text = supportCaseText(result.value);
    expect(text).toContain('Customer org ID: (not given)');
    expect(text).toContain('TrackingID:      (not given)');
    expect(text).not.toContain('What happened');
    expect(supportCaseFileName(result.value, new Date('2026-12-03T10:00:00Z'))).toBe(
      'support-case-20261203.txt',
    );
  });

  it('names each field whose format is wrong', () => {
    const result = validateSupportCase({
      partnerOrgId: '0f8fad5bd9cb469fa16570867728950e',
      customerOrgId: '0f8fad5b-d9cb-469f-a165-70867728950',
      trackingId: 'PHUB_20261203_0123',
      email: 'not an email',
      clientVersions: 'x'.repeat(1_001),
    });

    expect(result).toEqual({
      ok: false,
      errors: {
        partnerOrgId: 'orgId',
        customerOrgId: 'orgId',
        trackingId: 'trackingId',
        email: 'email',
        clientVersions: 'tooLong',
      },
    });
  });

  it('requires the partner org ID and refuses an ID with other characters than hex digits', () => {
    expect(validateSupportCase({})).toEqual({ ok: false, errors: { partnerOrgId: 'required' } });
    expect(validateSupportCase({ partnerOrgId: 'zf8fad5b-d9cb-469f-a165-70867728950e' })).toEqual({
      ok: false,
      errors: { partnerOrgId: 'orgId' },
    });
  });
});
