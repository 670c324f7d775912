import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import {
  ATTENTION,
  FINAL_OUTBOUND_STATUSES,
  HEALTH_WINDOWS,
  MISSING_AT_PLIVO_REASON,
  type AttentionReason,
  type HealthWindow,
  type NumberHealth,
} from '../../../../shared/contracts';
import { OPT_OUT_WORDS } from '../opt-out';
import { tables, toIso, withKnex, committed } from '../../db';
import type { Sql } from './query';
import { findNumberRef } from './detail';

/**
 * Number health (issue 13), computed from the messages table: a text belongs to a number by its `from_number`
 * (outbound) or `to_number` (inbound), which every writer sets, so no link table is joined and the partial
 * indexes of indexes.ts cover each query: `(from_number, created_at, status)` and `(created_at, from_number,
 * status)` over outbound texts, `(to_number, created_at)` over inbound ones. (A number released and bought
 * again inherits the texts of its phone number: they are the same line for the people who text it.)
 *
 * The number's page aggregates live (a few index ranges of one number). The list does not: sorting or filtering on
 * every number's last week aggregated ~160,000 texts per request at 1M (130–540 ms p95, bench/phone-numbers.js),
 * so the number row stores its 7-day counts, recomputed by `refreshWeekStats` every 5 minutes (jobs/number-health.ts)
 * and read like any other column. A rollup table maintained on write was not chosen: every writer of texts and
 * delivery reports (routing, dispatcher, replies, reports arriving before their message) would have to keep it right.
 */

const DAY = 24 * 3600 * 1000;
const FINAL = [...FINAL_OUTBOUND_STATUSES];
/** The SQL form of `ATTENTION.minDeliveryRate` as whole percents, so that the comparison is exact. */
const MIN_RATE_PERCENT = Math.round(ATTENTION.minDeliveryRate * 100);

/** A datetime as the database stores it (SQLite: epoch ms; PostgreSQL: timestamp). */
const at = (client: string, d: Date) => (client === 'postgres' ? d : d.getTime());

const windowStart = (now: Date, days: number) => new Date(now.getTime() - days * DAY);

/**
 * Whether an inbound text is an opt-out, as `classifyKeyword` (opt-out.ts) decides it: Plivo's intent wins when
 * it is one of its three; otherwise the whole text, trimmed, trailing punctuation dropped, is an opt-out word.
 * As SQL (both databases have `ltrim`/`rtrim` with a character set), yielding the sender or null.
 */
function optOutSender(knex: Knex, alias: string) {
  const ws = ' \t\r\n';
  const words = OPT_OUT_WORDS.map(() => '?').join(', ');
  return knex.raw(
    `case when lower(coalesce(${alias}.intent, '')) = 'optout' then ${alias}.from_number ` +
      `when lower(coalesce(${alias}.intent, '')) in ('optin', 'help') then null ` +
      `when rtrim(ltrim(upper(${alias}.body), ?), ?) in (${words}) then ${alias}.from_number end`,
    [ws, `${ws}.!?,;:`, ...OPT_OUT_WORDS]
  );
}

/**
 * The list's 7-day figures as of now, for every number (one statement per step, in a transaction): numbers whose
 * last week went quiet go back to zero, then each number with texts gets its counts, written only where they
 * changed (no churn of unchanged rows). Idempotent: instances that run it at the same time write the same values.
 * The aggregate is one range scan of the recent-outbound index (about 150 ms at 1M texts, bench/phone-numbers.js),
 * which is why the list reads stored figures instead of aggregating per request.
 */
/** Answers how many numbers' figures changed. */
export async function refreshWeekStats(strapi: Core.Strapi, now = new Date()): Promise<number> {
  const t = tables(strapi);
  const client = strapi.db.dialect.client;
  const since = at(client, windowStart(now, ATTENTION.windowDays));
  const finals = FINAL.map(() => '?').join(', ');
  return committed(strapi, async (trx) => {
    const knex = trx as unknown as Knex;
    const recent = `select from_number as phone, count(*) as outcomes, sum(case when status = 'delivered' then 1 else 0 end) as delivered
      from ?? where direction = 'outbound' and from_number is not null and created_at >= ? and status in (${finals}) group by from_number`;
    const changed = (res: unknown) => Number((res as { rowCount?: number }).rowCount ?? (res as { changes?: number }).changes ?? 0);
    const quiet = await knex.raw(
      `update ?? set week_outcomes = 0, week_delivered = 0, week_delivery_rate = null
       where week_outcomes <> 0 and phone_number not in (select phone from (${recent}) r)`,
      [t.numbers, t.messages, since, ...FINAL]
    );
    const res = await knex.raw(
      `update ?? set week_outcomes = h.outcomes, week_delivered = h.delivered, week_delivery_rate = h.delivered * 1.0 / h.outcomes
       from (${recent}) h
       where h.phone = ??.phone_number and (coalesce(??.week_outcomes, -1) <> h.outcomes or coalesce(??.week_delivered, -1) <> h.delivered)`,
      [t.numbers, t.messages, since, ...FINAL, t.numbers, t.numbers, t.numbers]
    );
    return changed(quiet) + changed(res);
  });
}

/** The list's delivery-rate column and sort: the stored 7-day figures (refreshWeekStats). */
export const RATE_EXPR = 'pn.week_delivery_rate';

