import type { Core } from '@strapi/strapi';
import type { NotificationKind, NotificationReason, NotificationRow, NotificationSettings } from '../../../../shared/contracts';
import { UIDS } from '../../db';
import { ConflictError } from '../../utils/errors';
import { notificationSql, type NotificationScopes } from './sql';
import { emailAvailable, emailAgents } from './email';
import { pruneOldNotifications, type RetentionReport } from '../../jobs/notification-retention';
import type { LeasedRun, LeaseOptions } from '../../jobs/lease';

export type { NotificationScopes };

/** What happened, and to which number or campaign; the office is read from it. */
export interface NotificationEvent {
  kind: NotificationKind;
  number?: { id: number } | { documentId: string };
  campaign?: { id: number };
  /** Plivo's reason (a failed release, a pause), as recorded; the admin translates the rest from `kind` and `reason`. */
  detail?: string | null;
  /** The reason as a code the admin explains in the user's language (provider/plivo/errors.ts `notificationReasonOf`). */
  reason?: NotificationReason | null;
}

interface NumberRow {
  documentId: string;
  phoneNumber: string;
  office?: { id: number } | null;
}
interface CampaignRow {
  documentId: string;
  name: string;
  office?: { id: number } | null;
  phoneNumber?: { documentId: string; phoneNumber: string } | null;
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Notifications (issue 13). `emit` is called where the event happens — the activation job and manual
 * activation, the release path, provider sync, the campaign lifecycle and the dispatcher's pause — always after
 * the action has committed, and it never throws: a notification is information, not something owed, so tying it
 * to the action's transaction would only let a failed notification (on PostgreSQL, any failed statement aborts
 * the transaction) undo the activation or the archive it reports. The price is that a crash between the commit
 * and the insert loses that one notification. E-mails go out in the background (never awaited by the action).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const sql = notificationSql(strapi);

  async function resolve(event: NotificationEvent) {
    let officeId: number | null = null;
    let phoneNumber: string | null = null;
    let numberDocumentId: string | null = null;
    let campaign: { documentId: string; name: string } | null = null;
    if (event.campaign) {
      const row = (await strapi.db.query(UIDS.campaign).findOne({
        where: { id: event.campaign.id },
        select: ['documentId', 'name'],
        populate: { office: { select: ['id'] }, phoneNumber: { select: ['documentId', 'phoneNumber'] } },
      })) as CampaignRow | null;
      if (!row) return null;
      officeId = row.office?.id ?? null;
      campaign = { documentId: row.documentId, name: row.name };
      phoneNumber = row.phoneNumber?.phoneNumber ?? null;
      numberDocumentId = row.phoneNumber?.documentId ?? null;
    }
    if (event.number) {
      const row = (await strapi.db.query(UIDS.number).findOne({
        where: event.number,
        select: ['documentId', 'phoneNumber'],
        populate: { office: { select: ['id'] } },
      })) as NumberRow | null;
      if (!row) return null;
      officeId = row.office?.id ?? officeId;
      phoneNumber = row.phoneNumber;
      numberDocumentId = row.documentId;
    }
    return { officeId, phoneNumber, numberDocumentId, campaign };
  }

  async function emit(event: NotificationEvent): Promise<void> {
    try {
      const about = await resolve(event);
      if (!about) return;
      await strapi.db.query(UIDS.notification).create({
        data: {
          kind: event.kind,
          officeId: about.officeId,
          phoneNumber: about.phoneNumber,
          numberDocumentId: about.numberDocumentId,
          campaignDocumentId: about.campaign?.documentId ?? null,
          campaignName: about.campaign?.name ?? null,
          detail: event.detail ? event.detail.slice(0, 2000) : null,
          reason: event.reason ?? null,
        },
        select: ['id'],
      });
      if (about.officeId !== null && emailAvailable(strapi)) {
        void emailAgents(strapi, about.officeId, { kind: event.kind, ...about, detail: event.detail ?? null }).catch((err: unknown) =>
          strapi.log.warn(`[texting] notification e-mails (${event.kind}) failed: ${describe(err)}`)
        );
      }
    } catch (err) {
      strapi.log.error(`[texting] could not record a notification (${event.kind}): ${describe(err)}`);
    }
  }

  const toRow = (n: Awaited<ReturnType<typeof sql.list>>['rows'][number]): NotificationRow => ({
    id: n.id,
    kind: n.kind,
    phoneNumber: n.phoneNumber,
    numberDocumentId: n.numberDocumentId,
    campaign: n.campaignDocumentId ? { documentId: n.campaignDocumentId, name: n.campaignName ?? '' } : null,
    reason: n.reason,
    detail: n.detail,
    createdAt: n.createdAt,
    read: n.read,
  });

  async function agentOf(userId: number) {
    return (await strapi.db.query(UIDS.agent).findOne({ where: { user: { id: userId } }, select: ['id', 'notifyByEmail'] })) as {
      id: number;
      notifyByEmail: boolean | null;
    } | null;
  }

  async function settings(userId: number): Promise<NotificationSettings> {
    const agent = await agentOf(userId);
    return { emailAvailable: emailAvailable(strapi), isAgent: Boolean(agent), email: Boolean(agent?.notifyByEmail) };
  }

  return {
    emit,

    /** Sending paused (dispatcher): one notification per active campaign, whose texts now wait. */
    async emitPaused(detail: string, reason: NotificationReason | null = null): Promise<void> {
      try {
        const active = (await strapi.db.query(UIDS.campaign).findMany({ where: { state: 'active' }, select: ['id'], limit: 1000 })) as Array<{ id: number }>;
        for (const c of active) await emit({ kind: 'campaign_paused', campaign: { id: c.id }, detail, reason });
      } catch (err) {
        strapi.log.error(`[texting] could not record pause notifications: ${describe(err)}`);
      }
    },

    async list(userId: number, scopes: NotificationScopes, q: { page: number; pageSize: number; unreadOnly: boolean }) {
      const { rows, total } = await sql.list(userId, scopes, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize, unreadOnly: q.unreadOnly });
      return {
        data: rows.map(toRow),
        meta: {
          pagination: { page: q.page, pageSize: q.pageSize, pageCount: Math.ceil(total / q.pageSize), total },
          unread: await sql.unreadCount(userId, scopes),
        },
      };
    },

    unreadCount: (userId: number, scopes: NotificationScopes) => sql.unreadCount(userId, scopes),

    async mark(userId: number, scopes: NotificationScopes, body: { ids?: number[]; all?: true; read: boolean }) {
      const changed = body.read ? await sql.markRead(userId, scopes, body.all ? null : body.ids!) : await sql.markUnread(userId, body.ids ?? []);
      return { changed, unread: await sql.unreadCount(userId, scopes) };
    },

    settings,

    /**
     * The daily retention job's run (jobs/notification-retention.ts): notifications older than
     * TEXTING_NOTIFICATION_RETENTION_DAYS and their read marks deleted in batches, if this caller takes the day's lease.
     */
    prune(options: LeaseOptions & { batch?: number } = {}): Promise<LeasedRun<RetentionReport>> {
      return pruneOldNotifications(strapi, options);
    },

    /** An agent's own choice; 409 for a user who is no agent (nothing would be sent to them). */
    async updateSettings(userId: number, email: boolean): Promise<NotificationSettings> {
      const agent = await agentOf(userId);
      if (!agent) {
        throw new ConflictError('Only agents get notifications by e-mail: link your admin user to an agent in Settings → Texting → Agents.');
      }
      await strapi.db.query(UIDS.agent).update({ where: { id: agent.id }, data: { notifyByEmail: email }, select: ['id'] });
      return settings(userId);
    },
  };
};
