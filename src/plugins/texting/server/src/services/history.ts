import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { toIso, UIDS } from '../db';

import { HISTORY_ACTIONS, type HistoryAction } from '../../../shared/contracts';

export { HISTORY_ACTIONS, type HistoryAction };

export interface HistoryInput {
  /** The number's id (or documentId); left unlinked when the number no longer exists (after a release). */
  phoneNumberId?: number | string | null;
  /** E.164, kept on the event so that it still reads right once the number row is gone. */
  phoneNumber: string;
  action: HistoryAction;
  /** The admin user who acted (id or the user itself); none for jobs. */
  user?: number | { id: number } | null;
  /** For edits: `{ field: { from, to } }`; anything JSON otherwise. */
  changes?: Record<string, unknown> | null;
}

export type { HistoryEntry as HistoryEvent } from '../../../shared/contracts';
import type { HistoryEntry as HistoryEvent } from '../../../shared/contracts';

interface StoredEvent {
  id: number;
  action: HistoryAction;
  phoneNumber: string;
  changes: Record<string, unknown> | null;
  createdAt: unknown;
  user?: { id: number; firstname?: string | null; lastname?: string | null; username?: string | null; email?: string | null } | null;
}

const userName = (u: NonNullable<StoredEvent['user']>) =>
  [u.firstname, u.lastname].filter(Boolean).join(' ') || u.username || u.email || `User ${u.id}`;

/** Who provisioned, edited, released or activated each number, and when (the `number-event` type). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async record(input: HistoryInput): Promise<{ id: number }> {
    if (!(HISTORY_ACTIONS as readonly string[]).includes(input.action)) {
      throw new errors.ValidationError(`history: unknown action "${input.action}"`);
    }
    let numberId: number | null = null;
    if (input.phoneNumberId !== null && input.phoneNumberId !== undefined) {
      const where = typeof input.phoneNumberId === 'number' ? { id: input.phoneNumberId } : { documentId: input.phoneNumberId };
      const found = (await strapi.db.query(UIDS.number).findOne({ where, select: ['id'] })) as { id: number } | null;
      numberId = found?.id ?? null;
    }
    const userId = typeof input.user === 'number' ? input.user : input.user?.id ?? null;
    const created = (await strapi.db.query(UIDS.event).create({
      data: {
        action: input.action,
        phoneNumber: input.phoneNumber,
        changes: input.changes ?? null,
        ...(numberId ? { number: numberId } : {}),
        ...(userId ? { user: userId } : {}),
      },
    })) as { id: number };
    return { id: created.id };
  },

  /** A number's events, newest first. */
  async forNumber(phoneNumberId: number, limit = 200): Promise<HistoryEvent[]> {
    const rows = (await strapi.db.query(UIDS.event).findMany({
      where: { number: { id: phoneNumberId } },
      select: ['id', 'action', 'phoneNumber', 'changes', 'createdAt'],
      populate: { user: { select: ['id', 'firstname', 'lastname', 'username', 'email'] } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      limit,
    })) as StoredEvent[];
    return rows.map((r) => ({
      id: r.id,
      action: r.action,
      phoneNumber: r.phoneNumber,
      user: r.user ? { id: r.user.id, name: userName(r.user) } : null,
      changes: r.changes ?? null,
      createdAt: toIso(r.createdAt),
    }));
  },
});
