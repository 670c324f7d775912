import crypto from 'crypto';
import { setMaxListeners } from 'events';
import { STATUS_CODES } from 'http';
import os from 'os';
import type { Core } from '@strapi/strapi';
import type { SentMessage, TextingProvider } from '../../provider/types';
import { notificationReasonOf } from '../../provider/plivo/errors';
import { num, rowsOf, tables } from '../../db';
import { contactIds, messageWriter, type SentText } from '../../db/messages';
import { outbox, type ClaimedRow } from './outbox';
import { claimProbe, closePause, openPause, readPause, type PauseKind } from './pause';
import { withinTextingHours, type TextingHours } from './quiet-hours';
import { getService } from '../../utils/get-service';

/**
 * The dispatcher: claims due outbox rows (campaign texts and replies), sends each through the provider, records
 * the outcome.
 *
 * Safe with N instances on one database because every step is a claim in the database (see outbox.ts):
 * a row is sent only by the instance whose claim moved it from `queued` to `sending`. A claim is a lease
 * (`claimed_until`), and a send only starts while the lease outlasts the provider call (`outbox.gate`, which
 * also refuses the send if the recipient opted out); rows of an instance that died stay `sending` until the
 * lease ends, and are then "in doubt" — the dead instance may or may not have handed them to Plivo.
 * `settleStale` asks Plivo which of them it accepted (see docs/DECISIONS.md, "Exactly once after a crash:
 * asking Plivo"). A send whose answer was lost while this instance lives (timeout, dropped connection, a 5xx
 * that may follow acceptance) is put in the same state at once and settled the same way.
 *
 * Retryable failures are retried with capped exponential backoff until the row's deadline (its campaign's
 * archive time; for a reply, `replyMaxAgeMs` after it was queued). Account errors (401/402/403) and repeated
 * failures pause all sending through one database row (pause.ts); a probe now and then resumes it.
 *
 * The rate limit is per number and shared by all instances: each campaign row carries `next_send_slot`, and
 * an instance reserves send slots with one atomic UPDATE … RETURNING before it sends what it claimed.
 */
export interface DispatchSettings {
  /** Messages per second per number; 0 = as fast as the provider answers. */
  ratePerSecond: number;
  /** Rows claimed per campaign per round. */
  batchSize: number;
  /** Provider calls in flight per instance. */
  concurrency: number;
  /** How long a claim stays valid without an outcome. At least the provider timeout + 2 s. */
  leaseMs: number;
  /** First retry delay; it doubles with each attempt up to `retryMaxMs`. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** How long a reply (no archive time) is retried before it fails. */
  replyMaxAgeMs: number;
  /** Pause between rounds when there is nothing to claim (run loop). */
  idleMs: number;
  /**
   * In-doubt rows (their claimant died mid-send, or the answer was lost): `lookup` asks the provider whether it
   * took the text (exactly once, the default); `resend` sends them again without asking (at least once); `fail`
   * fails them (at most once).
   */
  inDoubt: 'lookup' | 'resend' | 'fail';
  /**
   * `lookup` only: how long after a claim's lease ends its rows are looked up. Plivo lists a text some seconds
   * after accepting it; asking sooner could miss a text that was sent, and send it twice.
   */
  inDoubtGraceMs: number;
  /** Provider failures in a row (retryable or in doubt) after which all sending pauses (circuit breaker). */
  breakerFailures: number;
  /** While paused, how often one send is tried as a probe. */
  probeIntervalMs: number;
}

export interface DispatchStats {
  claimed: number;
  sent: number;
  failed: number;
  skipped: number;
  retried: number;
  heldQuietHours: number;
  /** Sends whose outcome was unknown, left for the provider lookup. */
  inDoubt: number;
  /** Times this instance paused sending (account error or circuit breaker) and probes it sent. */
  pauses: number;
  probes: number;
  /** In-doubt rows settled (found sent + re-queued + failed). */
  stale: number;
  staleFoundSent: number;
  staleRequeued: number;
  staleFailed: number;
  /** In-doubt rows left for a later round because the provider lookup failed. */
  staleDeferred: number;
  /** Claimed rows not sent because the lease ran out before their turn and another instance had taken them. */
  lostClaims: number;
}

/** What became of one claimed row (what a request that sends at once, such as an inbox reply, answers). */
export type SendOutcome =
  | { state: 'sent'; messageUuid: string }
  | { state: 'failed'; error: string }
  | { state: 'skipped'; error: string }
  | { state: 'queued'; error?: string }
  | { state: 'in_doubt'; error: string }
  | { state: 'lost' };

interface CampaignCtx {
  id: number;
  documentId: string;
  fromNumber: string | null;
  phoneNumberId: number | null;
  numberActive: boolean;
  office: TextingHours | null;
  nextSendSlot: number | null;
  archiveAt: number | null;
}

interface WorkItem {
  row: ClaimedRow;
  /** Null for replies. */
  campaign: CampaignCtx | null;
  slotAt: number;
  /** Our lease on the row as we set it (claimed_until). */
  leaseUntil: number;
  contactId: number | null;
  /** After this time a retryable failure fails the row. */
  deadline: number | null;
  /** Sent while sending is paused, to find out whether Plivo works again. */
  probe: boolean;
}

const HORIZON_MS = 1000;
/** Clock difference allowed between our instances and Plivo when asking for texts sent since a claim. */
const CLOCK_SLACK_MS = 60_000;

const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && process.env[name] !== '' && process.env[name] !== undefined ? value : fallback;
};

