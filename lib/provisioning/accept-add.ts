import type { SqlConnection, SqlDriver } from '@/lib/db/driver';
import { currentRequestContext } from '@/lib/observability/request-context';

import type { FlowthroughTemplate } from './credential';
import { provisionJobKind } from './job-kinds';
import {
  emailDomainOf,
  organisationNameOf,
  userIdTaken,
  type SubscriberFields,
} from './record-subscriber';

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
  /** The sequence the caller sent, if any; a user recorded without one starts at 1. */
  changeSequence: bigint | null;
  actorLabel: string;
}

async function findExisting(sql: SqlConnection, partnerId: string, userId: string) {
  const [existing] = await sql.query<{ id: string; templateId: string; orgKey: string }>(
    `SELECT id::text AS id, template_id::text AS "templateId", sp_enterprise_id AS "orgKey"
       FROM "subscriber" WHERE partner_id = $1::uuid AND user_id = $2`,
    [partnerId, userId],
  );
  return existing;
}

/** The template changed since the caller read it: authenticate again with the current row. */
export class StaleTemplate extends Error {}

interface AddOutcome {
  superseded: boolean;
  insertedId: string | null;
  insertedOrgKey: string | null;
  templateCurrent: boolean;
  existingId: string | null;
  existingTemplateId: string | null;
  existingOrgKey: string | null;
}

interface PendingAdd {
  input: NewSubscriber;
  trackingId: string;
  clientIp: string | null;
  settle: { resolve(outcome: AddOutcome): void; reject(error: unknown): void };
}

/**
 * The statement behind a batch of adds. Its lookups of existing users and organisations are
 * lateral so that they stay index probes by key: as plain joins they were planned, while the
 * statistics had not caught up with a bulk load, as a read of every subscriber of the partner
 * for each batch. For the same reason it is not a prepared statement: a plan kept from the
 * first, nearly empty tables would not fit them later.
 */