/** Restricts `qb` (over `pn`) to the numbers that need attention (shared/contracts/health.ts `ATTENTION`). */
export function whereNeedsAttention(sql: Sql, qb: Knex.QueryBuilder, now: Date) {
  const { client } = sql;
  return qb.where((w) =>
    w
      .where('pn.provider_status', 'release_failed')
      .orWhere('pn.status_reason', MISSING_AT_PLIVO_REASON)
      .orWhere((p) => p.where('pn.provider_status', 'pending').where('pn.created_at', '<', at(client, windowStart(now, ATTENTION.pendingDays))))
      .orWhere((r) => r.where('pn.week_outcomes', '>=', ATTENTION.minTexts).whereRaw('100 * pn.week_delivered < ? * pn.week_outcomes', [MIN_RATE_PERCENT]))
  );
}

/** The fields `attentionOf` reads (a list row's raw columns, or the number's page). */
export interface AttentionFacts {
  status: string;
  statusReason: string | null;
  createdAt: unknown;
  outcomes: number;
  delivered: number;
}

/** Why a number needs attention: the same four tests as `whereNeedsAttention`, on one number's figures. */
export function attentionOf(f: AttentionFacts, now: Date): AttentionReason[] {
  const out: AttentionReason[] = [];
  if (f.status === 'release_failed') out.push('release_failed');
  if (f.statusReason === MISSING_AT_PLIVO_REASON) out.push('missing_at_plivo');
  const created = toIso(f.createdAt);
  if (f.status === 'pending' && created && Date.parse(created) < windowStart(now, ATTENTION.pendingDays).getTime()) out.push('pending_too_long');
  if (f.outcomes >= ATTENTION.minTexts && 100 * f.delivered < MIN_RATE_PERCENT * f.outcomes) out.push('low_delivery_rate');
  return out;
}

export const deliveryRate = (delivered: number, outcomes: number): number | null => (outcomes > 0 ? delivered / outcomes : null);

const n = (v: unknown) => Number(v ?? 0);

/** The number's page: last inbound text, and per window texts in and out, delivery rate, failures by code, opt-outs. */
export async function getHealth(strapi: Core.Strapi, documentId: string, now = new Date()): Promise<NumberHealth> {
  const { phoneNumber } = await findNumberRef(strapi, documentId);
  const t = tables(strapi);
  const client = strapi.db.dialect.client;
  const [short, long] = HEALTH_WINDOWS.map((d) => at(client, windowStart(now, d)));
  const inShort = (alias: string) => `case when ${alias}.created_at >= ? then 1 else 0 end`;

  return withKnex(strapi, async (knex) => {
    const last = (await knex({ m: t.messages })
      .where('m.direction', 'inbound')
      .where('m.to_number', phoneNumber)
      .max({ at: 'm.created_at' })
      .first()) as { at: unknown } | undefined;

    // Outbound, grouped by outcome and error code over 30 days, each group also counted over 7.
    const out = (await knex({ m: t.messages })
      .where('m.direction', 'outbound')
      .where('m.from_number', phoneNumber)
      .where('m.created_at', '>=', long)
      .groupBy('m.status', 'm.error_code')
      .select('m.status', { code: 'm.error_code' })
      .count({ long: '*' })
      .select(knex.raw(`sum(${inShort('m')}) as short`, [short]))) as Array<{ status: string; code: string | null; long: unknown; short: unknown }>;

    const inbound = (await knex({ m: t.messages })
      .where('m.direction', 'inbound')
      .where('m.to_number', phoneNumber)
      .where('m.created_at', '>=', long)
      .select(knex.raw('count(*) as long'))
      .select(knex.raw(`sum(${inShort('m')}) as short`, [short]))
      .select(knex.raw('count(distinct ?) as opt_long', [optOutSender(knex, 'm')]))
      .select(knex.raw(`count(distinct case when m.created_at >= ? then ? end) as opt_short`, [short, optOutSender(knex, 'm')]))
      .first()) as { long: unknown; short: unknown; opt_long: unknown; opt_short: unknown } | undefined;

    const number = (await knex({ pn: t.numbers })
      .where('pn.phone_number', phoneNumber)
      .select({ status: 'pn.provider_status', statusReason: 'pn.status_reason', createdAt: 'pn.created_at' })
      .first()) as { status: string; statusReason: string | null; createdAt: unknown };

    const windows: HealthWindow[] = HEALTH_WINDOWS.map((days) => {
      const count = (r: { long: unknown; short: unknown }) => n(days === HEALTH_WINDOWS[0] ? r.short : r.long);
      const sum = (pick: (r: (typeof out)[number]) => boolean) => out.filter(pick).reduce((s, r) => s + count(r), 0);
      const delivered = sum((r) => r.status === 'delivered');
      const failed = sum((r) => r.status === 'undelivered' || r.status === 'failed');
      const byCode = new Map<string | null, number>();
      for (const r of out) {
        if (r.status !== 'undelivered' && r.status !== 'failed') continue;
        const code = r.code === null || r.code === undefined || r.code === '' ? null : String(r.code);
        byCode.set(code, (byCode.get(code) ?? 0) + count(r));
      }
      return {
        days,
        inbound: inbound ? count(inbound) : 0,
        outbound: sum(() => true),
        delivered,
        failed,
        deliveryRate: deliveryRate(delivered, delivered + failed),
        failuresByCode: [...byCode.entries()]
          .filter(([, c]) => c > 0)
          .map(([code, c]) => ({ code, count: c }))
          .sort((a, b) => b.count - a.count || String(a.code ?? '').localeCompare(String(b.code ?? ''))),
        optOuts: inbound ? n(days === HEALTH_WINDOWS[0] ? inbound.opt_short : inbound.opt_long) : 0,
      };
    });
    const week = windows.find((w) => w.days === ATTENTION.windowDays)!;
    return {
      lastInboundAt: toIso(last?.at),
      windows,
      attention: attentionOf({ ...number, outcomes: week.delivered + week.failed, delivered: week.delivered }, now),
      asOf: now.toISOString(),
    };
  });
}