/** The longest a provider call can take: the SDK's timeout plus the adapter's guard (provider/plivo). */
export const sendWindowMs = (strapi: Core.Strapi) => Number(strapi.config.get('plugin::texting.plivo.timeoutMs') ?? 10_000) + 1000;

export function defaultSettings(strapi: Core.Strapi): DispatchSettings {
  const cfg = (strapi.config.get('plugin::texting.dispatch') ?? {}) as Partial<DispatchSettings>;
  let inDoubt = String(cfg.inDoubt ?? process.env.TEXTING_IN_DOUBT ?? 'lookup');
  if (!['lookup', 'resend', 'fail'].includes(inDoubt)) {
    strapi.log.error(`[texting] TEXTING_IN_DOUBT must be lookup, resend or fail, got "${inDoubt}": using lookup`);
    inDoubt = 'lookup';
  }
  return {
    ratePerSecond: Math.max(0, Number(cfg.ratePerSecond ?? envInt('TEXTING_SEND_RATE', 10))),
    batchSize: Math.max(1, Number(cfg.batchSize ?? envInt('TEXTING_SEND_BATCH', 50))),
    concurrency: Math.max(1, Number(cfg.concurrency ?? envInt('TEXTING_SEND_CONCURRENCY', 16))),
    // A lease shorter than one provider call would make every send renew it first.
    leaseMs: Math.max(sendWindowMs(strapi) + HORIZON_MS, Number(cfg.leaseMs ?? envInt('TEXTING_SEND_LEASE_MS', 60_000))),
    retryBaseMs: Math.max(1, Number(cfg.retryBaseMs ?? envInt('TEXTING_RETRY_BASE_MS', 2000))),
    retryMaxMs: Math.max(1, Number(cfg.retryMaxMs ?? envInt('TEXTING_RETRY_MAX_MS', 5 * 60_000))),
    replyMaxAgeMs: Math.max(1000, Number(cfg.replyMaxAgeMs ?? envInt('TEXTING_REPLY_MAX_AGE_MS', 24 * 3600_000))),
    idleMs: Math.max(10, Number(cfg.idleMs ?? envInt('TEXTING_DISPATCH_IDLE_MS', 1000))),
    inDoubt: inDoubt as DispatchSettings['inDoubt'],
    inDoubtGraceMs: Math.max(0, Number(cfg.inDoubtGraceMs ?? envInt('TEXTING_IN_DOUBT_GRACE_MS', 30_000))),
    breakerFailures: Math.max(1, Number(cfg.breakerFailures ?? envInt('TEXTING_BREAKER_FAILURES', 5))),
    probeIntervalMs: Math.max(100, Number(cfg.probeIntervalMs ?? envInt('TEXTING_PROBE_MS', 30_000))),
  };
}

const emptyStats = (): DispatchStats => ({
  claimed: 0,
  sent: 0,
  failed: 0,
  skipped: 0,
  retried: 0,
  heldQuietHours: 0,
  inDoubt: 0,
  pauses: 0,
  probes: 0,
  stale: 0,
  staleFoundSent: 0,
  staleRequeued: 0,
  staleFailed: 0,
  staleDeferred: 0,
  lostClaims: 0,
});

