import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { isTrusted } from './trusted';
import { getService } from '../utils/get-service';

/**
 * One door to texting data (issue 10, rule 13). A Document Service middleware sees every
 * `strapi.documents(uid)` call: the Content Manager (single and bulk actions), other plugins, scripts.
 * The plugin's own services run inside `trusted(...)` (every service method is wrapped, see
 * `services/index.ts`) and pass; everything else is judged here:
 *  - internal types (texts, conversations, contacts and opt-outs, the outbox, delivery reports, number
 *    history, the opt-out log): no action at all. They are hidden from the Content Manager, and a hand-typed Content
 *    Manager URL answers 404 even for a super admin;
 *  - phone numbers: reading is allowed; a delete goes through the plugin's release (in-use check, release
 *    at Plivo, then delete, as `DELETE /texting/phone-numbers/:id` does); any other write is refused, since
 *    a number exists only when it was bought at Plivo and its settings have their own page;
 *  - campaigns: reading is allowed; writes are refused (rule 2, the overlap check and the state machine
 *    live in the campaigns service).
 * `strapi.db.query(...)` bypasses the Document Service; the query-engine lifecycles (`in-use.ts`,
 * `phone-number-rules.ts`) keep the rules that must hold there too.
 */

export const INTERNAL_UIDS = [
  'plugin::texting.message',
  'plugin::texting.conversation',
  'plugin::texting.contact',
  'plugin::texting.outbox-message',
  'plugin::texting.delivery-report',
  'plugin::texting.number-event',
  'plugin::texting.dispatch-state',
  'plugin::texting.notification',
  'plugin::texting.notification-read',
  'plugin::texting.opt-out-event',
] as const;

const NUMBER = 'plugin::texting.phone-number';
const CAMPAIGN = 'plugin::texting.campaign';

const READS = new Set(['findOne', 'findFirst', 'findMany', 'count']);

export const DOOR_MESSAGES = {
  internal: 'This data is kept by the Texting plugin and is not available here. Use the Texting pages (Inbox, Campaigns, Phone numbers).',
  number:
    'Phone numbers are bought, edited and released on the Texting → Phone numbers pages (a number must be bought at Plivo first). This change was not saved.',
  campaign:
    'Campaigns are created, changed, scheduled and archived on the Texting → Campaigns page, which checks the number, the schedule and the campaign state. This change was not saved.',
};

/**
 * 403 with the message. A PolicyError is a ForbiddenError that Strapi's route wrapper lets through with its
 * message (a plain ForbiddenError becomes a bare "Forbidden", which would not say where to go instead).
 */
const refused = (message: string) => new errors.PolicyError(message, { useInstead: 'texting' });

export function registerDoorsMiddleware(strapi: Core.Strapi) {
  strapi.documents.use(async (ctx, next) => {
    const uid = ctx.uid as string;
    if (!uid.startsWith('plugin::texting.') || isTrusted()) return next();
    if ((INTERNAL_UIDS as readonly string[]).includes(uid)) throw new errors.NotFoundError(DOOR_MESSAGES.internal);
    if (READS.has(ctx.action)) return next();
    if (uid === NUMBER) {
      if (ctx.action !== 'delete') throw refused(DOOR_MESSAGES.number);
      return releaseThenDelete(strapi, (ctx.params as { documentId?: string }).documentId, next as () => Promise<never>);
    }
    if (uid === CAMPAIGN) throw refused(DOOR_MESSAGES.campaign);
    return next();
  });
}

/** A number deleted from outside is revoked like the plugin's DELETE route does (rule 6: no orphan rental). */
async function releaseThenDelete<R>(strapi: Core.Strapi, documentId: string | undefined, next: () => Promise<R>): Promise<R> {
  if (!documentId) return next();
  let result = null as R;
  await getService(strapi, 'provisioning').release(documentId, undefined, async () => {
    result = await next();
  });
  return result;
}
