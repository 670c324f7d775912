import type { Core } from '@strapi/strapi';
import { dbDate, isPostgres, newDocumentId, num, rowsOf, type Knex } from '../../db';
import type { Recipient } from './recipients';

/**
 * The durable outbox (`texting_outbox`): one row per (campaign, recipient). Everything here is one SQL
 * statement that either wins or does nothing, so any number of Strapi instances can share the table:
 *  - enqueue: INSERT … ON CONFLICT DO NOTHING on the unique (campaign_document_id, to_number);
 *  - claim: PostgreSQL `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING`; SQLite the same
 *    UPDATE without the lock clause (SQLite runs one writing statement at a time, so it is atomic);
 *  - every later transition names the state it expects and, where it matters, the claimant.
 */
export const TABLE = 'texting_outbox';

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped';

/**
 * What a row owes: a campaign text, an automatic reply (bot answer, HELP, hand-off, START confirmation), a STOP
 * confirmation (the one text that goes to a contact who just opted out), or a person's text (inbox reply, 1:1).
 * Non-campaign rows point at their `message` row (`message_id`) and use `reply:<message documentId>` as their
 * campaign key, so the unique (campaign, recipient) index holds for them too.
 */
export type OutboxKind = 'campaign' | 'auto' | 'confirm' | 'manual';
/** Kinds counted against the automatic-reply cap. */
export const AUTOMATIC_KINDS: OutboxKind[] = ['auto', 'confirm'];

export interface ClaimedRow {
  id: number;
  campaignDocumentId: string;
  toNumber: string;
  fromNumber: string;
  name: string | null;
  body: string;
  attempts: number;
  claimedAt: number | null;
  kind: OutboxKind;
  messageId: number | null;
  enqueuedAt: number | null;
}

interface RawRow {
  id: number | string;
  campaign_document_id: string;
  to_number: string;
  from_number: string;
  name: string | null;
  body: string | null;
  attempts: number | string;
  claimed_at: number | string | null;
  kind: OutboxKind | null;
  message_id: number | string | null;
  enqueued_at: number | string | null;
}

const toClaimed = (r: RawRow): ClaimedRow => ({
  id: Number(r.id),
  campaignDocumentId: r.campaign_document_id,
  toNumber: r.to_number,
  fromNumber: r.from_number,
  name: r.name,
  body: r.body ?? '',
  attempts: Number(r.attempts),
  claimedAt: num(r.claimed_at),
  kind: r.kind ?? 'campaign',
  messageId: num(r.message_id),
  enqueuedAt: num(r.enqueued_at),
});

const COLUMNS = ['id', 'campaign_document_id', 'to_number', 'from_number', 'name', 'body', 'attempts', 'claimed_at', 'kind', 'message_id', 'enqueued_at'];
const RETURNING = COLUMNS.join(', ');
/** The RETURNING list qualified with the table (an UPDATE … FROM has two sources of `id`). */
const returning = (table: string) => COLUMNS.map((c) => `${table}.${c}`).join(', ');

/** Affected-row count of a raw UPDATE on either driver. */
export function changes(result: unknown): number {
  const r = result as { rowCount?: number; changes?: number } | null;
  return Number(r?.rowCount ?? r?.changes ?? 0);
}