class Semaphore {
  private waiting: Array<() => void> = [];
  private used = 0;
  constructor(private size: number) {}
  async acquire(): Promise<void> {
    if (this.used < this.size) {
      this.used++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.used--;
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 2000);

interface ProviderFailure {
  kind?: string;
  retryable?: boolean;
  status?: number;
  message?: string;
}

/* ------------------------------------------------------------------ failure classes */

/**
 * What a failed send means:
 *  - `account`: Plivo refused the account (401, 402, 403) — pause everything, fail nothing;
 *  - `retry`: certainly not sent (429, 503, connection refused, our own failure before the call) — back off;
 *  - `doubt`: maybe sent (timeout after the request went out, connection reset, 500/502/504, an acceptance
 *    without an id) — look it up before sending again;
 *  - `fail`: Plivo refused this text (4xx) — the row fails with Plivo's message;
 *  - `not_configured`: no credentials — wait without counting an attempt.
 */
export type FailureClass = 'account' | 'retry' | 'doubt' | 'fail' | 'not_configured';

const NEVER_CONNECTED_RE = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/i;

export function classifyFailure(err: unknown): FailureClass {
  const failure = (err ?? {}) as ProviderFailure;
  if (typeof failure.kind !== 'string') return 'retry';
  if (failure.kind === 'not_configured') return 'not_configured';
  if (failure.kind === 'unauthorized' || failure.status === 401 || failure.status === 402 || failure.status === 403) return 'account';
  if (failure.kind === 'rate_limited') return 'retry';
  if (failure.kind === 'timeout') return 'doubt';
  if (failure.kind === 'network') return NEVER_CONNECTED_RE.test(failure.message ?? '') ? 'retry' : 'doubt';
  if (failure.kind === 'server_error') return failure.status === 503 ? 'retry' : 'doubt';
  return failure.retryable ? 'retry' : 'fail';
}

/** "503 Service Unavailable", "timeout", "connection failed": what the pause banner says after its cause. */
export function failureLabel(err: unknown): string {
  const failure = (err ?? {}) as ProviderFailure;
  if (typeof failure.status === 'number') return `${failure.status} ${STATUS_CODES[failure.status] ?? ''}`.trim();
  if (failure.kind === 'rate_limited') return `429 ${STATUS_CODES[429]}`;
  if (failure.kind === 'timeout') return 'no answer (timeout)';
  if (failure.kind === 'network') return 'connection failed';
  return errorText(err).slice(0, 200);
}

/* ------------------------------------------------------------------ the dispatcher's state */

/** Everything one dispatcher (one per Strapi instance) keeps between calls; the functions below take it. */
interface DispatchContext {
  strapi: Core.Strapi;
  instanceId: string;
  settings: DispatchSettings | null;
  stats: DispatchStats;
  outboxStore: ReturnType<typeof outbox>;
  writer: ReturnType<typeof messageWriter>;
  /** Campaign message rows waiting for their bulk write. */
  messageBuffer: SentText[];
  messageFlush: Promise<void>;
  messageTimer: NodeJS.Timeout | null;
  /** Sent rows waiting for their grouped UPDATE. */
  sentQueue: Array<{ id: number; messageUuid: string; sentAt: number; done: (recorded: boolean) => void }>;
  sentTimer: NodeJS.Timeout | null;
  /** Provider failures in a row (the circuit breaker's count); any success resets it. */
  failuresInARow: number;
  /** The last pause state read: a success while paused closes the pause. */
  pausedSeen: boolean;
  running: Promise<DispatchStats> | null;
  loops: Set<{ controller: AbortController; done: Promise<DispatchStats> }>;
  /** Sends started by requests (sendNow) share this limit with nothing else. */
  immediate: Semaphore | null;
  /** When this instance last handed each number's text to Plivo (or will: a reservation), for the rate's spacing. */
  lastSendAt: Map<string, number>;
}

const settingsOf = (ctx: DispatchContext) => (ctx.settings ??= defaultSettings(ctx.strapi));
const providerOf = (strapi: Core.Strapi): TextingProvider => getService(strapi, 'provider');

/* ------------------------------------------------------------------ campaign message rows, written in bulk */

function flushMessages(ctx: DispatchContext): Promise<void> {
  if (ctx.messageTimer) {
    clearTimeout(ctx.messageTimer);
    ctx.messageTimer = null;
  }
  const batch = ctx.messageBuffer;
  ctx.messageBuffer = [];
  ctx.messageFlush = ctx.messageFlush.then(async () => {
    if (batch.length === 0) return;
    try {
      await ctx.writer.write(batch);
    } catch (err) {
      // The outbox already says "sent"; `repair` writes these rows later.
      ctx.strapi.log.error(`[texting] could not store ${batch.length} campaign message rows: ${errorText(err)}`);
    }
  });
  return ctx.messageFlush;
}

function rememberMessage(ctx: DispatchContext, text: SentText) {
  ctx.messageBuffer.push(text);
  if (ctx.messageBuffer.length >= 100) void flushMessages(ctx);
  else if (!ctx.messageTimer) ctx.messageTimer = setTimeout(() => void flushMessages(ctx), 100);
}

/* ------------------------------------------------------------------ campaigns that may send now */

async function activeCampaigns(strapi: Core.Strapi): Promise<CampaignCtx[]> {
  const rows = (await strapi.db.query('plugin::texting.campaign').findMany({
    where: { state: 'active' },
    select: ['id', 'documentId', 'fromNumber', 'nextSendSlot', 'archiveAt'],
    populate: {
      phoneNumber: { select: ['id', 'phoneNumber', 'providerStatus'] },
      office: { select: ['id', 'timezone', 'sendWindowStart', 'sendWindowEnd'] },
    },
  })) as Array<{
    id: number;
    documentId: string;
    fromNumber: string | null;
    nextSendSlot: string | number | null;
    archiveAt: string | null;
    phoneNumber?: { id: number; phoneNumber: string; providerStatus: string } | null;
    office?: TextingHours | null;
  }>;
  return rows.map((c) => ({
    id: c.id,
    documentId: c.documentId,
    fromNumber: c.phoneNumber?.phoneNumber ?? c.fromNumber,
    phoneNumberId: c.phoneNumber?.id ?? null,
    numberActive: c.phoneNumber?.providerStatus === 'active',
    office: c.office ?? null,
    nextSendSlot: num(c.nextSendSlot),
    archiveAt: c.archiveAt ? new Date(c.archiveAt).getTime() : null,
  }));
}

/** Reserves `count` send slots of a number's rate; returns the first slot's time. */
async function reserveSlots(strapi: Core.Strapi, campaignId: number, count: number, intervalMs: number, now: number): Promise<number> {
  const span = Math.round(count * intervalMs);
  const result = await strapi.db.connection.raw(
    `UPDATE ${tables(strapi).campaigns}
     SET next_send_slot = (CASE WHEN next_send_slot IS NULL OR next_send_slot < ? THEN ? ELSE next_send_slot END) + ?
     WHERE id = ? RETURNING next_send_slot`,
    [now, now, span, campaignId]
  );
  const end = num(rowsOf<{ next_send_slot: string | number }>(result)[0]?.next_send_slot) ?? now + span;
  return end - span;
}

/* ------------------------------------------------------------------ claiming */

/**
 * What one loop remembers between rounds: the active campaigns (re-read at most every second, so a change
 * such as an office's texting hours applies within a second) and when in-doubt rows were last looked for.
 */
interface RoundCache {
  campaigns: CampaignCtx[] | null;
  campaignsAt: number;
  staleCheckedAt: number;
}

const replyItem = (ctx: DispatchContext, row: ClaimedRow, leaseUntil: number, probe: boolean): WorkItem => ({
  row,
  campaign: null,
  slotAt: Date.now(),
  leaseUntil,
  contactId: null,
  deadline: (row.enqueuedAt ?? Date.now()) + settingsOf(ctx).replyMaxAgeMs,
  probe,
});

async function claimRound(ctx: DispatchContext, cache: RoundCache): Promise<WorkItem[]> {
  const settings = settingsOf(ctx);
  const { strapi, outboxStore, instanceId } = ctx;
  if (Date.now() - cache.staleCheckedAt >= Math.min(5000, settings.leaseMs / 2, Math.max(200, settings.inDoubtGraceMs / 2))) {
    cache.staleCheckedAt = Date.now();
    await settleStale(ctx);
    await repairReplyMessages(strapi);
  }
  // Paused (account error or circuit breaker): nothing is claimed but one probe now and then, by one instance.
  const pause = await readPause(strapi);
  ctx.pausedSeen = pause.paused;
  let budget = Number.POSITIVE_INFINITY;
  const probe = pause.paused;
  if (pause.paused) {
    if (!(await claimProbe(strapi, settings.probeIntervalMs))) return [];
    budget = 1;
    ctx.stats.probes++;
  }

  const items: WorkItem[] = [];
  // Replies first: someone is waiting for them. They are few and not rate-limited here.
  const replyLease = Date.now() + settings.leaseMs + HORIZON_MS;
  const replies = await outboxStore.claimReplies(instanceId, Math.min(settings.batchSize, budget), replyLease);
  ctx.stats.claimed += replies.length;
  budget -= replies.length;
  for (const row of replies) items.push(replyItem(ctx, row, replyLease, probe));

  if (!cache.campaigns || Date.now() - cache.campaignsAt > 1000) {
    cache.campaigns = await activeCampaigns(strapi);
    cache.campaignsAt = Date.now();
  }
  const now = Date.now();
  for (const campaign of cache.campaigns) {
    if (budget <= 0) break;
    if (!campaign.numberActive || !campaign.fromNumber) continue; // Plivo refuses sends from a number still in registration
    if (campaign.archiveAt !== null && campaign.archiveAt <= now) continue; // the archiver stops it
    if (campaign.office && !withinTextingHours(campaign.office, new Date(now))) {
      ctx.stats.heldQuietHours++;
      continue;
    }
    let limit = Math.min(settings.batchSize, budget);
    const interval = settings.ratePerSecond > 0 ? 1000 / settings.ratePerSecond : 0;
    if (interval > 0) {
      if ((campaign.nextSendSlot ?? 0) > now + HORIZON_MS) continue; // this number's next second is already booked
      limit = Math.max(1, Math.min(limit, Math.ceil((settings.ratePerSecond * HORIZON_MS) / 1000)));
    }
    let leaseUntil = now + settings.leaseMs + HORIZON_MS;
    const rows = await outboxStore.claim(campaign.documentId, instanceId, limit, leaseUntil);
    if (rows.length === 0) continue;
    ctx.stats.claimed += rows.length;
    budget -= rows.length;
    let slots = rows.map(() => now);
    if (interval > 0) {
      const first = await reserveSlots(strapi, campaign.id, rows.length, interval, Date.now());
      slots = rows.map((_, i) => Math.round(first + i * interval));
      campaign.nextSendSlot = Math.round(first + rows.length * interval);
      const last = slots[slots.length - 1];
      if (last > now + HORIZON_MS) {
        leaseUntil = last + settings.leaseMs;
        await outboxStore.extendLease(rows.map((r) => r.id), instanceId, leaseUntil);
      }
    }
    const contacts = await contactIds(strapi, rows.map((r) => r.toNumber));
    rows.forEach((row, i) =>
      items.push({ row, campaign: campaign, slotAt: slots[i], leaseUntil, contactId: contacts.get(row.toNumber)?.id ?? null, deadline: campaign.archiveAt, probe })
    );
  }
  return items;
}

/* ------------------------------------------------------------------ recording outcomes */

const backoff = (s: DispatchSettings, attempts: number) => {
  const base = s.retryBaseMs * 2 ** Math.min(30, Math.max(0, attempts - 1));
  return Math.min(s.retryMaxMs, base) * (0.8 + Math.random() * 0.4);
};

/*
 * Sent rows are recorded in small groups: whatever finished within RECORD_WINDOW_MS (at most RECORD_MAX rows)
 * goes in one UPDATE. A row's send counts as done only once its group is written, so the "in doubt" window
 * after a crash grows by those few milliseconds and no more.
 */
const RECORD_WINDOW_MS = 5;
const RECORD_MAX = 64;

async function writeSent(ctx: DispatchContext, batch: DispatchContext['sentQueue']): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.outboxStore.markSentMany(batch);
      return;
    } catch (err) {
      if (attempt >= 5) {
        // The one write that must not be lost, lost: the rows stay `sending`, become in doubt after their
        // lease, and are settled then (found in Plivo's list: recorded as sent, never as failed).
        ctx.strapi.log.error(
          `[texting] ${batch.length} texts were sent but could not be recorded (outbox rows ${batch.map((b) => b.id).join(', ')}): ${errorText(err)}`
        );
        throw err;
      }
      await sleep(100 * attempt);
    }
  }
}

