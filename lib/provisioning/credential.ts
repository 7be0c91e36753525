import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { verifyPassword } from '@/lib/auth/password';
import type { SqlConnection } from '@/lib/db/driver';
import { AppError } from '@/lib/http/errors';
import { tooManyRequests } from '@/lib/http/rate-limit';
import { noteRequestActor } from '@/lib/observability/request-context';

const rememberMs = 60_000;
const maxRemembered = 10_000;

// Keys of verified credentials: a keyed hash, so the memory holds nothing that could be
// turned back into a password, and the key dies with the process.
const cacheKey = randomBytes(32);
const remembered = new Map<string, number>();
const verifying = new Map<string, Promise<boolean>>();
const refreshAheadMs = 10_000;

// Refused credentials are remembered as well: an adapter still sending the password from
// before a change would otherwise cost an argon2 verification per call, thousands a second.
// Distinct unknown passwords are verified at most this many at a time; beyond, 429.
const refused = new Map<string, number>();
const maxVerifying = 16;

// Template rows are read again after a second at most; the statements that write check the
// credential version and the flowthrough switch themselves, so a stale row cannot let a
// changed password or a disabled template through.
const templateTtlMs = 1_000;
const templates = new Map<string, { row: TemplateRow; expires: number }>();

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

function remember(memory: Map<string, number>, key: string, now = Date.now()): void {
  if (memory.size >= maxRemembered) {
    const oldest = memory.keys().next().value;
    if (oldest !== undefined) memory.delete(oldest);
  }
  memory.set(key, now + rememberMs);
}

function stillRemembered(memory: Map<string, number>, key: string, now: number) {
  const expires = memory.get(key);
  return expires !== undefined && expires > now ? expires : undefined;
}

/**
 * Verifies a credential once however many requests carry it at the same moment, and
 * refreshes a remembered one shortly before it expires, so that a busy template never sees
 * all its in-flight requests wait on argon2 at once.
 */
function verifyOnce(key: string, hash: string, password: string): Promise<boolean> {
  let pending = verifying.get(key);
  if (!pending) {
    if (verifying.size >= maxVerifying) throw tooManyRequests(1);
    pending = verifyPassword(hash, password)
      .then((valid) => {
        remember(valid ? remembered : refused, key);
        if (valid) refused.delete(key);
        return valid;
      })
      .finally(() => verifying.delete(key));
    verifying.set(key, pending);
  }
  return pending;
}

async function credentialAccepted(key: string, hash: string, password: string): Promise<boolean> {
  const now = Date.now();
  const expires = stillRemembered(remembered, key, now);
  if (expires !== undefined) {
    if (expires - now < refreshAheadMs) {
      void Promise.resolve()
        .then(() => verifyOnce(key, hash, password))
        .catch(() => {});
    }
    return true;
  }
  if (stillRemembered(refused, key, now) !== undefined) return false;
  return verifyOnce(key, hash, password);
}

export interface FlowthroughTemplate {
  id: string;
  partnerId: string;
  flowthroughEnabled: boolean;
  createOrgsAutomatically: boolean;
  orgMode: 'enterprise' | 'group';
  defaultPackage: 'softphone' | 'basic' | 'standard' | 'premium';
  emailTrust: 'trusted' | 'untrusted';
  credentialVersion: number;
}

type TemplateRow = FlowthroughTemplate & {
  provisioningAccount: string;
  provisioningPasswordHash: string;
};

async function loadTemplate(
  sql: SqlConnection,
  provisioningId: string,
  fresh: boolean,
): Promise<TemplateRow | undefined> {
  const now = Date.now();
  const cached = templates.get(provisioningId);
  if (!fresh && cached && cached.expires > now) return cached.row;

  // Plain SQL: this runs on every flowthrough call and the ORM's per-query work would dominate.
  const [row] = await sql.query<TemplateRow>(
    `SELECT id::text AS "id", partner_id::text AS "partnerId",
            flowthrough_enabled AS "flowthroughEnabled",
            create_orgs_automatically AS "createOrgsAutomatically",
            org_mode::text AS "orgMode", default_package::text AS "defaultPackage",
            email_trust::text AS "emailTrust", provisioning_account AS "provisioningAccount",
            provisioning_password_hash AS "provisioningPasswordHash",
            credential_version AS "credentialVersion"
       FROM "customer_template" WHERE provisioning_id = $1`,
    [provisioningId],
  );
  if (row) {
    if (templates.size >= maxRemembered) templates.clear();
    templates.set(provisioningId, { row, expires: now + templateTtlMs });
  } else {
    templates.delete(provisioningId);
  }
  return row;
}

/** Drops the remembered row of a template, after a write found it changed. */
export function forgetFlowthroughTemplate(provisioningId: string): void {
  templates.delete(provisioningId);
}

async function checkCredential(
  template: TemplateRow | undefined,
  credential: { account: string; password: string },
): Promise<boolean> {
  // An unknown provisioning ID looks like a wrong password: it says nothing about which exist.
  if (!template || !sameText(credential.account, template.provisioningAccount)) return false;

  const key = createHmac('sha256', cacheKey)
    .update(
      `${template.id}\0${template.credentialVersion}\0${credential.account}\0${credential.password}`,
    )
    .digest('base64url');
  return credentialAccepted(key, template.provisioningPasswordHash, credential.password);
}

/**
 * Finds the template of a provisioning URL and checks the Basic credential against it. A
 * verified credential is remembered for a minute under a key that includes the template's
 * credential version, so a password change stops the old one on the very next call. With
 * `fresh`, the template row is read from the database rather than from the last second's copy.
 */
export async function authenticateFlowthrough(
  sql: SqlConnection,
  options: { provisioningId: string; authorization: string | null; fresh?: boolean },
): Promise<FlowthroughTemplate> {
  const credential = parseBasic(options.authorization);
  if (!credential) throw credentialRejected();

  let template = await loadTemplate(sql, options.provisioningId, options.fresh ?? false);
  if (!(await checkCredential(template, credential))) {
    // The copy may predate a password change: only the current row can refuse. When that
    // row holds the same credential, the answer would be the same.
    if (options.fresh) throw credentialRejected();
    const copy = template;
    template = await loadTemplate(sql, options.provisioningId, true);
    const unchanged =
      copy !== undefined &&
      template !== undefined &&
      copy.credentialVersion === template.credentialVersion &&
      copy.provisioningAccount === template.provisioningAccount &&
      copy.provisioningPasswordHash === template.provisioningPasswordHash;
    if (unchanged || !(await checkCredential(template, credential))) throw credentialRejected();
  }
  noteRequestActor({
    partnerId: template!.partnerId,
    credential: options.provisioningId,
    templateId: template!.id,
  });

  if (!template!.flowthroughEnabled && !options.fresh) {
    // A copy may predate the switch being turned on: only the current row can refuse.
    return authenticateFlowthrough(sql, { ...options, fresh: true });
  }
  if (!template!.flowthroughEnabled) {
    throw new AppError(
      'forbidden',
      'Flowthrough provisioning is disabled for this template.',
      ['A partner admin can turn on flowthrough provisioning in the customer template.'],
      {},
      { errorCode: 'flowthrough_disabled' },
    );
  }

  return template!;
}
