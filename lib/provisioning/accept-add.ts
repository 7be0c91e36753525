import type { SqlConnection } from '@/lib/db/driver';
import { currentRequestContext } from '@/lib/observability/request-context';

import type { FlowthroughTemplate } from './credential';
import { provisionJobKind } from './job-kinds';
import { emailDomainOf, userIdTaken, type SubscriberFields } from './record-subscriber';

/**
 * The add of a new user, the hot path of flowthrough provisioning, in plain SQL: a few
 * statements, each atomic, instead of an ORM transaction whose per-query work would cap
 * the endpoint far below what the database can take.
 */
export interface NewSubscriber {
  userId: string;
  orgKey: string;
  orgName: string;
  fields: SubscriberFields;
  changeSequence: bigint;
  actorLabel: string;
}

interface OrgRow {
  id: string;
  status: string;
}

async function findOrg(sql: SqlConnection, templateId: string, orgKey: string) {
  const [org] = await sql.query<OrgRow>(
    `SELECT id::text AS id, status::text AS status FROM "customer_org"
      WHERE template_id = $1::uuid AND sp_enterprise_id = $2`,
    [templateId, orgKey],
  );
  return org;
}

async function findExisting(sql: SqlConnection, partnerId: string, userId: string) {
  const [existing] = await sql.query<{ id: string; templateId: string; orgKey: string }>(
    `SELECT id::text AS id, template_id::text AS "templateId", sp_enterprise_id AS "orgKey"
       FROM "subscriber" WHERE partner_id = $1::uuid AND user_id = $2`,
    [partnerId, userId],
  );
  return existing;
}

/**
 * The organisation of the user's enterprise, created with its job when this is the first
 * user. Concurrent first users all end on the one row the unique key allows: an insert that
 * meets a concurrent one waits for it, and the read after it sees the committed row.
 */
async function organisationFor(
  sql: SqlConnection,
  template: FlowthroughTemplate,
  input: NewSubscriber,
): Promise<OrgRow | undefined> {
  const known = await findOrg(sql, template.id, input.orgKey);
  if (known || !template.createOrgsAutomatically) return known;

  const [created] = await sql.query<OrgRow>(
    `WITH created AS (
       INSERT INTO "customer_org" (id, partner_id, template_id, name, sp_enterprise_id, updated_at)
       VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3, $4, now())
       ON CONFLICT (template_id, sp_enterprise_id) DO NOTHING
       RETURNING id, status
     ), queued AS (
       INSERT INTO "job" (partner_id, kind, payload, dedupe_key, updated_at)
       SELECT $1::uuid, $5, jsonb_build_object('customerOrgId', id),
              'customer-org:' || id || ':create', now()
         FROM created
       ON CONFLICT (dedupe_key) DO NOTHING
     )
     SELECT id::text AS id, status::text AS status FROM created`,
    [template.partnerId, template.id, input.orgName, input.orgKey, provisionJobKind.customerOrg],
  );
  return created ?? (await findOrg(sql, template.id, input.orgKey));
}

/** The template changed since the caller read it: authenticate again with the current row. */
export class StaleTemplate extends Error {}

interface AddOutcome {
  insertedId: string | null;
  templateCurrent: boolean;
  existingId: string | null;
  existingTemplateId: string | null;
  existingOrgKey: string | null;
  orgKnown: boolean;
}

/**
 * One statement and one commit for the usual add: it checks that the template's credential
 * and flowthrough switch are still the ones the caller authenticated against, looks for the
 * user and the organisation, and records the subscriber with its job and audit entry.
 */