function flushSent(ctx: DispatchContext) {
  if (ctx.sentTimer) {
    clearTimeout(ctx.sentTimer);
    ctx.sentTimer = null;
  }
  const batch = ctx.sentQueue;
  ctx.sentQueue = [];
  if (batch.length === 0) return;
  writeSent(ctx, batch).then(
    () => batch.forEach((b) => b.done(true)),
    () => batch.forEach((b) => b.done(false))
  );
}

/**
 * Replies Plivo took whose `message` row missed its MessageUUID (that write failed after the send): the outbox row
 * is the record of the send, so the message row is completed from it. Bounded; runs with the in-doubt check.
 */
async function repairReplyMessages(strapi: Core.Strapi, limit = 100): Promise<number> {
  const { outbox: outboxTable, messages } = tables(strapi);
  const missing = (await strapi.db
    .connection(`${outboxTable} as o`)
    .join(`${messages} as m`, 'm.id', 'o.message_id')
    .select('o.message_id', 'o.message_uuid')
    .where('o.state', 'sent')
    .whereNot('o.kind', 'campaign')
    .whereNotNull('o.message_uuid')
    .whereNull('m.message_uuid')
    .limit(limit)) as Array<{ message_id: number | string; message_uuid: string }>;
  for (const row of missing) await linkReplyMessage(strapi, Number(row.message_id), row.message_uuid);
  return missing.length;
}

