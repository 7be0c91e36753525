import { describe, expect, it } from 'vitest';

import { flowthroughRequestSchema, parseFlowthroughXml } from '@/lib/provisioning/contract';
import {
  flowthroughJsonExample,
  flowthroughXmlExample,
} from '@/lib/provisioning/contract-examples';

describe('the documented flowthrough examples', () => {
  it('are requests the endpoint accepts, the XML one with its escape decoded', () => {
    const fromJson = flowthroughRequestSchema.parse(JSON.parse(flowthroughJsonExample));
    const fromXml = flowthroughRequestSchema.parse(parseFlowthroughXml(flowthroughXmlExample));

    expect(fromJson).toMatchObject({ operation: 'add', sequence: 1733234567000 });
    expect(fromXml).toMatchObject({
      operation: 'add',
      sequence: 1733234567000,
      user: { userId: fromJson.user.userId, enterpriseName: 'Acme & Zonen' },
    });
  });
});
