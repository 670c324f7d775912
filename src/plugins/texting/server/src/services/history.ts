import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { toIso, UIDS } from '../db';

import { HISTORY_ACTIONS, type HistoryAction, type ReleasedNumber } from '../../../shared/contracts';
import type { OfficeScope } from '../guards/office-scope';

export { HISTORY_ACTIONS, type HistoryAction };

export interface HistoryInput {
  /** The number's id (or documentId); left unlinked when the number no longer exists (after a release). */
  phoneNumberId?: number | string | null;
  /** E.164: the history is kept by it, so that it outlives the number row (a release deletes the row). */
  phoneNumber: string;
  action: HistoryAction;
  /** The admin user who acted (id or the user itself); none for jobs. */
  user?: number | { id: number } | null;
  /** For edits: `{ field: { from, to } }`; anything JSON otherwise. */
  changes?: Record<string, unknown> | null;
  /** The number's office id, when the number row is gone (a release); read from the number otherwise. */
  office?: number | null;
}

export type { HistoryEntry as HistoryEvent } from '../../../shared/contracts';
import type { HistoryEntry as HistoryEvent } from '../../../shared/contracts';

type StoredUser = { id: number; firstname?: string | null; lastname?: string | null; username?: string | null; email?: string | null };

interface StoredEvent {
  id: number;
  action: HistoryAction;
  phoneNumber: string;
  changes: Record<string, unknown> | null;
  createdAt: unknown;
  user?: StoredUser | null;
  office?: { id: number; documentId: string; name: string } | null;
}

export const userName = (u: StoredUser) => [u.firstname, u.lastname].filter(Boolean).join(' ') || u.username || u.email || `User ${u.id}`;
export const USER_FIELDS = ['id', 'firstname', 'lastname', 'username', 'email'];

const toEntry = (r: StoredEvent): HistoryEvent => ({
  id: r.id,
  action: r.action,
  phoneNumber: r.phoneNumber,
  user: r.user ? { id: r.user.id, name: userName(r.user) } : null,
  changes: r.changes ?? null,
  createdAt: toIso(r.createdAt),
});

/** Events of offices outside a scope are left out (an event of no office is the number's own, e.g. a job's). */
const inScope = (scope: OfficeScope) => (scope === null ? {} : { $or: [{ office: { id: { $in: scope } } }, { office: { id: { $null: true } } }] });

/**
 * Who provisioned, edited, released or activated each number, and when (the `number-event` type). Events are
 * kept by phone number (E.164), not by the number row, so a released number keeps its history and a number
 * bought again shows what happened to it before.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async record(input: HistoryInput): Promise<{ id: number }> {
    if (!(HISTORY_ACTIONS as readonly string[]).includes(input.action)) {
      throw new errors.ValidationError(`history: unknown action "${input.action}"`);
    }
    let numberId: number | null = null;
    let officeId: number | null = input.office ?? null;
    if (input.phoneNumberId !== null && input.phoneNumberId !== undefined) {
      const where = typeof input.phoneNumberId === 'number' ? { id: input.phoneNumberId } : { documentId: input.phoneNumberId };
      const found = (await strapi.db.query(UIDS.number).findOne({ where, select: ['id'], populate: { office: { select: ['id'] } } })) as {
        id: number;
        office?: { id: number } | null;
      } | null;
      numberId = found?.id ?? null;
      officeId = officeId ?? found?.office?.id ?? null;
    }
    const userId = typeof input.user === 'number' ? input.user : input.user?.id ?? null;
    const created = (await strapi.db.query(UIDS.event).create({
      data: {
        action: input.action,
        phoneNumber: input.phoneNumber,
        changes: input.changes ?? null,
        ...(numberId ? { number: numberId } : {}),
        ...(userId ? { user: userId } : {}),
        ...(officeId ? { office: officeId } : {}),
      },
    })) as { id: number };
    return { id: created.id };
  },

  /** A phone number's events (this rental and earlier ones), newest first; other offices' events left out. */
  async forPhoneNumber(phoneNumber: string, scope: OfficeScope = null, limit = 200): Promise<HistoryEvent[]> {
    const rows = (await strapi.db.query(UIDS.event).findMany({
      where: { phoneNumber, ...inScope(scope) },
      select: ['id', 'action', 'phoneNumber', 'changes', 'createdAt'],
      populate: { user: { select: USER_FIELDS } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      limit,
    })) as StoredEvent[];
    return rows.map(toEntry);
  },

  /** Released numbers, newest release first: one row per release, with the number's name and office then. */
  async released(query: { q?: string; page: number; pageSize: number }, scope: OfficeScope) {
    const where = {
      action: 'released',
      ...(scope === null ? {} : { office: { id: { $in: scope } } }),
      ...(query.q ? { phoneNumber: { $contains: query.q.replace(/[^\d+]/g, '') || query.q } } : {}),
    };
    const [rows, total] = await Promise.all([
      strapi.db.query(UIDS.event).findMany({
        where,
        select: ['id', 'action', 'phoneNumber', 'changes', 'createdAt'],
        populate: { user: { select: USER_FIELDS }, office: { select: ['id', 'documentId', 'name'] } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
      }) as Promise<StoredEvent[]>,
      strapi.db.query(UIDS.event).count({ where }),
    ]);
    const data: ReleasedNumber[] = rows.map((r) => {
      const changes = (r.changes ?? {}) as { name?: unknown; office?: { documentId?: string; name?: string } | null };
      return {
        id: r.id,
        phoneNumber: r.phoneNumber,
        name: typeof changes.name === 'string' ? changes.name : null,
        office: r.office ? { documentId: r.office.documentId, name: r.office.name } : changes.office?.name ? { documentId: changes.office.documentId ?? '', name: changes.office.name } : null,
        releasedAt: toIso(r.createdAt),
        releasedBy: r.user ? { id: r.user.id, name: userName(r.user) } : null,
      };
    });
    return { data, meta: { pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(Number(total) / query.pageSize), total: Number(total) } } };
  },

  /** The history of a released number, or 404 when no release of it is in the scope's offices. */
  async releasedHistory(phoneNumber: string, scope: OfficeScope): Promise<HistoryEvent[]> {
    const release = await strapi.db.query(UIDS.event).findOne({
      where: { phoneNumber, action: 'released', ...(scope === null ? {} : { office: { id: { $in: scope } } }) },
      select: ['id'],
    });
    if (!release) throw new errors.NotFoundError(`No released number ${phoneNumber}.`);
    return this.forPhoneNumber(phoneNumber, scope);
  },
});