/** A reply's `message` row learns its MessageUUID (delivery reports then move its status). */
async function linkReplyMessage(strapi: Core.Strapi, messageId: number, messageUuid: string): Promise<void> {
  try {
    await strapi.db.query('plugin::texting.message').update({ where: { id: messageId }, data: { messageUuid }, select: ['id'] });
  } catch (err) {
    // The outbox row says sent; the message shows `queued` without its id. Never `failed`: Plivo took it.
    strapi.log.error(`[texting] reply message ${messageId} was sent (${messageUuid}) but could not be updated: ${errorText(err)}`);
  }
}

async function recordSent(ctx: DispatchContext, item: WorkItem, messageUuid: string, sentAt: number): Promise<boolean> {
  const recorded = await new Promise<boolean>((done) => {
    ctx.sentQueue.push({ id: item.row.id, messageUuid, sentAt, done });
    if (ctx.sentQueue.length >= RECORD_MAX) flushSent(ctx);
    else if (!ctx.sentTimer) ctx.sentTimer = setTimeout(() => flushSent(ctx), RECORD_WINDOW_MS);
  });
  if (!recorded) return false;
  ctx.stats.sent++;
  if (item.row.messageId !== null) await linkReplyMessage(ctx.strapi, item.row.messageId, messageUuid);
  else if (item.campaign) {
    rememberMessage(ctx, {
      messageUuid,
      campaignId: item.campaign.id,
      phoneNumberId: item.campaign.phoneNumberId,
      contactId: item.contactId,
      fromNumber: item.row.fromNumber,
      toNumber: item.row.toNumber,
      body: item.row.body,
      sentAt,
    });
  }
  return true;
}

/** A row that will not be sent: the outbox row and, for a reply, its message row say why. */
async function finishUnsent(ctx: DispatchContext, row: ClaimedRow, state: 'failed' | 'skipped', why: string, code: string): Promise<void> {
  if (state === 'failed') ctx.stats.failed++;
  else ctx.stats.skipped++;
  const done = await ctx.outboxStore.finish(row.id, ctx.instanceId, state, why);
  if (done && row.messageId !== null) {
    await ctx.strapi.db
      .query('plugin::texting.message')
      .update({ where: { id: row.messageId }, data: { status: 'failed', errorCode: code.slice(0, 16), failureReason: why.slice(0, 2000) }, select: ['id'] })
      .catch((err: unknown) => ctx.strapi.log.error(`[texting] could not record a failed reply ${row.messageId}: ${errorText(err)}`));
  }
}

/** Counts a provider failure towards the circuit breaker; pauses sending at the threshold. */
async function countProviderFailure(ctx: DispatchContext, err: unknown): Promise<void> {
  const settings = settingsOf(ctx);
  ctx.failuresInARow++;
  if (ctx.failuresInARow >= settings.breakerFailures && !ctx.pausedSeen) {
    await pause(ctx, 'outage', failureLabel(err), err);
  }
}

/** `err`: the failure that paused, whose kind the notifications record for the admin to explain. */
async function pause(ctx: DispatchContext, kind: PauseKind, reason: string, err: unknown): Promise<void> {
  const settings = settingsOf(ctx);
  ctx.stats.pauses++;
  ctx.pausedSeen = true;
  if (await openPause(ctx.strapi, kind, reason, settings.probeIntervalMs)) {
    await getService(ctx.strapi, 'notifications').emitPaused(reason, notificationReasonOf(err));
  }
  ctx.strapi.log.warn(`[texting] sending paused (${kind}): ${reason}; probing every ${Math.round(settings.probeIntervalMs / 1000)} s`);
}

const accountReason = (err: unknown) => {
  const failure = (err ?? {}) as ProviderFailure;
  const label = failureLabel(err);
  return failure.status === 401 || failure.kind === 'unauthorized'
    ? `${label}: Plivo rejected the credentials; check PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN`
    : `${label}: Plivo refused the account (balance or suspension); check the Plivo console`;
};

