import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { ConflictError } from '../utils/errors';
import { isPostgres, tables, UIDS, committed } from '../db';

/**
 * Rule 5: a number is in use while a scheduled or active campaign references it, and then it cannot be
 * deleted by any path. The guard sits at two levels:
 *  - a Document Service middleware (`delete`: our DELETE route, the Content Manager's single and bulk
 *    delete, `strapi.documents(uid).delete`), which runs the check and the delete in one transaction;
 *  - query-engine lifecycles (`beforeDelete`, `beforeDeleteMany`), the backstop for `strapi.db.query(uid)`.
 * On PostgreSQL the check locks the numbers and every campaign linked to them (FOR UPDATE) inside the
 * deleting transaction: a campaign being scheduled concurrently either commits first (and the delete then
 * sees it and refuses) or waits until the number is gone (and then fails on its missing number).
 */

export const IN_USE_STATES = ['scheduled', 'active'] as const;

export interface BlockingCampaign {
  id: number;
  documentId: string;
  name: string;
  state: 'scheduled' | 'active';
  phoneNumberId: number;
  phoneNumber: string;
}

/** IN lists are split so that a deleteMany over every number stays within the drivers' parameter limits. */
const CHUNK = 5000;
const chunks = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

async function blockingWith(strapi: Core.Strapi, knex: Knex, ids: number[], lock: boolean): Promise<BlockingCampaign[]> {
  const t = tables(strapi);
  const campaignLink = t.campaignNumber;
  const found: BlockingCampaign[] = [];
  for (const part of chunks([...new Set(ids)])) {
    if (lock) {
      // Numbers first, then their campaigns (whatever their state: a draft may be about to be scheduled).
      // Everyone who locks both takes them in this order, so two deletes cannot deadlock each other.
      await knex(t.numbers).whereIn('id', part).orderBy('id').select('id').forUpdate();
    }
    const q = knex({ cl: campaignLink.table })
      .join({ c: t.campaigns }, 'c.id', `cl.${campaignLink.owner}`)
      .join({ pn: t.numbers }, 'pn.id', `cl.${campaignLink.target}`)
      .whereIn(`cl.${campaignLink.target}`, part)
      .orderBy([{ column: 'pn.phone_number' }, { column: 'c.state' }, { column: 'c.name' }, { column: 'c.id' }])
      .select({
        id: 'c.id',
        documentId: 'c.document_id',
        name: 'c.name',
        state: 'c.state',
        phoneNumberId: 'pn.id',
        phoneNumber: 'pn.phone_number',
      });
    if (lock) q.forUpdate('c');
    const rows = (await q) as BlockingCampaign[];
    for (const r of rows) {
      if ((IN_USE_STATES as readonly string[]).includes(r.state)) found.push({ ...r, id: Number(r.id), phoneNumberId: Number(r.phoneNumberId) });
    }
  }
  return found;
}

/**
 * The scheduled and active campaigns that hold these numbers (ids), ordered by number. Inside a
 * transaction on PostgreSQL, the numbers and their campaigns stay locked until it ends.
 */
export async function findBlockingCampaigns(strapi: Core.Strapi, phoneNumberIds: number[]): Promise<BlockingCampaign[]> {
  if (!phoneNumberIds.length) return [];
  const lock = isPostgres(strapi) && strapi.db.inTransaction();
  if (!strapi.db.inTransaction()) return blockingWith(strapi, strapi.db.connection, phoneNumberIds, false);
  return strapi.db.transaction(({ trx }) => blockingWith(strapi, trx as unknown as Knex, phoneNumberIds, lock)) as unknown as Promise<BlockingCampaign[]>;
}

/** `+14155550123 is in use by campaigns "Fall Visit" (active), "Spring" (scheduled)` — one clause per number. */
export function describeBlocking(campaigns: BlockingCampaign[]): string {
  const byNumber = new Map<string, BlockingCampaign[]>();
  for (const c of campaigns) byNumber.set(c.phoneNumber, [...(byNumber.get(c.phoneNumber) ?? []), c]);
  return [...byNumber.entries()]
    .map(([number, cs]) => `${number} is in use by ${cs.length === 1 ? 'campaign' : 'campaigns'} ${cs.map((c) => `"${c.name}" (${c.state})`).join(', ')}`)
    .join('; ');
}

export const blockingDetails = (campaigns: BlockingCampaign[]) => ({
  campaigns: campaigns.map((c) => ({ documentId: c.documentId, name: c.name, state: c.state, phoneNumber: c.phoneNumber })),
});

/** Throws ConflictError (409 from the plugin's routes, 400 from the Content Manager) naming the campaigns. */
export async function assertNotInUse(strapi: Core.Strapi, phoneNumberIds: number[]): Promise<void> {
  const campaigns = await findBlockingCampaigns(strapi, phoneNumberIds);
  if (!campaigns.length) return;
  const them = campaigns.length === 1 ? 'it' : 'them';
  throw new ConflictError(`${describeBlocking(campaigns)}; archive ${them} first (or move ${them} to another number), then delete the number.`, blockingDetails(campaigns));
}

type Where = Record<string, unknown>;

async function idsMatching(strapi: Core.Strapi, params: { where?: Where; filters?: Where; _q?: string }): Promise<number[]> {
  const rows = (await strapi.db.query(UIDS.number).findMany({
    ...(params.where ? { where: params.where } : {}),
    ...(params.filters ? { filters: params.filters } : {}),
    ...(params._q ? { _q: params._q } : {}),
    select: ['id'],
  } as never)) as Array<{ id: number }>;
  return rows.map((r) => Number(r.id));
}

/** Document Service middleware: `delete` of a number checks and deletes in one transaction (see above). */
export function registerInUseMiddleware(strapi: Core.Strapi) {
  strapi.documents.use(async (ctx, next) => {
    if (ctx.uid !== UIDS.number || ctx.action !== 'delete') return next();
    const documentId = (ctx.params as { documentId?: string }).documentId;
    return committed(strapi, async () => {
      if (documentId) {
        const ids = await idsMatching(strapi, { where: { documentId } });
        await assertNotInUse(strapi, ids);
      }
      return next();
    });
  });
}

/**
 * Query-engine backstop for `strapi.db.query(uid).delete/deleteMany` (the Document Service ends there too).
 * `deleteMany` events carry only the criteria, so the ids are looked up with them first. Outside a
 * transaction the check and the delete are separate statements; wrap such calls in `strapi.db.transaction`
 * to make them atomic.
 */
export function subscribeInUseLifecycles(strapi: Core.Strapi) {
  strapi.db.lifecycles.subscribe({
    models: [UIDS.number],
    async beforeDelete(event: { params: { where?: Where } }) {
      await assertNotInUse(strapi, await idsMatching(strapi, { where: event.params.where }));
    },
    async beforeDeleteMany(event: { params: { where?: Where; filters?: Where; _q?: string } }) {
      await assertNotInUse(strapi, await idsMatching(strapi, event.params));
    },
  });
}
