import type { Core } from '@strapi/strapi';
import { CAMPAIGN_NOTIFICATION_KINDS, NOTIFICATION_REASONS, NUMBER_NOTIFICATION_KINDS, type NotificationKind, type NotificationReason } from '../../../../shared/contracts';
import type { OfficeScope } from '../../guards/office-scope';
import { dbDate, newDocumentId, num, tables, toIso, type Knex, committed } from '../../db';

/** The offices whose notifications a user may see: number events and campaign events each by their own action. */
export interface NotificationScopes {
  numbers: OfficeScope;
  campaigns: OfficeScope;
}

export interface StoredNotification {
  id: number;
  kind: NotificationKind;
  phoneNumber: string | null;
  numberDocumentId: string | null;
  campaignDocumentId: string | null;
  campaignName: string | null;
  reason: NotificationReason | null;
  detail: string | null;
  createdAt: string;
  read: boolean;
}

type Builder = ReturnType<Knex>;
/** The part of knex's join clause used here (the Knex type this module gets from Strapi is loose). */
type JoinOn = (a: string, op: string, b: unknown) => { andOn: (a: string, op: string, b: unknown) => unknown };

/**
 * The notification list's queries (knex's builder: the same SQL on SQLite and PostgreSQL). Reads join the user's
 * read marks; the visibility filter is one OR per kind group, each limited to the scope's offices (rule 12):
 * `null` = every office, `[]` = none.
 */
export function notificationSql(strapi: Core.Strapi) {
  const knex = (): Knex => strapi.db.connection;
  const t = () => tables(strapi);

  function visible(q: Builder, scopes: NotificationScopes): Builder {
    const groups: Array<[readonly string[], OfficeScope]> = [
      [NUMBER_NOTIFICATION_KINDS, scopes.numbers],
      [CAMPAIGN_NOTIFICATION_KINDS, scopes.campaigns],
    ];
    const open = groups.filter(([, scope]) => scope === null || scope.length > 0);
    if (!open.length) return q.whereRaw('1 = 0');
    return q.where((w: Builder) => {
      for (const [kinds, scope] of open) {
        w.orWhere((g: Builder) => {
          g.whereIn('n.kind', kinds as string[]);
          if (scope) g.whereIn('n.office_id', scope);
        });
      }
    });
  }

  const base = (userId: number, scopes: NotificationScopes) =>
    visible(
      knex()(`${t().notifications} as n`).leftJoin(`${t().notificationReads} as r`, function (this: { on: JoinOn }) {
        this.on('r.notification_id', '=', 'n.id').andOn('r.user_id', '=', knex().raw('?', [userId]));
      }),
      scopes
    );

  return {
    async list(userId: number, scopes: NotificationScopes, opts: { offset: number; limit: number; unreadOnly: boolean }) {
      const q = base(userId, scopes);
      if (opts.unreadOnly) q.whereNull('r.id');
      const rows = (await q
        .clone()
        .select(
          'n.id',
          'n.kind',
          'n.phone_number',
          'n.number_document_id',
          'n.campaign_document_id',
          'n.campaign_name',
          'n.reason',
          'n.detail',
          'n.created_at',
          knex().raw('CASE WHEN r.id IS NULL THEN 0 ELSE 1 END AS is_read')
        )
        .orderBy([
          { column: 'n.created_at', order: 'desc' },
          { column: 'n.id', order: 'desc' },
        ])
        .offset(opts.offset)
        .limit(opts.limit)) as Array<Record<string, unknown>>;
      const [{ total }] = (await q.clone().count({ total: '*' })) as Array<{ total: unknown }>;
      return {
        total: num(total) ?? 0,
        rows: rows.map(
          (r): StoredNotification => ({
            id: Number(r.id),
            kind: r.kind as NotificationKind,
            phoneNumber: (r.phone_number as string | null) ?? null,
            numberDocumentId: (r.number_document_id as string | null) ?? null,
            campaignDocumentId: (r.campaign_document_id as string | null) ?? null,
            campaignName: (r.campaign_name as string | null) ?? null,
            reason: (NOTIFICATION_REASONS as readonly unknown[]).includes(r.reason) ? (r.reason as NotificationReason) : null,
            detail: (r.detail as string | null) ?? null,
            createdAt: toIso(r.created_at) ?? new Date(0).toISOString(),
            read: Number(r.is_read) === 1,
          })
        ),
      };
    },

    async unreadCount(userId: number, scopes: NotificationScopes): Promise<number> {
      const [{ total }] = (await base(userId, scopes).whereNull('r.id').count({ total: '*' })) as Array<{ total: unknown }>;
      return num(total) ?? 0;
    },

    /** Read marks for the unread visible notifications among `ids` (all of them when `ids` is null); how many. */
    async markRead(userId: number, scopes: NotificationScopes, ids: number[] | null): Promise<number> {
      const q = base(userId, scopes).whereNull('r.id').select('n.id');
      if (ids) q.whereIn('n.id', ids);
      const unread = ((await q) as Array<{ id: unknown }>).map((r) => Number(r.id));
      const now = dbDate(strapi, new Date());
      let marked = 0;
      // Chunks keep each INSERT under SQLite's bound-parameter limit; a mark made meanwhile (another tab) is ignored.
      for (let i = 0; i < unread.length; i += 200) {
        const chunk = unread.slice(i, i + 200).map((id) => ({
          document_id: newDocumentId(),
          notification_id: id,
          user_id: userId,
          created_at: now,
          updated_at: now,
          published_at: now,
        }));
        await knex()(t().notificationReads).insert(chunk).onConflict(['notification_id', 'user_id']).ignore();
        marked += chunk.length;
      }
      return marked;
    },

    async markUnread(userId: number, ids: number[]): Promise<number> {
      return Number(await knex()(t().notificationReads).where({ user_id: userId }).whereIn('notification_id', ids).delete());
    },

    /**
     * Retention: deletes up to `limit` notifications created before `before`, with their read marks, in one
     * transaction (no read mark outlives its notification); answers how many notifications went. Idempotent: two
     * instances deleting at once delete each row once, the other's statements find nothing.
     */
    async deleteOlder(before: Date, limit: number): Promise<number> {
      const deleted = await committed(strapi, async (trx) => {
        const tx = trx as unknown as Knex;
        // Any `limit` old rows (the created_at index's range), not the oldest first: all of them go anyway.
        const ids = ((await tx(t().notifications).where('created_at', '<', dbDate(strapi, before)).limit(limit).pluck('id')) as unknown[]).map(Number);
        if (!ids.length) return 0;
        await tx(t().notificationReads).whereIn('notification_id', ids).delete();
        return Number(await tx(t().notifications).whereIn('id', ids).delete());
      });
      return Number(deleted);
    },
  };
}
