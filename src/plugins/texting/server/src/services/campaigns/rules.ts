import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { toIso, toMs } from '../../db';
import { ConflictError } from '../../utils/errors';
import { lifecycle } from './lifecycle';
import { CAMPAIGN, NUMBER, type Named, type NumberForChoice } from './reads';
import { runImport, type Imported } from './import';
import type { ImportInput } from './recipients';
import { MAX_RECIPIENTS } from '../../validation/campaigns';

/**
 * The rules a campaign must keep, checked before anything is written: which office, inboxes and number it
 * may use, its times, what it needs before it is scheduled, and no overlap with another campaign on its
 * number. Who may manage an office's campaigns is in access.ts. Every broken rule is a 4xx that names it.
 */

const OFFICE = 'plugin::texting.office';
const AGENT = 'plugin::texting.agent';

/** A 400 in Strapi's validation shape, naming the field. */
export const invalid = (path: string, message: string): never => {
  throw new errors.ValidationError(`${path}: ${message}`, { errors: [{ path: [path], message: `${path}: ${message}`, name: 'ValidationError' }] });
};

export async function findOffice(strapi: Core.Strapi, documentId: string, path: string): Promise<Named & { id: number }> {
  const office = (await strapi.db.query(OFFICE).findOne({ where: { documentId }, select: ['id', 'documentId', 'name'] })) as
    | (Named & { id: number })
    | null;
  if (!office) invalid(path, `no office with id "${documentId}"`);
  return office!;
}

export async function assertInboxes(strapi: Core.Strapi, inboxes: { offices: string[]; agents: string[] }) {
  const missing = async (uid: string, ids: string[]) => {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const found = (await strapi.db.query(uid).findMany({ where: { documentId: { $in: unique } }, select: ['documentId'] })) as Named[];
    const have = new Set(found.map((f) => f.documentId));
    return unique.filter((i) => !have.has(i));
  };
  const offices = await missing(OFFICE, inboxes.offices);
  if (offices.length) invalid('inboxes', `no office with id ${offices.map((i) => `"${i}"`).join(', ')}`);
  const agents = await missing(AGENT, inboxes.agents);
  if (agents.length) invalid('inboxes', `no agent with id ${agents.map((i) => `"${i}"`).join(', ')}`);
}

/**
 * Rule 2: a campaign of office O may use a reusable number of O, or the single-use number provisioned for
 * this very campaign. Anything else is a 400 that says which rule it breaks.
 */
export async function assertNumberChoice(strapi: Core.Strapi, numberDocumentId: string, office: Named, campaignId: number | null): Promise<NumberForChoice> {
  const number = (await strapi.db.query(NUMBER).findOne({
    where: { documentId: numberDocumentId },
    select: ['id', 'documentId', 'phoneNumber', 'name', 'numberType', 'providerStatus'],
    populate: { office: { select: ['documentId', 'name'] }, campaigns: { select: ['id', 'documentId', 'name'] } },
  })) as NumberForChoice | null;
  if (!number) return invalid('phoneNumber', `no phone number with id "${numberDocumentId}"`);
  if (number.office?.documentId !== office.documentId) {
    invalid(
      'phoneNumber',
      `${number.phoneNumber} belongs to ${number.office ? `the office ${number.office.name}` : 'no office'}; a campaign of ${office.name} may only use ${office.name}'s reusable numbers, or a single-use number provisioned for it (singleUseAreaCode)`
    );
  }
  if (number.numberType === 'single_use') {
    const others = (number.campaigns ?? []).filter((c) => c.id !== campaignId);
    if (others.length) {
      invalid(
        'phoneNumber',
        `${number.phoneNumber} is the single-use number of campaign "${others[0].name}"; a single-use number serves only the campaign it was provisioned for (use singleUseAreaCode to get one for this campaign)`
      );
    }
    if (campaignId === null || !(number.campaigns ?? []).some((c) => c.id === campaignId)) {
      invalid('phoneNumber', `${number.phoneNumber} is a single-use number that belongs to no campaign; use singleUseAreaCode to get one for this campaign`);
    }
  }
  if (number.providerStatus === 'release_failed') {
    invalid('phoneNumber', `${number.phoneNumber} is being released (its release at Plivo failed); choose another number`);
  }
  return number;
}

