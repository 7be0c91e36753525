import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

export { isTrackingId } from './tracking-id';

/** What the request log line needs to know about a request once its handler has run. */
export interface RequestContext {
  trackingId: string;
  clientIp: string;
  partnerId?: string;
  userId?: string;
  /** The machine credential used: an API token's prefix or a template's provisioning ID. */
  credential?: string;
  templateId?: string;
  /** The error code of the answer, when it is an error. */
  errorCode?: string;
  route?: string;
}

// The custom server and the route handlers Next bundles load this module separately, so
// the storage itself lives on globalThis to be one store per process.
const slot = Symbol.for('partner-hub.request-context');
type GlobalWithStore = typeof globalThis & { [slot]?: AsyncLocalStorage<RequestContext> };

export function requestContextStore(): AsyncLocalStorage<RequestContext> {
  const holder = globalThis as GlobalWithStore;
  holder[slot] ??= new AsyncLocalStorage<RequestContext>();
  return holder[slot];
}

export function currentRequestContext(): RequestContext | undefined {
  return requestContextStore().getStore();
}

/** Records who made the request, for the request log line. */
export function noteRequestActor(
  actor: Pick<RequestContext, 'partnerId' | 'userId' | 'credential' | 'templateId'>,
): void {
  const context = currentRequestContext();
  if (!context) return;
  if (actor.partnerId) context.partnerId = actor.partnerId;
  if (actor.userId) context.userId = actor.userId;
  if (actor.credential) context.credential = actor.credential;
  if (actor.templateId) context.templateId = actor.templateId;
}

/** Records the error code a request is answered with, for the request log. */
export function noteErrorCode(code: string): void {
  const context = currentRequestContext();
  if (context) context.errorCode = code;
}

/** A TrackingID as support staff will read it aloud: prefix, date, random part. */
export function newTrackingId(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `PHUB_${day}_${randomBytes(12).toString('hex')}`;
}
