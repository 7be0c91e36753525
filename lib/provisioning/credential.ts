import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { verifyPassword } from '@/lib/auth/password';
import type { SqlConnection } from '@/lib/db/driver';
import { AppError } from '@/lib/http/errors';
import { noteRequestActor } from '@/lib/observability/request-context';

const rememberMs = 60_000;
const maxRemembered = 10_000;

// Keys of verified credentials: a keyed hash, so the memory holds nothing that could be
// turned back into a password, and the key dies with the process.
const cacheKey = randomBytes(32);
const remembered = new Map<string, number>();

export const flowthroughChallenge = 'Basic realm="partner-hub-provisioning", charset="UTF-8"';

function credentialRejected(): AppError {
  return new AppError(
    'unauthorized',
    'The provisioning credentials are not valid.',
    ['Send the provisioning account and password of this template with HTTP Basic.'],
    { 'WWW-Authenticate': flowthroughChallenge },
  );
}

function parseBasic(header: string | null): { account: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return null;

  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) return null;
  return { account: decoded.slice(0, separator), password: decoded.slice(separator + 1) };
}

function sameText(left: string, right: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(left), digest(right));
}

function remember(key: string): void {
  if (remembered.size >= maxRemembered) {
    const oldest = remembered.keys().next().value;
    if (oldest !== undefined) remembered.delete(oldest);
  }
  remembered.set(key, Date.now() + rememberMs);
}

export interface FlowthroughTemplate {
  id: string;
  partnerId: string;
  flowthroughEnabled: boolean;
  createOrgsAutomatically: boolean;
  orgMode: 'enterprise' | 'group';
  defaultPackage: 'softphone' | 'basic' | 'standard' | 'premium';
  emailTrust: 'trusted' | 'untrusted';
}

/**
 * Finds the template of a provisioning URL and checks the Basic credential against it. A
 * verified credential is remembered for a minute under a key that includes the template's
 * credential version, so a password change stops the old one on the very next call.
 */
export async function authenticateFlowthrough(
  sql: SqlConnection,
  options: { provisioningId: string; authorization: string | null },
): Promise<FlowthroughTemplate> {
  const credential = parseBasic(options.authorization);
  if (!credential) throw credentialRejected();

  // Plain SQL: this runs on every flowthrough call and the ORM's per-query work would dominate.
  const [template] = await sql.query<
    FlowthroughTemplate & {
      provisioningAccount: string;
      provisioningPasswordHash: string;
      credentialVersion: number;
    }
  >(
    `SELECT id::text AS "id", partner_id::text AS "partnerId",
            flowthrough_enabled AS "flowthroughEnabled",
            create_orgs_automatically AS "createOrgsAutomatically",
            org_mode::text AS "orgMode", default_package::text AS "defaultPackage",
            email_trust::text AS "emailTrust", provisioning_account AS "provisioningAccount",
            provisioning_password_hash AS "provisioningPasswordHash",
            credential_version AS "credentialVersion"
       FROM "customer_template" WHERE provisioning_id = $1`,
    [options.provisioningId],
  );
  // An unknown provisioning ID looks like a wrong password: it says nothing about which exist.
  if (!template || !sameText(credential.account, template.provisioningAccount)) {
    throw credentialRejected();
  }

  const key = createHmac('sha256', cacheKey)
    .update(
      `${template.id}\0${template.credentialVersion}\0${credential.account}\0${credential.password}`,
    )
    .digest('base64url');
  const expires = remembered.get(key);
  const knownGood = expires !== undefined && expires > Date.now();

  if (!knownGood) {
    if (!(await verifyPassword(template.provisioningPasswordHash, credential.password))) {
      throw credentialRejected();
    }
    remember(key);
  }
  noteRequestActor({
    partnerId: template.partnerId,
    credential: options.provisioningId,
    templateId: template.id,
  });

  if (!template.flowthroughEnabled) {
    throw new AppError(
      'forbidden',
      'Flowthrough provisioning is disabled for this template.',
      ['A partner admin can turn on flowthrough provisioning in the customer template.'],
      {},
      { errorCode: 'flowthrough_disabled' },
    );
  }

  return template;
}