export const addBatchStatement = `WITH template_current AS (
     SELECT 1 FROM "customer_template"
      WHERE id = $2::uuid AND credential_version = $3 AND flowthrough_enabled
   ), input AS (
     SELECT * FROM unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                          $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
                          $16::text[], $17::bigint[], $18::text[], $19::text[], $20::text[],
                          $22::text[])
            WITH ORDINALITY AS i(user_id, org_key, first_name, last_name, email, email_domain,
                                 primary_phone_number, mobile_phone_number, extension,
                                 language, timezone, change_sequence, actor_label, tracking_id,
                                 client_ip, org_name, position)
   ), candidate AS (
     SELECT i.*, e.id AS existing_id, e.template_id AS existing_template_id,
            e.sp_enterprise_id AS existing_org_key, o.id AS org_id,
            COALESCE(i.change_sequence <= d.change_sequence, false) AS superseded
       FROM input i
       LEFT JOIN LATERAL (
         SELECT s.id, s.template_id, s.sp_enterprise_id FROM "subscriber" s
          WHERE s.partner_id = $1::uuid AND s.user_id = i.user_id LIMIT 1) e ON true
       LEFT JOIN LATERAL (
         SELECT c.id FROM "customer_org" c
          WHERE c.template_id = $2::uuid AND c.sp_enterprise_id = i.org_key LIMIT 1) o ON true
       LEFT JOIN LATERAL (
         SELECT x.change_sequence FROM "subscriber_deletion" x
          WHERE x.partner_id = $1::uuid AND x.user_id = i.user_id LIMIT 1) d ON true
   ), new_org AS (
     INSERT INTO "customer_org" (id, partner_id, template_id, name, sp_enterprise_id, updated_at)
     SELECT DISTINCT ON (c.org_key) gen_random_uuid(), $1::uuid, $2::uuid, c.org_name,
            c.org_key, now()
       FROM candidate c
      WHERE $5::boolean AND EXISTS (SELECT 1 FROM template_current)
        AND c.existing_id IS NULL AND c.org_id IS NULL AND NOT c.superseded
      ORDER BY c.org_key, c.position
     ON CONFLICT (template_id, sp_enterprise_id) DO NOTHING
     RETURNING id, sp_enterprise_id
   ), org_queued AS (
     INSERT INTO "job" (partner_id, kind, payload, dedupe_key, updated_at)
     SELECT $1::uuid, $23, jsonb_build_object('customerOrgId', id),
            'customer-org:' || id || ':create', now()
       FROM new_org
     ON CONFLICT (dedupe_key) DO NOTHING
   ), placed AS (
     SELECT c.*, COALESCE(c.org_id, n.id) AS placed_org_id
       FROM candidate c LEFT JOIN new_org n ON n.sp_enterprise_id = c.org_key
   ), inserted AS (
     INSERT INTO "subscriber" (id, partner_id, template_id, customer_org_id, user_id,
       sp_enterprise_id, first_name, last_name, email, email_domain, primary_phone_number,
       mobile_phone_number, extension, language, timezone, package, change_sequence, updated_at)
     SELECT gen_random_uuid(), $1::uuid, $2::uuid, c.placed_org_id, c.user_id, c.org_key,
            c.first_name, c.last_name, c.email, c.email_domain, c.primary_phone_number,
            c.mobile_phone_number, c.extension, c.language, c.timezone,
            $4::"SubscriberPackage", COALESCE(c.change_sequence, 1), now()
       FROM placed c
      WHERE EXISTS (SELECT 1 FROM template_current)
        AND c.existing_id IS NULL AND NOT c.superseded
        AND (c.placed_org_id IS NOT NULL OR NOT $5::boolean)
      ORDER BY c.user_id
     ON CONFLICT (partner_id, user_id) DO NOTHING
     RETURNING id, user_id, sp_enterprise_id, change_sequence
   ), queued AS (
     INSERT INTO "job" (partner_id, kind, payload, dedupe_key, updated_at)
     SELECT $1::uuid, $21, jsonb_build_object('subscriberId', id),
            'subscriber:' || id || ':change:' || change_sequence::text, now()
       FROM inserted
     ON CONFLICT (dedupe_key) DO NOTHING
   ), audited AS (
     INSERT INTO "audit_entry" (partner_id, actor_label, action, target_type, target_id,
       outcome, tracking_id, client_ip, details)
     SELECT DISTINCT ON (ins.id) $1::uuid, c.actor_label, 'subscriber.flowthrough_add',
            'subscriber', ins.id::text, 'success', c.tracking_id, c.client_ip,
            jsonb_build_object('userId', c.user_id, 'sequence', c.change_sequence::text)
       FROM inserted ins JOIN candidate c ON c.user_id = ins.user_id
      ORDER BY ins.id, c.position
   )
   SELECT c.position::text AS position, c.superseded AS "superseded",
          ins.id::text AS "insertedId",
          ins.sp_enterprise_id AS "insertedOrgKey",
          EXISTS (SELECT 1 FROM template_current) AS "templateCurrent",
          c.existing_id::text AS "existingId",
          c.existing_template_id::text AS "existingTemplateId",
          c.existing_org_key AS "existingOrgKey"
     FROM placed c LEFT JOIN inserted ins ON ins.user_id = c.user_id
    ORDER BY c.position`;

/**
 * One statement and one commit for a batch of adds to one template: it checks that the
 * template's credential and flowthrough switch are still the ones the callers authenticated
 * against, looks for each user and organisation, creates the organisations of first users,
 * and records the new subscribers with their jobs and audit entries. The same user twice in
 * a batch is recorded once. An organisation that a concurrent statement is creating is left
 * to it: its users come back without a row and try again once it has committed.
 */
async function insertSubscribers(
  sql: SqlConnection,
  template: FlowthroughTemplate,
  adds: PendingAdd[],
): Promise<AddOutcome[]> {
  const column = <T>(pick: (add: PendingAdd) => T) => adds.map(pick);
  const fields = (add: PendingAdd) => add.input.fields;

  const rows = await sql.query<AddOutcome & { position: string }>(addBatchStatement, [
    template.partnerId,
    template.id,
    template.credentialVersion,
    template.defaultPackage,
    template.createOrgsAutomatically,
    column((add) => add.input.userId),
    column((add) => add.input.orgKey),
    column((add) => fields(add).firstName),
    column((add) => fields(add).lastName),
    column((add) => fields(add).email),
    column((add) => emailDomainOf(fields(add).email)),
    column((add) => fields(add).primaryPhoneNumber),
    column((add) => fields(add).mobilePhoneNumber),
    column((add) => fields(add).extension),
    column((add) => fields(add).language),
    column((add) => fields(add).timezone),
    column((add) => add.input.changeSequence?.toString() ?? null),
    column((add) => add.input.actorLabel),
    column((add) => add.trackingId),
    column((add) => add.clientIp),
    provisionJobKind.subscriber,
    column((add) => organisationNameOf(add.input.orgName)),
    provisionJobKind.customerOrg,
  ]);
  return rows;
}

