import { describe, expect, it } from 'vitest';

import { broadWorksReleases, currentRelease, releaseSupported } from '@/lib/clusters/releases';
import { createClusterSchema, updateClusterSchema } from '@/lib/clusters/schemas';

import { clusterInput } from '../support/settings-input';

function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return (result.error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('cluster schemas', () => {
  it('accepts a full cluster and normalises blank optional fields', () => {
    const parsed = createClusterSchema.parse(
      clusterInput({
        name: '  Amsterdam XSP  ',
        xsiActionsUrl: ' https://xsp1.partner.example:8443/com.broadsoft.xsi-actions ',
        dasUrl: '',
        ctiUrl: '',
        ctiPort: null,
      }),
    );

    expect(parsed).toMatchObject({
      name: 'Amsterdam XSP',
      xsiActionsUrl: 'https://xsp1.partner.example:8443/com.broadsoft.xsi-actions',
      dasUrl: null,
      ctiUrl: null,
      ctiPort: null,
    });
  });

  it.each([
    [{ xsiActionsUrl: 'http://xsp1.partner.example' }, 'xsiActionsUrl'],
    [{ xsiEventsUrl: 'xsp1.partner.example' }, 'xsiEventsUrl'],
    [{ authServiceUrl: 'https://admin:secret@xsp1.partner.example' }, 'authServiceUrl'],
    [{ ctiPort: 0 }, 'ctiPort'],
    [{ ctiPort: 65_536 }, 'ctiPort'],
    [{ ctiPort: 443.5 }, 'ctiPort'],
    [{ ctiUrl: null, ctiPort: 8012 }, 'ctiUrl'],
    [{ name: 'n'.repeat(81) }, 'name'],
    [{ release: 'R27' }, 'release'],
    [{ callHistorySync: true, callHistorySyncUserId: '' }, 'callHistorySyncUserId'],
    [{ validationPassword: 'p'.repeat(129) }, 'validationPassword'],
    [{ partnerId: '9f1c2d3e-0000-4000-8000-000000000000' }, ''],
  ])('refuses %o at %s', (overrides, path) => {
    const result = createClusterSchema.safeParse(clusterInput(overrides));

    expect(result.success).toBe(false);
    expect(issuesOf(result)).toEqual([path]);
  });

  it('accepts the edges of the port range and a name of 80 characters', () => {
    for (const ctiPort of [1, 65_535]) {
      expect(createClusterSchema.safeParse(clusterInput({ ctiPort })).success).toBe(true);
    }
    expect(createClusterSchema.safeParse(clusterInput({ name: 'n'.repeat(80) })).success).toBe(
      true,
    );
  });

  it('accepts a sync toggle with its user ID', () => {
    const input = clusterInput({ dndSync: true, dndSyncUserId: 'dnd.checker@partner.example' });

    expect(createClusterSchema.safeParse(input).success).toBe(true);
  });

  it('requires the version on an edit and refuses it on a create', () => {
    expect(issuesOf(updateClusterSchema.safeParse(clusterInput()))).toEqual(['version']);
    expect(updateClusterSchema.safeParse(clusterInput({ version: 3 })).success).toBe(true);
    expect(createClusterSchema.safeParse(clusterInput({ version: 3 })).success).toBe(false);
  });

  it('takes the wide-impact confirmation only on an edit', () => {
    const confirmed = clusterInput({ version: 3, confirmWideImpact: true });

    expect(updateClusterSchema.parse(confirmed).confirmWideImpact).toBe(true);
    expect(createClusterSchema.safeParse({ ...confirmed, version: undefined }).success).toBe(false);
  });
});

describe('releaseSupported', () => {
  it('supports the current release and the two before it', () => {
    expect(currentRelease).toBe('R26');
    expect(broadWorksReleases.filter(releaseSupported)).toEqual(['R24', 'R25', 'R26']);
  });

  it.each(['R22', 'R23'] as const)('does not support %s', (release) => {
    expect(releaseSupported(release)).toBe(false);
  });
});
