import type { Core } from '@strapi/strapi';
import { ConflictError } from '../utils/errors';
import { UIDS } from '../db';
import type { OptOutAction, OptOutSource } from '../../../shared/contracts';

/**
 * Rule 10. Carrier keywords are matched on the whole text (case, surrounding spaces and trailing
 * punctuation ignored), so "Stop." opts out but "don't stop texting me" does not. Plivo's own
 * `MessageIntent` wins when present: Plivo applies the account's keyword list before we see the text.
 */
export const OPT_OUT_WORDS = ['STOP', 'END', 'QUIT', 'CANCEL', 'UNSUBSCRIBE', 'STOPALL'];
export const OPT_IN_WORDS = ['START', 'UNSTOP'];
export const HELP_WORDS = ['HELP'];

export type Keyword = 'optout' | 'optin' | 'help';

const CONTACT = 'plugin::texting.contact';

export function classifyKeyword(text: string | null | undefined, intent?: string | null): Keyword | null {
  const i = (intent ?? '').trim().toLowerCase();
  if (i === 'optout' || i === 'optin' || i === 'help') return i;
  const word = (text ?? '').trim().replace(/[\s.!?,;:]+$/u, '').toUpperCase();
  if (OPT_OUT_WORDS.includes(word)) return 'optout';
  if (OPT_IN_WORDS.includes(word)) return 'optin';
  if (HELP_WORDS.includes(word)) return 'help';
  return null;
}

export async function isOptedOut(strapi: Core.Strapi, e164: string): Promise<boolean> {
  const row = await strapi.db.query(CONTACT).findOne({ where: { phoneNumber: e164 }, select: ['optedOut'] });
  return Boolean(row?.optedOut);
}

/** Throws a 409 naming the contact, for every send path (1:1, inbox reply, campaign). */
export async function assertNotOptedOut(strapi: Core.Strapi, e164: string): Promise<void> {
  if (await isOptedOut(strapi, e164)) {
    throw new ConflictError(`${e164} has opted out (replied STOP); texts to this contact are refused until they reply START.`, {
      contact: e164,
      reason: 'opted_out',
    });
  }
}

/** Where an opt-out state change came from, for the log (issue 13: a regulator asks who opted out, how and when). */
export interface OptOutLogInput {
  /** The contact's E.164. */
  contactPhone: string;
  source: OptOutSource;
  /** What the contact texted, Plivo's intent, the import's file line or the admin's note. */
  detail?: string | null;
  /** Our number the keyword reached. */
  numberPhone?: string | null;
  /** Office id: the number's, or the conversation's an admin acted from (office scoping of the log). */
  office?: number | null;
  /** Admin user id. */
  user?: number | null;
}

/** Writes one line of the opt-out log; in the caller's transaction when there is one, so the state and its log agree. */
export async function logOptOutChange(strapi: Core.Strapi, action: OptOutAction, log: OptOutLogInput, now = new Date()): Promise<void> {
  await strapi.db.query(UIDS.optOutEvent).create({
    data: {
      contactPhone: log.contactPhone,
      action,
      source: log.source,
      detail: log.detail ? log.detail.slice(0, 500) : null,
      numberPhone: log.numberPhone ?? null,
      createdAt: now,
      ...(log.office ? { office: log.office } : {}),
      ...(log.user ? { user: log.user } : {}),
    },
  });
}

/**
 * Opts a contact out; true only for the request that changed the state (then the change is logged). The
 * conditional update makes two simultaneous STOPs send a single confirmation and write a single log line.
 */
export async function optOut(strapi: Core.Strapi, contactId: number, log: OptOutLogInput, now = new Date()): Promise<boolean> {
  const { count } = await strapi.db
    .query(CONTACT)
    .updateMany({ where: { id: contactId, $or: [{ optedOut: false }, { optedOut: { $null: true } }] }, data: { optedOut: true, optedOutAt: now } });
  if (count > 0) await logOptOutChange(strapi, 'opt_out', log, now);
  return count > 0;
}

export async function optIn(strapi: Core.Strapi, contactId: number, log: OptOutLogInput, now = new Date()): Promise<boolean> {
  const { count } = await strapi.db
    .query(CONTACT)
    .updateMany({ where: { id: contactId, optedOut: true }, data: { optedOut: false, optedInAt: now } });
  if (count > 0) await logOptOutChange(strapi, 'opt_in', log, now);
  return count > 0;
}

/** Service form, for `getService(strapi, 'optOut')`. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  classifyKeyword,
  isOptedOut: (e164: string) => isOptedOut(strapi, e164),
  assertNotOptedOut: (e164: string) => assertNotOptedOut(strapi, e164),
  optOut: (contactId: number, log: OptOutLogInput) => optOut(strapi, contactId, log),
  optIn: (contactId: number, log: OptOutLogInput) => optIn(strapi, contactId, log),
});