async function recordFailure(ctx: DispatchContext, item: WorkItem, err: unknown): Promise<SendOutcome> {
  const settings = settingsOf(ctx);
  const { outboxStore, instanceId } = ctx;
  const message = errorText(err);
  const kind = classifyFailure(err);
  if (kind === 'not_configured') {
    await outboxStore.requeue(item.row.id, instanceId, Date.now() + 30_000, message, true);
    return { state: 'queued', error: message };
  }
  if (kind === 'account') {
    // Nothing wrong with this text: it waits, like every other, until a probe gets through.
    if (!ctx.pausedSeen || item.probe) await pause(ctx, 'account', accountReason(err), err);
    await outboxStore.requeue(item.row.id, instanceId, Date.now(), message, true);
    return { state: 'queued', error: message };
  }
  if (kind === 'fail') {
    await finishUnsent(ctx, item.row, 'failed', message, (err as ProviderFailure).kind ?? 'error');
    return { state: 'failed', error: message };
  }
  if (typeof (err as ProviderFailure | null)?.kind === 'string') await countProviderFailure(ctx, err);
  if (kind === 'doubt') {
    if (settings.inDoubt === 'lookup') {
      ctx.stats.inDoubt++;
      await outboxStore.markInDoubt(item.row.id, instanceId, message);
      return { state: 'in_doubt', error: message };
    }
    if (settings.inDoubt === 'fail') {
      const why = `in doubt (Plivo may have taken it): not sent again to avoid a duplicate: ${message}`;
      await finishUnsent(ctx, item.row, 'failed', why, 'in_doubt');
      return { state: 'failed', error: why };
    }
  }
  const delay = backoff(settings, item.row.attempts);
  if (item.deadline !== null && Date.now() + delay >= item.deadline) {
    const what = item.campaign ? "the campaign's archive time" : 'the reply expired';
    const why = `not sent before ${what} (${item.row.attempts} attempts): ${message}`;
    await finishUnsent(ctx, item.row, 'failed', why, (err as ProviderFailure).kind ?? 'error');
    return { state: 'failed', error: why };
  }
  ctx.stats.retried++;
  await outboxStore.requeue(item.row.id, instanceId, Date.now() + delay, message);
  return { state: 'queued', error: message };
}

/* ------------------------------------------------------------------ sending one row */

/**
 * Sends one claimed row. The send starts only after `outbox.gate` in one statement confirmed that we still hold
 * the row, renewed the lease past the longest provider call (after the lease another instance may settle the
 * row as in doubt, and a send it cannot see yet would be a duplicate), and found the recipient not opted out.
 */
async function processItem(ctx: DispatchContext, item: WorkItem, sem: Semaphore, signal?: AbortSignal): Promise<SendOutcome> {
  const { outboxStore, instanceId, strapi } = ctx;
  await sleep(item.slotAt - Date.now(), signal);
  if (signal?.aborted) {
    await outboxStore.requeue(item.row.id, instanceId, Date.now(), null, true);
    return { state: 'queued' };
  }
  await sem.acquire();
  if (ctx.pausedSeen && !item.probe) {
    // Sending paused since this row was claimed: it waits with the others instead of hitting a failing Plivo.
    sem.release();
    await outboxStore.requeue(item.row.id, instanceId, Date.now(), null, true);
    return { state: 'queued' };
  }
  let result: { messageUuid: string } | null = null;
  let failure: unknown = null;
  let gated = false;
  try {
    const leaseUntil = Math.max(item.leaseUntil, Date.now() + sendWindowMs(strapi) + HORIZON_MS);
    gated = await outboxStore.gate(item.row.id, instanceId, leaseUntil);
    if (gated) {
      item.leaseUntil = leaseUntil;
      await spaced(ctx, item.row.fromNumber);
      result = await providerOf(strapi).sendMessage({ from: item.row.fromNumber, to: item.row.toNumber, text: item.row.body });
    }
  } catch (err) {
    failure = err;
  } finally {
    sem.release();
  }
  try {
    if (!gated && failure === null) return await refused(ctx, item);
    if (result) {
      ctx.failuresInARow = 0;
      if (item.probe || ctx.pausedSeen) {
        ctx.pausedSeen = false;
        if (await closePause(strapi)) strapi.log.info('[texting] sending resumed: a send went through');
      }
      const recorded = await recordSent(ctx, item, result.messageUuid, Date.now());
      return recorded ? { state: 'sent', messageUuid: result.messageUuid } : { state: 'in_doubt', error: 'sent, not recorded yet' };
    }
    return await recordFailure(ctx, item, failure);
  } catch (err) {
    strapi.log.error(`[texting] outbox row ${item.row.id}: could not record the outcome: ${errorText(err)}`);
    return { state: 'in_doubt', error: errorText(err) };
  }
}

/**
 * Keeps a number's sends at least 1/rate apart as Plivo sees them. The slots reserved at claim time space
 * them on paper, but the steps between a slot and the send (the gate's query, a first connection) take
 * longer for some texts than others: a late first text followed by punctual ones put 21 texts at 20/s
 * inside 890 ms. The reservation is taken synchronously, so concurrent sends of one number queue in turn.
 */
async function spaced(ctx: DispatchContext, fromNumber: string): Promise<void> {
  const rate = settingsOf(ctx).ratePerSecond;
  if (rate <= 0) return;
  const now = Date.now();
  const at = Math.max(now, (ctx.lastSendAt.get(fromNumber) ?? -Infinity) + 1000 / rate);
  if (ctx.lastSendAt.size > 10_000) {
    for (const [number, last] of ctx.lastSendAt) if (last < now - 1000) ctx.lastSendAt.delete(number);
  }
  ctx.lastSendAt.set(fromNumber, at);
  await sleep(at - now);
}

