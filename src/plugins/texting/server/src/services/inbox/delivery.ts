import type { Core } from '@strapi/strapi';
import { UID } from './store';

/**
 * Delivery reports arrive out of order and more than once. A status only ever moves up this rank, so a
 * late `sent` never overwrites `delivered`, and a terminal status is final. Plivo's `rejected` is a failure.
 */
export const STATUS_RANK: Record<string, number> = { queued: 0, sent: 1, delivered: 2, undelivered: 2, failed: 2 };
const ALIASES: Record<string, string> = { rejected: 'failed' };

export function normalizeStatus(status: string): string | null {
  const s = status.trim().toLowerCase();
  const mapped = ALIASES[s] ?? s;
  return mapped in STATUS_RANK ? mapped : null;
}

const lowerThan = (status: string) => Object.keys(STATUS_RANK).filter((s) => STATUS_RANK[s] < STATUS_RANK[status]);

export interface Report {
  messageUuid: string;
  status: string;
  errorCode?: string | null;
}

/** Success codes carry no information; keep the column for real errors. */
const errorOf = (code?: string | null) => (code && code !== '000' && code !== '0' ? code.slice(0, 16) : null);

/** One conditional update: nothing changes unless the new status ranks above the stored one. */
async function applyToMessage(strapi: Core.Strapi, r: Report): Promise<number> {
  const { count } = await strapi.db.query(UID.message).updateMany({
    where: { messageUuid: r.messageUuid, direction: 'outbound', status: { $in: lowerThan(r.status) } },
    data: { status: r.status, errorCode: errorOf(r.errorCode) },
  });
  return count;
}

async function messageExists(strapi: Core.Strapi, messageUuid: string) {
  return Boolean(await strapi.db.query(UID.message).findOne({ where: { messageUuid }, select: ['id'] }));
}

/**
 * Reports kept for a UUID that had no message yet, applied in rank order once the message is stored
 * (a send records its UUID after Plivo answers, and Plivo may report before that).
 */
export async function applyPendingReports(strapi: Core.Strapi, messageUuid: string): Promise<number> {
  const pending = (await strapi.db.query(UID.report).findMany({
    where: { messageUuid, appliedAt: { $null: true } },
    select: ['id', 'status', 'errorCode'],
  })) as Array<{ id: number; status: string; errorCode: string | null }>;
  if (!pending.length) return 0;
  pending.sort((a, b) => (STATUS_RANK[a.status] ?? 0) - (STATUS_RANK[b.status] ?? 0));
  let applied = 0;
  for (const p of pending) applied += await applyToMessage(strapi, { messageUuid, status: p.status, errorCode: p.errorCode });
  await strapi.db
    .query(UID.report)
    .updateMany({ where: { id: { $in: pending.map((p) => p.id) } }, data: { appliedAt: new Date() } });
  return applied;
}

export type ReportOutcome = 'applied' | 'unchanged' | 'pending' | 'ignored';

export async function applyReport(strapi: Core.Strapi, input: Report): Promise<ReportOutcome> {
  const status = normalizeStatus(input.status);
  if (!status) {
    strapi.log.warn(`[texting] delivery report with unknown status "${input.status}" for ${input.messageUuid}; ignored`);
    return 'ignored';
  }
  const r = { ...input, status };
  if ((await applyToMessage(strapi, r)) > 0) return 'applied';
  if (await messageExists(strapi, r.messageUuid)) return 'unchanged';
  try {
    await strapi.db.query(UID.report).create({
      data: { messageUuid: r.messageUuid, status, errorCode: r.errorCode ? r.errorCode.slice(0, 16) : null, publishedAt: new Date() },
    });
  } catch (error) {
    // The same report twice (unique on uuid + status): already kept.
    const kept = await strapi.db.query(UID.report).findOne({ where: { messageUuid: r.messageUuid, status }, select: ['id'] });
    if (!kept) throw error;
  }
  // The message may have been stored between our check and the insert; its own check may have missed this report.
  if (await messageExists(strapi, r.messageUuid)) {
    await applyPendingReports(strapi, r.messageUuid);
    return 'applied';
  }
  return 'pending';
}