async function insertSubscriber(
  sql: SqlConnection,
  template: FlowthroughTemplate,
  input: NewSubscriber,
): Promise<AddOutcome> {
  const context = currentRequestContext();
  const { fields } = input;

  const [outcome] = await sql.query<AddOutcome>(
    `WITH template_current AS (
       SELECT 1 FROM "customer_template"
        WHERE id = $2::uuid AND credential_version = $20 AND flowthrough_enabled
     ), existing AS (
       SELECT id, template_id, sp_enterprise_id FROM "subscriber"
        WHERE partner_id = $1::uuid AND user_id = $3
     ), org AS (
       SELECT id FROM "customer_org" WHERE template_id = $2::uuid AND sp_enterprise_id = $4
     ), inserted AS (
       INSERT INTO "subscriber" (id, partner_id, template_id, customer_org_id, user_id,
         sp_enterprise_id, first_name, last_name, email, email_domain, primary_phone_number,
         mobile_phone_number, extension, language, timezone, package, change_sequence, updated_at)
       SELECT gen_random_uuid(), $1::uuid, $2::uuid, (SELECT id FROM org), $3, $4, $5, $6, $7,
              $8, $9, $10, $11, $12, $13, $14::"SubscriberPackage", $15::bigint, now()
        WHERE EXISTS (SELECT 1 FROM template_current)
          AND NOT EXISTS (SELECT 1 FROM existing)
          AND (EXISTS (SELECT 1 FROM org) OR NOT $21::boolean)
       ON CONFLICT (partner_id, user_id) DO NOTHING
       RETURNING id
     ), queued AS (
       INSERT INTO "job" (partner_id, kind, payload, dedupe_key, updated_at)
       SELECT $1::uuid, $16, jsonb_build_object('subscriberId', id),
              'subscriber:' || id || ':change:' || $15::text, now()
         FROM inserted
       ON CONFLICT (dedupe_key) DO NOTHING
     ), audited AS (
       INSERT INTO "audit_entry" (partner_id, actor_label, action, target_type, target_id,
         outcome, tracking_id, client_ip, details)
       SELECT $1::uuid, $17, 'subscriber.flowthrough_add', 'subscriber', id::text, 'success',
              $18, $19, jsonb_build_object('userId', $3::text, 'sequence', $15::text)
         FROM inserted
     )
     SELECT (SELECT id::text FROM inserted) AS "insertedId",
            EXISTS (SELECT 1 FROM template_current) AS "templateCurrent",
            (SELECT id::text FROM existing) AS "existingId",
            (SELECT template_id::text FROM existing) AS "existingTemplateId",
            (SELECT sp_enterprise_id FROM existing) AS "existingOrgKey",
            EXISTS (SELECT 1 FROM org) AS "orgKnown"`,
    [
      template.partnerId,
      template.id,
      input.userId,
      input.orgKey,
      fields.firstName,
      fields.lastName,
      fields.email,
      emailDomainOf(fields.email),
      fields.primaryPhoneNumber,
      fields.mobilePhoneNumber,
      fields.extension,
      fields.language,
      fields.timezone,
      template.defaultPackage,
      input.changeSequence.toString(),
      provisionJobKind.subscriber,
      input.actorLabel,
      context?.trackingId ?? 'none',
      context?.clientIp ?? null,
      template.credentialVersion,
      template.createOrgsAutomatically,
    ],
  );
  return outcome!;
}

/** Records a new subscriber with its job and audit entry; idempotent and race-free. */
export async function acceptNewSubscriber(
  sql: SqlConnection,
  template: FlowthroughTemplate,
  input: NewSubscriber,
): Promise<string> {
  let outcome = await insertSubscriber(sql, template, input);

  // The first user of an enterprise: create its organisation, then record the user in it.
  if (!outcome.insertedId && !outcome.existingId && outcome.templateCurrent) {
    if (!outcome.orgKnown && template.createOrgsAutomatically) {
      await organisationFor(sql, template, input);
    }
    outcome = await insertSubscriber(sql, template, input);
  }

  if (outcome.insertedId) return outcome.insertedId;
  if (!outcome.templateCurrent) throw new StaleTemplate();

  // Known already, or a concurrent add of the same user got there first: answer as for a
  // repeated add.
  const existing = outcome.existingId
    ? {
        id: outcome.existingId,
        templateId: outcome.existingTemplateId,
        orgKey: outcome.existingOrgKey,
      }
    : await findExisting(sql, template.partnerId, input.userId);
  if (!existing || existing.templateId !== template.id || existing.orgKey !== input.orgKey) {
    throw userIdTaken();
  }
  return existing.id;
}
