import type { Core } from '@strapi/strapi';
import { applyPendingReports } from '../services/inbox/delivery';
import { dbDate, isPostgres, rowsOf, type Knex } from './dialect';
import { newDocumentId } from './document-id';
import { entityMeta, tables, UIDS } from './tables';
import { committed } from './transaction';

/**
 * Campaign texts in the `message` table (every text in or out lives there; delivery reports update it by
 * MessageUUID). The outbox row is the source of truth for "was it sent"; the message row is written from it
 * in bulk, a few milliseconds later, because one INSERT per text would halve the dispatcher's throughput.
 * A crash between the two leaves sent outbox rows without a message row: `repair` writes them.
 */
const MESSAGE = UIDS.message;

export interface SentText {
  messageUuid: string;
  campaignId: number;
  phoneNumberId: number | null;
  contactId: number | null;
  fromNumber: string;
  toNumber: string;
  body: string;
  sentAt: number;
}

interface JoinInfo {
  table: string;
  column: string;
  inverse: string;
  order?: string;
  inverseOrder?: string;
}

export function messageWriter(strapi: Core.Strapi) {
  const joins = new Map<string, JoinInfo | null>();
  const joinOf = (attr: 'campaign' | 'phoneNumber' | 'contact'): JoinInfo | null => {
    if (joins.has(attr)) return joins.get(attr)!;
    const joinTable = entityMeta(strapi, MESSAGE).attributes[attr]?.joinTable;
    const info = joinTable
      ? { table: joinTable.name, column: joinTable.joinColumn.name, inverse: joinTable.inverseJoinColumn.name, order: joinTable.orderColumnName, inverseOrder: joinTable.inverseOrderColumnName }
      : null;
    joins.set(attr, info);
    return info;
  };
  const messagesTable = () => tables(strapi).messages;

  async function write(texts: SentText[]): Promise<void> {
    if (texts.length === 0) return;
    const now = dbDate(strapi, Date.now());
    const table = messagesTable();
    await committed(strapi, async (trx) => {
      // A delivery report may have arrived first and been stored under the same MessageUUID: keep that row.
      await trx(table)
        .insert(
          texts.map((t) => ({
            document_id: newDocumentId(),
            direction: 'outbound',
            body: t.body,
            message_uuid: t.messageUuid,
            status: 'queued',
            from_number: t.fromNumber,
            to_number: t.toNumber,
            created_at: dbDate(strapi, t.sentAt),
            updated_at: now,
            published_at: now,
          }))
        )
        .onConflict('message_uuid')
        .ignore();
      const ids = (await trx(table)
        .select('id', 'message_uuid')
        .whereIn('message_uuid', texts.map((t) => t.messageUuid))) as Array<{ id: number; message_uuid: string }>;
      const idOf = new Map(ids.map((r) => [r.message_uuid, Number(r.id)]));
      const link = async (attr: 'campaign' | 'phoneNumber' | 'contact', target: (t: SentText) => number | null) => {
        const j = joinOf(attr);
        if (!j) return;
        const rows = texts
          .map((t) => ({ m: idOf.get(t.messageUuid), target: target(t) }))
          .filter((r): r is { m: number; target: number } => r.m !== undefined && r.target !== null)
          .map((r) => ({
            [j.column]: r.m,
            [j.inverse]: r.target,
            ...(j.order ? { [j.order]: 1 } : {}),
            ...(j.inverseOrder ? { [j.inverseOrder]: 1 } : {}),
          }));
        if (rows.length) await trx(j.table).insert(rows).onConflict([j.column, j.inverse]).ignore();
      };
      await link('campaign', (t) => t.campaignId);
      await link('phoneNumber', (t) => t.phoneNumberId);
      await link('contact', (t) => t.contactId);
    });
    // Raw inserts skip the query-engine lifecycle that applies delivery reports which arrived before the
    // message was stored; apply them here (one query finds whether any are waiting).
    const waiting = (await strapi.db
      .connection(tables(strapi).deliveryReports)
      .distinct('message_uuid')
      .whereIn('message_uuid', texts.map((t) => t.messageUuid))
      .whereNull('applied_at')) as Array<{ message_uuid: string }>;
    for (const w of waiting) await applyPendingReports(strapi, w.message_uuid);
  }

  /**
   * Writes message rows for sent outbox rows that have none (a process stopped between the send and the
   * bulk write). Bounded per call; the dispatcher calls it when it settles a dead claimant's rows.
   */
  async function repair(limit = 500): Promise<number> {
    const knex = strapi.db.connection;
    const table = messagesTable();
    const missing = (await knex(`${tables(strapi).outbox} as o`)
      .leftJoin(`${table} as m`, 'm.message_uuid', 'o.message_uuid')
      .select('o.campaign_document_id', 'o.message_uuid', 'o.from_number', 'o.to_number', 'o.body', 'o.sent_at')
      .where('o.state', 'sent')
      .andWhere('o.kind', 'campaign') // replies have their message row from the start
      .whereNotNull('o.message_uuid')
      .whereNull('m.id')
      .limit(limit)) as Array<{ campaign_document_id: string; message_uuid: string; from_number: string; to_number: string; body: string; sent_at: string | number | null }>;
    if (missing.length === 0) return 0;
    const campaigns = (await strapi.db.query('plugin::texting.campaign').findMany({
      where: { documentId: { $in: [...new Set(missing.map((m) => m.campaign_document_id))] } },
      select: ['id', 'documentId'],
      populate: { phoneNumber: { select: ['id'] } },
    })) as Array<{ id: number; documentId: string; phoneNumber?: { id: number } | null }>;
    const byDoc = new Map(campaigns.map((c) => [c.documentId, c]));
    const contacts = await contactIds(strapi, missing.map((m) => m.to_number));
    await write(
      missing
        .filter((m) => byDoc.has(m.campaign_document_id))
        .map((m) => ({
          messageUuid: m.message_uuid,
          campaignId: byDoc.get(m.campaign_document_id)!.id,
          phoneNumberId: byDoc.get(m.campaign_document_id)!.phoneNumber?.id ?? null,
          contactId: contacts.get(m.to_number)?.id ?? null,
          fromNumber: m.from_number,
          toNumber: m.to_number,
          body: m.body,
          sentAt: Number(m.sent_at ?? Date.now()),
        }))
    );
    return missing.length;
  }

  return { write, repair };
}

/** Contacts by E.164, with their opt-out state: one query for a batch of recipients. */
export async function contactIds(
  strapi: Core.Strapi,
  numbers: string[],
  knex: Knex = strapi.db.connection
): Promise<Map<string, { id: number; optedOut: boolean }>> {
  const out = new Map<string, { id: number; optedOut: boolean }>();
  const unique = [...new Set(numbers)];
  const CHUNK = isPostgres(strapi) ? 5000 : 500;
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = rowsOf<{ id: number; phone_number: string; opted_out: number | boolean | null }>(
      await knex(tables(strapi).contacts).select('id', 'phone_number', 'opted_out').whereIn('phone_number', unique.slice(i, i + CHUNK))
    );
    for (const r of rows) out.set(r.phone_number, { id: Number(r.id), optedOut: Boolean(r.opted_out) });
  }
  return out;
}