export function outbox(strapi: Core.Strapi) {
  const knex = () => strapi.db.connection;
  const pg = () => isPostgres(strapi);
  const stamp = () => dbDate(strapi, Date.now());

  return {
    /**
     * Puts a campaign's recipients in the outbox. Idempotent: a repeated call (another instance, a retry after a
     * crash) inserts nothing twice. Opted-out recipients are stored as `skipped` so progress accounts for them.
     */
    async enqueue(
      trx: Knex,
      input: { campaignDocumentId: string; fromNumber: string; body: string; recipients: Recipient[]; optedOut: Set<string>; notBefore: number }
    ): Promise<number> {
      const now = stamp();
      let inserted = 0;
      const CHUNK = 500;
      for (let i = 0; i < input.recipients.length; i += CHUNK) {
        const rows = input.recipients.slice(i, i + CHUNK).map((r) => {
          const optedOut = input.optedOut.has(r.phoneNumber);
          return {
            document_id: newDocumentId(),
            state: optedOut ? 'skipped' : 'queued',
            kind: 'campaign',
            enqueued_at: input.notBefore,
            campaign_document_id: input.campaignDocumentId,
            from_number: input.fromNumber,
            to_number: r.phoneNumber,
            name: r.name ?? null,
            body: input.body,
            attempts: 0,
            next_attempt_at: input.notBefore,
            last_error: optedOut ? 'opted out' : null,
            created_at: now,
            updated_at: now,
            published_at: now,
          };
        });
        const res = await trx(TABLE).insert(rows).onConflict(['campaign_document_id', 'to_number']).ignore();
        inserted += pg() ? changes(res) : rows.length;
      }
      return inserted;
    },

    /** Claims up to `limit` due rows of one campaign for `claimant`, with a lease until `leaseUntil`. */
    async claim(campaignDocumentId: string, claimant: string, limit: number, leaseUntil: number): Promise<ClaimedRow[]> {
      if (limit <= 0) return [];
      const now = Date.now();
      const set = `state = 'sending', claimed_by = ?, claimed_at = ?, claimed_until = ?, attempts = attempts + 1, updated_at = ?`;
      const pick = `SELECT id FROM ${TABLE}
           WHERE campaign_document_id = ? AND state = 'queued' AND next_attempt_at <= ?
           ORDER BY next_attempt_at, id
           LIMIT ?`;
      const result = pg()
        ? // A materialised CTE, not `WHERE id IN (SELECT … LIMIT n FOR UPDATE SKIP LOCKED)`: PostgreSQL may run
          // such a subquery once per outer row, and then the LIMIT does not bound the update (see DECISIONS.md).
          await knex().raw(
            `WITH picked AS MATERIALIZED (${pick} FOR UPDATE SKIP LOCKED)
             UPDATE ${TABLE} SET ${set} FROM picked WHERE ${TABLE}.id = picked.id
             RETURNING ${returning(TABLE)}`,
            [campaignDocumentId, now, limit, claimant, now, Math.round(leaseUntil), stamp()]
          )
        : await knex().raw(`UPDATE ${TABLE} SET ${set} WHERE id IN (${pick}) AND state = 'queued' RETURNING ${RETURNING}`, [
            claimant,
            now,
            Math.round(leaseUntil),
            stamp(),
            campaignDocumentId,
            now,
            limit,
          ]);
      return rowsOf<RawRow>(result).map(toClaimed).sort((a, b) => a.id - b.id);
    },

    /**
     * Stores a reply owed to a contact (in the transaction that stored its `message` row): the dispatcher sends it,
     * retries it and settles it after a crash like a campaign text.
     */
    async enqueueReply(
      trx: Knex,
      input: { kind: Exclude<OutboxKind, 'campaign'>; messageId: number; messageDocumentId: string; from: string; to: string; body: string; now?: number }
    ): Promise<number> {
      const at = input.now ?? Date.now();
      const stampNow = dbDate(strapi, at);
      const rows = rowsOf<{ id: number | string }>(
        await trx(TABLE)
          .insert({
            document_id: newDocumentId(),
            state: 'queued',
            kind: input.kind,
            message_id: input.messageId,
            campaign_document_id: `reply:${input.messageDocumentId}`,
            from_number: input.from,
            to_number: input.to,
            body: input.body,
            attempts: 0,
            next_attempt_at: at,
            enqueued_at: at,
            created_at: stampNow,
            updated_at: stampNow,
            published_at: stampNow,
          })
          .returning('id')
      );
      const first = rows[0] as unknown;
      return Number(typeof first === 'object' && first !== null ? (first as { id: number | string }).id : first);
    },

    /** Automatic replies (auto + confirm) queued from `from` to `to` since `since`: the cap's count. */
    async countAutomatic(trx: Knex, from: string, to: string, since: number): Promise<number> {
      const [row] = (await trx(TABLE)
        .count({ n: '*' })
        .where({ from_number: from, to_number: to })
        .whereIn('kind', AUTOMATIC_KINDS)
        .andWhere('enqueued_at', '>=', Math.round(since))) as Array<{ n: number | string }>;
      return Number(row?.n ?? 0);
    },

    /**
     * Claims due reply rows (every kind but campaign), or exactly the rows `ids` when given (the request that
     * queued them sends them at once; the dispatcher is the fallback for what that attempt leaves).
     */
    async claimReplies(claimant: string, limit: number, leaseUntil: number, ids?: number[]): Promise<ClaimedRow[]> {
      if (limit <= 0 || (ids && ids.length === 0)) return [];
      const now = Date.now();
      const set = `state = 'sending', claimed_by = ?, claimed_at = ?, claimed_until = ?, attempts = attempts + 1, updated_at = ?`;
      const which = ids ? `id IN (${ids.map(() => '?').join(', ')})` : `kind IN ('auto', 'confirm', 'manual')`;
      const pick = `SELECT id FROM ${TABLE} WHERE ${which} AND state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`;
      const pickArgs = [...(ids ?? []), now, limit];
      const result = pg()
        ? await knex().raw(
            `WITH picked AS MATERIALIZED (${pick} FOR UPDATE SKIP LOCKED)
             UPDATE ${TABLE} SET ${set} FROM picked WHERE ${TABLE}.id = picked.id
             RETURNING ${returning(TABLE)}`,
            [...pickArgs, claimant, now, Math.round(leaseUntil), stamp()]
          )
        : await knex().raw(`UPDATE ${TABLE} SET ${set} WHERE id IN (${pick}) AND state = 'queued' RETURNING ${RETURNING}`, [
            claimant,
            now,
            Math.round(leaseUntil),
            stamp(),
            ...pickArgs,
          ]);
      return rowsOf<RawRow>(result).map(toClaimed).sort((a, b) => a.id - b.id);
    },

    /**
     * The last step before a send, in one statement: keeps the claim (renewing the lease to `leaseUntil` if it
     * would end sooner) only if `claimant` still holds the row AND its recipient has not opted out. A STOP
     * committed before this statement wins. STOP confirmations (`confirm`) skip the opt-out test: they go to a
     * contact who just opted out.
     */
    async gate(id: number, claimant: string, leaseUntil: number): Promise<boolean> {
      const res = await knex().raw(
        `UPDATE ${TABLE} SET claimed_until = CASE WHEN claimed_until < ? THEN ? ELSE claimed_until END
         WHERE id = ? AND state = 'sending' AND claimed_by = ?
           AND (kind = 'confirm' OR NOT EXISTS (
             SELECT 1 FROM texting_contacts c WHERE c.phone_number = ${TABLE}.to_number AND c.opted_out = ?))`,
        [Math.round(leaseUntil), Math.round(leaseUntil), id, claimant, true]
      );
      return changes(res) === 1;
    },

    /**
     * A send whose outcome is unknown (timeout after the request went out, dropped connection, a 5xx that may
     * follow acceptance): the row stays `sending` with its lease ended now, so it is settled like a dead
     * claimant's row — looked up in Plivo's message list before anything is sent again.
     */
    async markInDoubt(id: number, claimant: string, lastError: string): Promise<boolean> {
      const n = await knex()(TABLE)
        .where({ id, state: 'sending', claimed_by: claimant })
        .update({ claimed_until: Date.now(), last_error: `in doubt: ${lastError}`.slice(0, 2000), updated_at: stamp() });
      return Number(n) === 1;
    },

    /** "Retry failed": a campaign's permanently failed rows back to the queue (opted-out and skipped rows stay out). */
    async requeueFailed(campaignDocumentId: string): Promise<number> {
      const n = await knex()(TABLE)
        .where({ campaign_document_id: campaignDocumentId, state: 'failed' })
        .update({ state: 'queued', attempts: 0, next_attempt_at: Date.now(), last_error: null, claimed_until: null, updated_at: stamp() });
      return Number(n);
    },

    /**
     * Claims rows whose claimant stopped (state `sending`, lease ended before `expiredBefore`) so that their fate
     * can be settled. `claimed_at` is kept: it tells when the dead claimant may have sent them.
     */
    async claimStale(claimant: string, limit: number, leaseUntil: number, expiredBefore = Date.now()): Promise<ClaimedRow[]> {
      const now = Math.round(expiredBefore);
      const set = `claimed_by = ?, claimed_until = ?, updated_at = ?`;
      const pick = `SELECT id FROM ${TABLE} WHERE state = 'sending' AND claimed_until < ? ORDER BY id LIMIT ?`;
      const result = pg()
        ? await knex().raw(
            `WITH picked AS MATERIALIZED (${pick} FOR UPDATE SKIP LOCKED)
             UPDATE ${TABLE} SET ${set} FROM picked WHERE ${TABLE}.id = picked.id
             RETURNING ${returning(TABLE)}`,
            [now, limit, claimant, Math.round(leaseUntil), stamp()]
          )
        : await knex().raw(`UPDATE ${TABLE} SET ${set} WHERE id IN (${pick}) AND state = 'sending' AND claimed_until < ? RETURNING ${RETURNING}`, [
            claimant,
            Math.round(leaseUntil),
            stamp(),
            now,
            limit,
            now,
          ]);
      return rowsOf<RawRow>(result).map(toClaimed);
    },

    /** Extends the lease of rows that wait for their rate slot. */
    async extendLease(ids: number[], claimant: string, leaseUntil: number): Promise<void> {
      if (ids.length === 0) return;
      await knex()(TABLE).whereIn('id', ids).andWhere({ state: 'sending', claimed_by: claimant }).update({ claimed_until: Math.round(leaseUntil) });
    },

    /** Renews one row's lease if `claimant` still holds it; false when another instance has taken it over. */
    async renewLease(id: number, claimant: string, leaseUntil: number): Promise<boolean> {
      const n = await knex()(TABLE).where({ id, state: 'sending', claimed_by: claimant }).update({ claimed_until: Math.round(leaseUntil) });
      return Number(n) === 1;
    },

    /** Which of these MessageUUIDs an outbox row already holds (texts whose send is on record). */
    async knownUuids(uuids: string[]): Promise<Set<string>> {
      if (uuids.length === 0) return new Set();
      const rows = (await knex()(TABLE).select('message_uuid').whereIn('message_uuid', uuids)) as Array<{ message_uuid: string }>;
      return new Set(rows.map((r) => r.message_uuid));
    },

    /**
     * Several sent rows in one statement (the dispatcher groups the sends that finish within a few
     * milliseconds): one round trip instead of one per text. Same meaning as `markSent`.
     */
    async markSentMany(rows: Array<{ id: number; messageUuid: string; sentAt: number }>): Promise<void> {
      if (rows.length === 0) return;
      const uuidCase = rows.map(() => 'WHEN ? THEN ?').join(' ');
      const sentCase = rows.map(() => 'WHEN ? THEN CAST(? AS BIGINT)').join(' ');
      await knex().raw(
        `UPDATE ${TABLE} SET state = 'sent', message_uuid = CASE id ${uuidCase} END, sent_at = CASE id ${sentCase} END,
           last_error = NULL, claimed_until = NULL, updated_at = ?
         WHERE id IN (${rows.map(() => '?').join(', ')})`,
        [
          ...rows.flatMap((r) => [r.id, r.messageUuid]),
          ...rows.flatMap((r) => [r.id, r.sentAt]),
          stamp(),
          ...rows.map((r) => r.id),
        ]
      );
    },

    /** The provider accepted the text. Recorded whoever holds the claim now: it is a fact, not a decision. */
    async markSent(trx: Knex, id: number, messageUuid: string, sentAt: number): Promise<void> {
      await trx(TABLE)
        .where({ id })
        .update({ state: 'sent', message_uuid: messageUuid, sent_at: sentAt, last_error: null, claimed_until: null, updated_at: stamp() });
    },

    /** Back to the queue (a retryable failure, quiet hours, a lost claim settled as not sent). */
    async requeue(id: number, claimant: string, nextAttemptAt: number, lastError: string | null, refundAttempt = false): Promise<boolean> {
      const res = await knex().raw(
        `UPDATE ${TABLE} SET state = 'queued', next_attempt_at = ?, last_error = ?, claimed_until = NULL,
           attempts = CASE WHEN ? = 1 AND attempts > 0 THEN attempts - 1 ELSE attempts END, updated_at = ?
         WHERE id = ? AND state = 'sending' AND claimed_by = ?`,
        [Math.round(nextAttemptAt), lastError, refundAttempt ? 1 : 0, stamp(), id, claimant]
      );
      return changes(res) === 1;
    },

    async finish(id: number, claimant: string, state: 'failed' | 'skipped', lastError: string): Promise<boolean> {
      const res = await knex()(TABLE)
        .where({ id, state: 'sending', claimed_by: claimant })
        .update({ state, last_error: lastError.slice(0, 2000), claimed_until: null, updated_at: stamp() });
      return Number(res) === 1;
    },

    /** Rows not sent yet when their campaign is archived: they will never go. */
    async skipUnsent(campaignDocumentId: string, reason: string): Promise<number> {
      const res = await knex()(TABLE)
        .where({ campaign_document_id: campaignDocumentId, state: 'queued' })
        .update({ state: 'skipped', last_error: reason, updated_at: stamp() });
      return Number(res);
    },

    /** Counts by state for campaigns, and delivered/undelivered from the messages' delivery reports. */
    async progress(campaignDocumentIds: string[]): Promise<Map<string, Progress>> {
      const out = new Map<string, Progress>();
      if (campaignDocumentIds.length === 0) return out;
      for (const id of campaignDocumentIds) out.set(id, emptyProgress());
      const byState = (await knex()(TABLE)
        .select('campaign_document_id', 'state')
        .count({ n: '*' })
        .whereIn('campaign_document_id', campaignDocumentIds)
        .groupBy('campaign_document_id', 'state')) as Array<{ campaign_document_id: string; state: OutboxState; n: number | string }>;
      for (const r of byState) {
        const p = out.get(r.campaign_document_id)!;
        p[r.state] += Number(r.n);
        p.total += Number(r.n);
      }
      const optedOut = (await knex()(TABLE)
        .select('campaign_document_id')
        .count({ n: '*' })
        .whereIn('campaign_document_id', campaignDocumentIds)
        .andWhere({ state: 'skipped', last_error: 'opted out' })
        .groupBy('campaign_document_id')) as Array<{ campaign_document_id: string; n: number | string }>;
      for (const r of optedOut) out.get(r.campaign_document_id)!.optedOut = Number(r.n);
      const delivery = (await knex()(`${TABLE} as o`)
        .join('texting_messages as m', 'm.message_uuid', 'o.message_uuid')
        .select('o.campaign_document_id as campaign_document_id', 'm.status as status')
        .count({ n: '*' })
        .whereIn('o.campaign_document_id', campaignDocumentIds)
        .andWhere('o.state', 'sent')
        .whereIn('m.status', ['delivered', 'undelivered', 'failed'])
        .groupBy('o.campaign_document_id', 'm.status')) as Array<{ campaign_document_id: string; status: string; n: number | string }>;
      for (const r of delivery) {
        const p = out.get(r.campaign_document_id)!;
        if (r.status === 'delivered') p.delivered += Number(r.n);
        else p.undelivered += Number(r.n);
      }
      for (const p of out.values()) {
        p.remaining = p.queued + p.sending;
        p.failedTotal = p.failed + p.undelivered;
      }
      return out;
    },
  };
}

export type { CampaignProgress as Progress } from '../../../../shared/contracts';
import type { CampaignProgress as Progress } from '../../../../shared/contracts';

export const emptyProgress = (): Progress => ({
  total: 0,
  queued: 0,
  sending: 0,
  sent: 0,
  failed: 0,
  skipped: 0,
  optedOut: 0,
  delivered: 0,
  undelivered: 0,
  failedTotal: 0,
  remaining: 0,
});