/**
 * Imports recipients (a CSV file or a pasted list) into a list stored as JSON text (`existing`), minus
 * opt-outs; the report says what happened to every line. Big imports run in a worker thread (import.ts).
 */
export async function importInto(strapi: Core.Strapi, input: ImportInput, existing = '[]'): Promise<Imported> {
  const result = await runImport(strapi, input, existing);
  if (result.count > MAX_RECIPIENTS) invalid('recipients', `at most ${MAX_RECIPIENTS} recipients per campaign`);
  return result;
}

/** One (scheduled or active) campaign overlapping [start, end) on the number, read under the number's lock. */
export async function findOverlap(strapi: Core.Strapi, numberId: number, campaignId: number, start: number, end: number) {
  const rows = (await strapi.db.query(CAMPAIGN).findMany({
    where: { phoneNumber: { id: numberId }, state: { $in: ['scheduled', 'active'] }, id: { $ne: campaignId } },
    select: ['documentId', 'name', 'state', 'sendAt', 'archiveAt', 'activatedAt'],
    orderBy: { id: 'asc' },
  })) as Array<{ documentId: string; name: string; state: 'scheduled' | 'active'; sendAt: unknown; archiveAt: unknown; activatedAt: unknown }>;
  for (const row of rows) {
    const startMs = Math.min(toMs(row.sendAt) ?? Infinity, toMs(row.activatedAt) ?? Infinity);
    const endMs = toMs(row.archiveAt) ?? Infinity;
    if (startMs < end && start < endMs) return { documentId: row.documentId, name: row.name, state: row.state, sendAt: toIso(row.sendAt), archiveAt: toIso(row.archiveAt) };
  }
  return null;
}

/**
 * Rule "one active campaign per number": under the number's row lock (PostgreSQL), no other scheduled or
 * active campaign on it may overlap [sendAt, archiveAt). Two schedules racing for one number serialise here,
 * so this runs inside the transaction that then writes the campaign.
 */
export async function assertNoOverlap(
  strapi: Core.Strapi,
  campaign: { id: number; name: string },
  number: { id: number; phoneNumber: string },
  start: number,
  end: number
) {
  if (!(await lifecycle(strapi).lockNumber(number.id))) invalid('phoneNumber', `${number.phoneNumber} no longer exists`);
  const other = await findOverlap(strapi, number.id, campaign.id, start, end);
  if (other) {
    throw new ConflictError(
      `Campaign "${other.name}" (${other.state}, ${other.sendAt ?? '…'} → ${other.archiveAt ?? '…'}) already uses ${number.phoneNumber} in an overlapping window; a number has one campaign at a time. Move this campaign's send/archive times, or pick another number.`,
      { conflicts: [{ documentId: other.documentId, name: other.name, status: other.state, sendAt: other.sendAt, archiveAt: other.archiveAt }] }
    );
  }
}

/** What a campaign needs before it can be scheduled; every missing piece at once. */
export function assertSchedulable(campaign: {
  phoneNumber: unknown;
  message: string | null;
  sendAt: number | null;
  archiveAt: number | null;
  recipientCount: number;
}, now = Date.now()) {
  const problems: Array<{ path: string[]; message: string }> = [];
  if (!campaign.phoneNumber) problems.push({ path: ['phoneNumber'], message: 'phoneNumber: choose a number (or a single-use number with singleUseAreaCode)' });
  if (!campaign.message) problems.push({ path: ['message'], message: 'message: write the text to send' });
  if (campaign.sendAt === null) problems.push({ path: ['sendAt'], message: 'sendAt: set the send time' });
  if (campaign.archiveAt === null) problems.push({ path: ['archiveAt'], message: 'archiveAt: set the archive time' });
  if (campaign.archiveAt !== null && campaign.archiveAt <= now) problems.push({ path: ['archiveAt'], message: 'archiveAt: must be in the future' });
  if (campaign.recipientCount === 0) problems.push({ path: ['recipients'], message: 'recipients: add at least one recipient' });
  if (problems.length) {
    throw new errors.ValidationError(`The campaign cannot be scheduled yet: ${problems.map((p) => p.message).join('; ')}`, {
      errors: problems.map((p) => ({ ...p, name: 'ValidationError' })),
    });
  }
}

export function assertTimes(sendAt: number | null, archiveAt: number | null) {
  if (sendAt !== null && archiveAt !== null && archiveAt <= sendAt) {
    invalid('archiveAt', 'must be after sendAt');
  }
}