/** The gate said no: the recipient opted out (skip the row), or another instance took the row over. */
async function refused(ctx: DispatchContext, item: WorkItem): Promise<SendOutcome> {
  const row = (await ctx.strapi.db.connection(tables(ctx.strapi).outbox).select('state', 'claimed_by').where({ id: item.row.id }).first()) as
    | { state: string; claimed_by: string | null }
    | undefined;
  if (row?.state === 'sending' && row.claimed_by === ctx.instanceId) {
    await finishUnsent(ctx, item.row, 'skipped', 'opted out', 'opted_out');
    return { state: 'skipped', error: 'opted out' };
  }
  ctx.stats.lostClaims++;
  return { state: 'lost' };
}

/* ------------------------------------------------------------------ in-doubt rows */

/** MessageUUIDs this app has on record (an outbox row or a stored message: a campaign text, a reply). */
async function knownUuids(ctx: DispatchContext, uuids: string[]): Promise<Set<string>> {
  const known = await ctx.outboxStore.knownUuids(uuids);
  const rest = uuids.filter((u) => !known.has(u));
  if (rest.length > 0) {
    const table = tables(ctx.strapi).messages;
    const rows = (await ctx.strapi.db.connection(table).select('message_uuid').whereIn('message_uuid', rest)) as Array<{ message_uuid: string }>;
    for (const row of rows) known.add(row.message_uuid);
  }
  return known;
}

/**
 * The text an in-doubt send may have been, if Plivo took it: the oldest text from the row's number to its
 * recipient since the claim that this app has no record of. Texts on record (another campaign's, an agent's or
 * the bot's reply to the same person) are someone else's.
 */
async function sentInDoubt(ctx: DispatchContext, row: ClaimedRow): Promise<SentMessage | null> {
  const since = new Date((row.claimedAt ?? Date.now() - settingsOf(ctx).leaseMs) - CLOCK_SLACK_MS);
  const found = await providerOf(ctx.strapi).findSentMessages({ from: row.fromNumber, to: row.toNumber, since });
  if (found.length === 0) return null;
  const known = await knownUuids(ctx, found.map((f) => f.messageUuid));
  const unknown = found.filter((f) => !known.has(f.messageUuid));
  if (unknown.length === 0) return null;
  return unknown.reduce((a, b) => ((a.sentAt?.getTime() ?? Infinity) <= (b.sentAt?.getTime() ?? Infinity) ? a : b));
}

/**
 * Settles in-doubt rows (state `sending`, lease over: their claimant stopped mid-send, or the send's answer was
 * lost). With `inDoubt: lookup` (the default) a row is settled only once Plivo's list has caught up with its last
 * possible send (lease end + `inDoubtGraceMs`): a text Plivo took is recorded as sent with its MessageUUID, one
 * it did not take is queued again. When Plivo cannot answer, the row and the rest of the batch wait for a later
 * round: never sent blind.
 */
async function settleStale(ctx: DispatchContext): Promise<number> {
  const settings = settingsOf(ctx);
  const { outboxStore, instanceId, stats, strapi } = ctx;
  const now = Date.now();
  const lookup = settings.inDoubt === 'lookup';
  const rows = await outboxStore.claimStale(instanceId, 100, now + settings.leaseMs, lookup ? now - settings.inDoubtGraceMs : now);
  if (rows.length === 0) return 0;
  let settled = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (settings.inDoubt === 'fail') {
      stats.staleFailed++;
      await finishUnsent(ctx, row, 'failed', 'in doubt: the sending instance stopped; not sent again to avoid a duplicate', 'in_doubt');
    } else if (settings.inDoubt === 'resend') {
      stats.staleRequeued++;
      await outboxStore.requeue(row.id, instanceId, Date.now(), 'in doubt; sent again', true);
    } else {
      let sent: SentMessage | null;
      try {
        sent = await sentInDoubt(ctx, row);
      } catch (err) {
        // Plivo's message list allows 20 requests a minute: after one failure the others would fail too.
        const rest = rows.slice(i).map((r) => r.id);
        stats.staleDeferred += rest.length;
        const retryAt = Date.now() + Math.min(settings.leaseMs, 30_000);
        await outboxStore.extendLease(rest, instanceId, retryAt - settings.inDoubtGraceMs);
        strapi.log.warn(
          `[texting] could not ask Plivo about ${rest.length} in-doubt outbox rows (first ${row.id}); asking again in ${Math.round((retryAt - Date.now()) / 1000)} s: ${errorText(err)}`
        );
        break;
      }
      if (sent) {
        stats.staleFoundSent++;
        await outboxStore.markSent(strapi.db.connection, row.id, sent.messageUuid, sent.sentAt?.getTime() ?? row.claimedAt ?? Date.now());
        if (row.messageId !== null) await linkReplyMessage(strapi, row.messageId, sent.messageUuid);
      } else {
        stats.staleRequeued++;
        await outboxStore.requeue(row.id, instanceId, Date.now(), 'in doubt: Plivo did not take the text; sent again', true);
      }
    }
    settled++;
  }
  stats.stale += settled;
  await ctx.writer.repair();
  return settled;
}

/* ------------------------------------------------------------------ loops */

/**
 * Claims and sends until stopped. `untilIdle`: return as soon as nothing is due (tests, cron, benches);
 * otherwise keep polling every `idleMs`.
 */
