import { randomUUID } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { createTemplateSchema, updateTemplateSchema } from '@/lib/templates/schemas';

import { templateInput } from '../support/settings-input';

const password = 'twelve chars or more';
const withPassword = { provisioningPassword: password, provisioningPasswordConfirm: password };

function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return (result.error?.issues ?? []).map((issue) => issue.path.join('.'));
}

describe('customer template schemas', () => {
  const clusterId = randomUUID();

  it('accepts a template and normalises country code, email and blank texts', () => {
    const parsed = createTemplateSchema.parse(
      templateInput(clusterId, {
        ...withPassword,
        countryCode: ' be ',
        spAdminEmail: ' Admin@Provider.Example ',
        partnerAdminDisplayName: '   ',
      }),
    );

    expect(parsed).toMatchObject({
      countryCode: 'BE',
      spAdminEmail: 'admin@provider.example',
      partnerAdminDisplayName: null,
    });
  });

  it.each([
    [
      { provisioningPassword: undefined, provisioningPasswordConfirm: undefined },
      ['provisioningPassword'],
    ],
    [{ provisioningPasswordConfirm: `${password}!` }, ['provisioningPasswordConfirm']],
    [
      { provisioningPassword: 'too short', provisioningPasswordConfirm: 'too short' },
      ['provisioningPassword'],
    ],
    [{ countryCode: 'QQ' }, ['countryCode']],
    [{ clusterId: 'cluster-1' }, ['clusterId']],
    [{ emailLanguage: 'tlh' }, ['emailLanguage']],
    [{ orgMode: 'site' }, ['orgMode']],
  ])('refuses a create with %o', (overrides, paths) => {
    const result = createTemplateSchema.safeParse(
      templateInput(clusterId, { ...withPassword, ...overrides }),
    );

    expect(issuesOf(result)).toEqual(paths);
  });

  it('keeps the password on an edit when both fields are blank or absent', () => {
    const blank = { provisioningPassword: '', provisioningPasswordConfirm: '' };

    expect(updateTemplateSchema.safeParse(templateInput(clusterId, { version: 2 })).success).toBe(
      true,
    );
    expect(
      updateTemplateSchema.safeParse(templateInput(clusterId, { ...blank, version: 2 })).success,
    ).toBe(true);
    expect(
      issuesOf(
        updateTemplateSchema.safeParse(
          templateInput(clusterId, { provisioningPasswordConfirm: password, version: 2 }),
        ),
      ),
    ).toEqual(['provisioningPassword', 'provisioningPasswordConfirm']);
  });
});