const maxBatch = 200;

/**
 * Gathers the adds to one template that arrive together into one statement, with at most a
 * few statements in flight: under load each commit carries many subscribers, and a lone add
 * still goes out at the next turn of the event loop.
 */
class AddBatcher {
  private readonly queue: PendingAdd[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly sql: SqlConnection,
    private readonly template: FlowthroughTemplate,
    private readonly maxInFlight: number,
    private readonly onIdle: () => void,
  ) {}

  submit(add: Omit<PendingAdd, 'settle'>): Promise<AddOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...add, settle: { resolve, reject } });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, maxBatch);
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        if (this.queue.length > 0) this.pump();
        else if (this.inFlight === 0) this.onIdle();
      });
    }
  }

  private async run(batch: PendingAdd[]): Promise<void> {
    try {
      const outcomes = await insertSubscribers(this.sql, this.template, batch);
      batch.forEach((add, index) => add.settle.resolve(outcomes[index]!));
    } catch (error) {
      for (const add of batch) add.settle.reject(error);
    }
  }
}

const batchers = new WeakMap<SqlConnection, Map<string, AddBatcher>>();
let addsInProgress = 0;
let lastAddFinishedAt = 0;

/**
 * Whether this process is accepting adds: one is waiting for or inside its statement, or one
 * finished within `quietMs`. Clients that send their next add as soon as the last is answered
 * leave a gap of a round trip with none in progress, which is not the end of a burst.
 */
export function acceptingAdds(quietMs = 50): boolean {
  return addsInProgress > 0 || Date.now() - lastAddFinishedAt < quietMs;
}

function submitAdd(
  sql: SqlConnection,
  template: FlowthroughTemplate,
  input: NewSubscriber,
): Promise<AddOutcome> {
  let byTemplate = batchers.get(sql);
  if (!byTemplate) {
    byTemplate = new Map();
    batchers.set(sql, byTemplate);
  }

  // Everything the statement takes from the template is part of the key.
  const key = [
    template.id,
    template.partnerId,
    template.credentialVersion,
    template.defaultPackage,
    template.createOrgsAutomatically,
  ].join('\0');
  let batcher = byTemplate.get(key);
  if (!batcher) {
    // The embedded database is one connection: more statements in flight would only queue.
    // On a server, two let one batch fill while the other commits; more split the same adds
    // into smaller batches that cost the database more per add (measured: 1, 2, 4 and 8).
    const maxInFlight = (sql as Partial<SqlDriver>).kind === 'postgres' ? 2 : 1;
    batcher = new AddBatcher(sql, template, maxInFlight, () => byTemplate.delete(key));
    byTemplate.set(key, batcher);
  }

  const context = currentRequestContext();
  addsInProgress += 1;
  return batcher
    .submit({
      input,
      trackingId: context?.trackingId ?? 'none',
      clientIp: context?.clientIp ?? null,
    })
    .finally(() => {
      addsInProgress -= 1;
      lastAddFinishedAt = Date.now();
    });
}

/**
 * Records a new subscriber with its job and audit entry; idempotent and race-free. Answers
 * null for an add older than a delete of the same user that was already applied.
 */
export async function acceptNewSubscriber(
  sql: SqlConnection,
  template: FlowthroughTemplate,
  input: NewSubscriber,
): Promise<string | null> {
  let outcome = await submitAdd(sql, template, input);
  if (outcome.superseded && !outcome.existingId) return null;

  // A user or a first user's organisation that a concurrent statement was recording: it has
  // committed by now, and the next statement sees its row.
  if (!outcome.insertedId && !outcome.existingId && outcome.templateCurrent) {
    outcome = await submitAdd(sql, template, input);
  }

  if (outcome.insertedId && outcome.insertedOrgKey === input.orgKey) return outcome.insertedId;
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