async function loop(ctx: DispatchContext, opts: { signal?: AbortSignal; untilIdle: boolean }): Promise<DispatchStats> {
  const settings = settingsOf(ctx);
  const sem = new Semaphore(settings.concurrency);
  const pending = new Set<Promise<unknown>>();
  const high = Math.max(settings.batchSize * 2, settings.concurrency * 2);
  const cache: RoundCache = { campaigns: null, campaignsAt: 0, staleCheckedAt: 0 };
  // Every waiting row listens for the stop signal.
  if (opts.signal) setMaxListeners(0, opts.signal);
  try {
    while (!opts.signal?.aborted) {
      if (pending.size >= high) {
        await Promise.race(pending);
        continue;
      }
      let items: WorkItem[] = [];
      try {
        items = await claimRound(ctx, cache);
      } catch (err) {
        ctx.strapi.log.error(`[texting] dispatcher claim failed: ${errorText(err)}`);
        await sleep(settings.idleMs, opts.signal);
        continue;
      }
      for (const item of items) {
        const task: Promise<unknown> = processItem(ctx, item, sem, opts.signal).finally(() => pending.delete(task));
        pending.add(task);
      }
      if (items.length > 0) continue;
      if (pending.size > 0) {
        await Promise.race([Promise.race(pending), sleep(100, opts.signal)]);
        continue;
      }
      if (opts.untilIdle) break;
      await sleep(settings.idleMs, opts.signal);
    }
  } finally {
    await Promise.allSettled(pending);
    await flushMessages(ctx);
  }
  return { ...ctx.stats };
}

function startLoop(ctx: DispatchContext, untilIdle: boolean, external?: AbortSignal): Promise<DispatchStats> {
  const controller = new AbortController();
  if (external?.aborted) controller.abort();
  else external?.addEventListener('abort', () => controller.abort(), { once: true });
  const entry = { controller, done: Promise.resolve(emptyStats()) };
  entry.done = loop(ctx, { signal: controller.signal, untilIdle }).finally(() => ctx.loops.delete(entry));
  ctx.loops.add(entry);
  return entry.done;
}

/**
 * Sends reply rows `ids` now (the request that queued them waits for the answer). While sending is paused they
 * stay queued; whatever this attempt leaves (a retry, an unknown outcome, a crash) the dispatcher finishes.
 */
async function sendNow(ctx: DispatchContext, ids: number[]): Promise<Map<number, SendOutcome>> {
  const out = new Map<number, SendOutcome>(ids.map((id) => [id, { state: 'queued' }]));
  if (ids.length === 0) return out;
  const settings = settingsOf(ctx);
  const pause = await readPause(ctx.strapi);
  ctx.pausedSeen = pause.paused;
  if (pause.paused) return out;
  const leaseUntil = Date.now() + settings.leaseMs + HORIZON_MS;
  const rows = await ctx.outboxStore.claimReplies(ctx.instanceId, ids.length, leaseUntil, ids);
  ctx.stats.claimed += rows.length;
  ctx.immediate ??= new Semaphore(settings.concurrency);
  const sem = ctx.immediate;
  await Promise.all(
    rows.map(async (row) => {
      out.set(row.id, await processItem(ctx, replyItem(ctx, row, leaseUntil, false), sem));
    })
  );
  return out;
}

export function createDispatcher(strapi: Core.Strapi) {
  const ctx: DispatchContext = {
    strapi,
    instanceId: `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`,
    settings: null,
    stats: emptyStats(),
    outboxStore: outbox(strapi),
    writer: messageWriter(strapi),
    messageBuffer: [],
    messageFlush: Promise.resolve(),
    messageTimer: null,
    sentQueue: [],
    sentTimer: null,
    failuresInARow: 0,
    pausedSeen: false,
    running: null,
    loops: new Set(),
    immediate: null,
    lastSendAt: new Map(),
  };

  return {
    instanceId: ctx.instanceId,
    settings: () => ({ ...settingsOf(ctx) }),
    /** Overrides settings (tests, benches); unspecified ones keep their value. */
    configure(over: Partial<DispatchSettings>) {
      ctx.settings = { ...settingsOf(ctx), ...over };
      ctx.immediate = null;
    },
    stats: () => ({ ...ctx.stats }),
    resetStats() {
      ctx.stats = emptyStats();
      ctx.failuresInARow = 0;
    },
    /** Sends everything due now, then returns (what the cron job and the tests call). */
    async drain(): Promise<DispatchStats> {
      if (ctx.running) return ctx.running;
      ctx.running = startLoop(ctx, true).finally(() => {
        ctx.running = null;
      });
      return ctx.running;
    },
    /** Runs until `signal` aborts or the instance is destroyed (a dedicated dispatcher process). */
    async run(signal: AbortSignal): Promise<DispatchStats> {
      return startLoop(ctx, false, signal);
    },
    sendNow: (ids: number[]) => sendNow(ctx, ids),
    /** Settles in-doubt rows only (a job of its own in tests). */
    settleStale: () => settleStale(ctx),
    /** Stops every loop of this instance; claimed rows not sent yet go back to the queue. */
    async stop(): Promise<void> {
      const all = [...ctx.loops];
      for (const running of all) running.controller.abort();
      await Promise.allSettled(all.map((l) => l.done));
    },
    isRunning: () => ctx.running !== null,
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

/** For benches and tests: when a row was sent, to measure an achieved rate from the database. */
export async function sentTimes(strapi: Core.Strapi, campaignDocumentId: string): Promise<number[]> {
  const rows = rowsOf<{ sent_at: string | number }>(
    await strapi.db.connection(tables(strapi).outbox).select('sent_at').where({ campaign_document_id: campaignDocumentId, state: 'sent' }).orderBy('sent_at')
  );
  return rows.map((r) => Number(r.sent_at));
}

/** `getService(strapi, 'dispatcher')`: one dispatcher per Strapi instance. */
export default ({ strapi }: { strapi: Core.Strapi }) => createDispatcher(strapi);
