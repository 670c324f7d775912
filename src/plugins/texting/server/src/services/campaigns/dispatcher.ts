import crypto from 'crypto';
import { setMaxListeners } from 'events';
import os from 'os';
import type { Core } from '@strapi/strapi';
import type { SentMessage, TextingProvider } from '../../provider/types';
import { num, rowsOf } from '../../db';
import { contactIds, messageWriter, type SentText } from '../../db/messages';
import { outbox, type ClaimedRow } from './outbox';
import { withinTextingHours, type TextingHours } from './quiet-hours';

/**
 * The campaign dispatcher: claims due outbox rows, sends each through the provider, records the outcome.
 *
 * Safe with N instances on one database because every step is a claim in the database (see outbox.ts):
 * a row is sent only by the instance whose claim moved it from `queued` to `sending`. A claim is a lease
 * (`claimed_until`), and a send only starts while the lease outlasts the provider call (`holdLease`); rows of an
 * instance that died stay `sending` until the lease ends, and are then "in doubt" — the dead instance may or
 * may not have handed them to Plivo. `settleStale` asks Plivo which of them it accepted (see docs/DECISIONS.md,
 * "Exactly once after a crash: asking Plivo").
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
  maxAttempts: number;
  retryBaseMs: number;
  /** Pause between rounds when there is nothing to claim (run loop). */
  idleMs: number;
  /**
   * In-doubt rows (their claimant died mid-send): `lookup` asks the provider whether it took the text (exactly
   * once, the default); `resend` sends them again without asking (at least once); `fail` fails them (at most once).
   */
  inDoubt: 'lookup' | 'resend' | 'fail';
  /**
   * `lookup` only: how long after a dead claim's lease ends its rows are looked up. Plivo lists a text some
   * seconds after accepting it; asking sooner could miss a text that was sent, and send it twice.
   */
  inDoubtGraceMs: number;
}

export interface DispatchStats {
  claimed: number;
  sent: number;
  failed: number;
  skipped: number;
  retried: number;
  heldQuietHours: number;
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
  campaign: CampaignCtx;
  slotAt: number;
  /** Our lease on the row as we set it (claimed_until). */
  leaseUntil: number;
  contact: { id: number; optedOut: boolean } | null;
}

const HORIZON_MS = 1000;
/** Clock difference allowed between our instances and Plivo when asking for texts sent since a claim. */
const CLOCK_SLACK_MS = 60_000;

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && process.env[name] !== '' && process.env[name] !== undefined ? v : fallback;
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
    maxAttempts: Math.max(1, Number(cfg.maxAttempts ?? envInt('TEXTING_SEND_MAX_ATTEMPTS', 6))),
    retryBaseMs: Math.max(1, Number(cfg.retryBaseMs ?? envInt('TEXTING_RETRY_BASE_MS', 2000))),
    idleMs: Math.max(10, Number(cfg.idleMs ?? envInt('TEXTING_DISPATCH_IDLE_MS', 1000))),
    inDoubt: inDoubt as DispatchSettings['inDoubt'],
    inDoubtGraceMs: Math.max(0, Number(cfg.inDoubtGraceMs ?? envInt('TEXTING_IN_DOUBT_GRACE_MS', 30_000))),
  };
}

const emptyStats = (): DispatchStats => ({
  claimed: 0,
  sent: 0,
  failed: 0,
  skipped: 0,
  retried: 0,
  heldQuietHours: 0,
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
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 2000);

interface ProviderFailure {
  kind?: string;
  retryable?: boolean;
  message?: string;
}

export function createDispatcher(strapi: Core.Strapi) {
  const instanceId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  let settings: DispatchSettings | null = null;
  const ob = outbox(strapi);
  const writer = messageWriter(strapi);
  let stats = emptyStats();
  let running: Promise<DispatchStats> | null = null;
  const loops = new Set<{ controller: AbortController; done: Promise<DispatchStats> }>();

  const conf = () => (settings ??= defaultSettings(strapi));
  const provider = () => strapi.plugin('texting').service('provider') as TextingProvider;

  /* ------------------------------------------------------------ message rows, written in bulk */
  let buffer: SentText[] = [];
  let flushing: Promise<void> = Promise.resolve();
  let flushTimer: NodeJS.Timeout | null = null;
  const flush = (): Promise<void> => {
    if (flushTimer) {
      clearTimeout(flushTimer);
      flushTimer = null;
    }
    const batch = buffer;
    buffer = [];
    flushing = flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        await writer.write(batch);
      } catch (err) {
        // The outbox already says "sent"; `repair` writes these rows later.
        strapi.log.error(`[texting] could not store ${batch.length} campaign message rows: ${errorText(err)}`);
      }
    });
    return flushing;
  };
  const remember = (t: SentText) => {
    buffer.push(t);
    if (buffer.length >= 100) void flush();
    else if (!flushTimer) flushTimer = setTimeout(() => void flush(), 100);
  };

  /* ------------------------------------------------------------ campaigns that may send now */
  async function activeCampaigns(): Promise<CampaignCtx[]> {
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
  async function reserveSlots(campaignId: number, count: number, intervalMs: number, now: number): Promise<number> {
    const span = Math.round(count * intervalMs);
    const result = await strapi.db.connection.raw(
      `UPDATE texting_campaigns
       SET next_send_slot = (CASE WHEN next_send_slot IS NULL OR next_send_slot < ? THEN ? ELSE next_send_slot END) + ?
       WHERE id = ? RETURNING next_send_slot`,
      [now, now, span, campaignId]
    );
    const end = num(rowsOf<{ next_send_slot: string | number }>(result)[0]?.next_send_slot) ?? now + span;
    return end - span;
  }

  /* ------------------------------------------------------------ claiming */
  /**
   * What one loop remembers between rounds: the active campaigns (re-read at most every second, so a change
   * such as an office's texting hours applies within a second) and when dead claimants were last looked for.
   */
  interface RoundCache {
    campaigns: CampaignCtx[] | null;
    campaignsAt: number;
    staleCheckedAt: number;
  }

  async function claimRound(cache: RoundCache): Promise<WorkItem[]> {
    const s = conf();
    if (Date.now() - cache.staleCheckedAt >= Math.min(5000, s.leaseMs / 2)) {
      cache.staleCheckedAt = Date.now();
      await settleStale();
    }
    if (!cache.campaigns || Date.now() - cache.campaignsAt > 1000) {
      cache.campaigns = await activeCampaigns();
      cache.campaignsAt = Date.now();
    }
    const now = Date.now();
    const items: WorkItem[] = [];
    for (const c of cache.campaigns) {
      if (!c.numberActive || !c.fromNumber) continue; // Plivo refuses sends from a number still in registration
      if (c.archiveAt !== null && c.archiveAt <= now) continue; // the archiver stops it
      if (c.office && !withinTextingHours(c.office, new Date(now))) {
        stats.heldQuietHours++;
        continue;
      }
      let limit = s.batchSize;
      const interval = s.ratePerSecond > 0 ? 1000 / s.ratePerSecond : 0;
      if (interval > 0) {
        if ((c.nextSendSlot ?? 0) > now + HORIZON_MS) continue; // this number's next second is already booked
        limit = Math.max(1, Math.min(limit, Math.ceil((s.ratePerSecond * HORIZON_MS) / 1000)));
      }
      let leaseUntil = now + s.leaseMs + HORIZON_MS;
      const rows = await ob.claim(c.documentId, instanceId, limit, leaseUntil);
      if (rows.length === 0) continue;
      stats.claimed += rows.length;
      let slots = rows.map(() => now);
      if (interval > 0) {
        const first = await reserveSlots(c.id, rows.length, interval, Date.now());
        slots = rows.map((_, i) => Math.round(first + i * interval));
        c.nextSendSlot = Math.round(first + rows.length * interval);
        const last = slots[slots.length - 1];
        if (last > now + HORIZON_MS) {
          leaseUntil = last + s.leaseMs;
          await ob.extendLease(rows.map((r) => r.id), instanceId, leaseUntil);
        }
      }
      const contacts = await contactIds(strapi, rows.map((r) => r.toNumber));
      rows.forEach((row, i) => items.push({ row, campaign: c, slotAt: slots[i], leaseUntil, contact: contacts.get(row.toNumber) ?? null }));
    }
    return items;
  }

  /* ------------------------------------------------------------ sending one row */
  const backoff = (attempts: number) => {
    const base = conf().retryBaseMs * 2 ** Math.max(0, attempts - 1);
    return Math.min(5 * 60_000, base) * (0.8 + Math.random() * 0.4);
  };

  /*
   * Sent rows are recorded in small groups: whatever finished within RECORD_WINDOW_MS (at most RECORD_MAX rows)
   * goes in one UPDATE. A row's send counts as done only once its group is written, so the "in doubt" window
   * after a crash grows by those few milliseconds and no more.
   */
  const RECORD_WINDOW_MS = 5;
  const RECORD_MAX = 64;
  let sentQueue: Array<{ id: number; messageUuid: string; sentAt: number; done: (recorded: boolean) => void }> = [];
  let sentTimer: NodeJS.Timeout | null = null;

  async function writeSent(batch: typeof sentQueue): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await ob.markSentMany(batch);
        return;
      } catch (err) {
        if (attempt >= 5) {
          // The one write that must not be lost, lost: the rows stay `sending`, become in doubt after their
          // lease, and are settled then.
          strapi.log.error(`[texting] ${batch.length} texts were sent but could not be recorded (outbox rows ${batch.map((b) => b.id).join(', ')}): ${errorText(err)}`);
          throw err;
        }
        await sleep(100 * attempt);
      }
    }
  }

  function flushSent() {
    if (sentTimer) {
      clearTimeout(sentTimer);
      sentTimer = null;
    }
    const batch = sentQueue;
    sentQueue = [];
    if (batch.length === 0) return;
    writeSent(batch).then(
      () => batch.forEach((b) => b.done(true)),
      () => batch.forEach((b) => b.done(false))
    );
  }

  async function recordSent(item: WorkItem, messageUuid: string, sentAt: number): Promise<void> {
    const recorded = await new Promise<boolean>((done) => {
      sentQueue.push({ id: item.row.id, messageUuid, sentAt, done });
      if (sentQueue.length >= RECORD_MAX) flushSent();
      else if (!sentTimer) sentTimer = setTimeout(flushSent, RECORD_WINDOW_MS);
    });
    if (!recorded) return;
    stats.sent++;
    remember({
      messageUuid,
      campaignId: item.campaign.id,
      phoneNumberId: item.campaign.phoneNumberId,
      contactId: item.contact?.id ?? null,
      fromNumber: item.row.fromNumber,
      toNumber: item.row.toNumber,
      body: item.row.body,
      sentAt,
    });
  }

  async function recordFailure(item: WorkItem, err: unknown): Promise<void> {
    const s = conf();
    const e = (err ?? {}) as ProviderFailure;
    const message = errorText(err);
    if (e.kind === 'not_configured') {
      await ob.requeue(item.row.id, instanceId, Date.now() + 30_000, message, true);
      return;
    }
    // Anything but a ProviderError is our own failure before Plivo saw the text: worth another try.
    const retryable = e.retryable ?? !(typeof e.kind === 'string');
    if (retryable && item.row.attempts < s.maxAttempts) {
      stats.retried++;
      await ob.requeue(item.row.id, instanceId, Date.now() + backoff(item.row.attempts), message);
      return;
    }
    stats.failed++;
    const why = retryable ? `gave up after ${item.row.attempts} attempts: ${message}` : message;
    await ob.finish(item.row.id, instanceId, 'failed', why);
  }

  /**
   * A send may start only if it ends (answered or aborted by the timeout) while our lease still holds: after the
   * lease, another instance may settle the row as in doubt, and a send it cannot see yet would be a duplicate.
   * A row that waited past that point (a slow provider filled the semaphore) gets its lease renewed first —
   * unless another instance has taken it over, in which case it is not ours to send.
   */
  async function holdLease(item: WorkItem): Promise<boolean> {
    const window = sendWindowMs(strapi);
    if (Date.now() + window <= item.leaseUntil) return true;
    const until = Date.now() + Math.max(conf().leaseMs, window + HORIZON_MS);
    if (!(await ob.renewLease(item.row.id, instanceId, until))) return false;
    item.leaseUntil = until;
    return true;
  }

  async function processItem(item: WorkItem, sem: Semaphore, signal?: AbortSignal): Promise<void> {
    await sleep(item.slotAt - Date.now(), signal);
    if (signal?.aborted) {
      await ob.requeue(item.row.id, instanceId, Date.now(), null, true);
      return;
    }
    if (item.contact?.optedOut) {
      stats.skipped++;
      await ob.finish(item.row.id, instanceId, 'skipped', 'opted out');
      return;
    }
    await sem.acquire();
    let result: { messageUuid: string } | null = null;
    let failure: unknown = null;
    let lost = false;
    try {
      if (await holdLease(item)) {
        result = await provider().sendMessage({ from: item.row.fromNumber, to: item.row.toNumber, text: item.row.body });
      } else {
        lost = true;
      }
    } catch (err) {
      failure = err;
    } finally {
      sem.release();
    }
    if (lost) {
      stats.lostClaims++;
      return;
    }
    try {
      if (result) await recordSent(item, result.messageUuid, Date.now());
      else await recordFailure(item, failure);
    } catch (err) {
      strapi.log.error(`[texting] outbox row ${item.row.id}: could not record the outcome: ${errorText(err)}`);
    }
  }

  /* ------------------------------------------------------------ rows of a dead claimant */
  /** MessageUUIDs this app has on record (an outbox row or a stored message: a campaign text, a reply). */
  async function knownUuids(uuids: string[]): Promise<Set<string>> {
    const known = await ob.knownUuids(uuids);
    const rest = uuids.filter((u) => !known.has(u));
    if (rest.length > 0) {
      const table = strapi.db.metadata.get('plugin::texting.message').tableName;
      const rows = (await strapi.db.connection(table).select('message_uuid').whereIn('message_uuid', rest)) as Array<{ message_uuid: string }>;
      for (const r of rows) known.add(r.message_uuid);
    }
    return known;
  }

  /**
   * The text a dead claimant may have sent for `row`, if Plivo took it: the oldest text from the row's number
   * to its recipient since the claim that this app has no record of. Texts on record (another campaign's, an
   * agent's or the bot's reply to the same person) are someone else's.
   */
  async function sentByDeadClaimant(row: ClaimedRow): Promise<SentMessage | null> {
    const since = new Date((row.claimedAt ?? Date.now() - conf().leaseMs) - CLOCK_SLACK_MS);
    const found = await provider().findSentMessages({ from: row.fromNumber, to: row.toNumber, since });
    if (found.length === 0) return null;
    const known = await knownUuids(found.map((f) => f.messageUuid));
    const unknown = found.filter((f) => !known.has(f.messageUuid));
    if (unknown.length === 0) return null;
    return unknown.reduce((a, b) => ((a.sentAt?.getTime() ?? Infinity) <= (b.sentAt?.getTime() ?? Infinity) ? a : b));
  }

  /**
   * Settles rows whose claimant stopped mid-send (state `sending`, lease over). With `inDoubt: lookup` (the
   * default) a row is settled only once Plivo's list has caught up with its last possible send (lease end +
   * `inDoubtGraceMs`): a text Plivo took is recorded as sent with its MessageUUID, one it did not take is queued
   * again. When Plivo cannot answer, the row and the rest of the batch wait for a later round: never sent blind.
   */
  async function settleStale(): Promise<number> {
    const s = conf();
    const now = Date.now();
    const lookup = s.inDoubt === 'lookup';
    const rows = await ob.claimStale(instanceId, 100, now + s.leaseMs, lookup ? now - s.inDoubtGraceMs : now);
    if (rows.length === 0) return 0;
    let settled = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (s.inDoubt === 'fail') {
        stats.staleFailed++;
        await ob.finish(row.id, instanceId, 'failed', 'in doubt: the sending instance stopped; not sent again to avoid a duplicate');
      } else if (s.inDoubt === 'resend') {
        stats.staleRequeued++;
        await ob.requeue(row.id, instanceId, Date.now(), 'the sending instance stopped; sent again', true);
      } else {
        let sent: SentMessage | null;
        try {
          sent = await sentByDeadClaimant(row);
        } catch (err) {
          // Plivo's message list allows 20 requests a minute: after one failure the others would fail too.
          const rest = rows.slice(i).map((r) => r.id);
          stats.staleDeferred += rest.length;
          const retryAt = Date.now() + Math.min(s.leaseMs, 30_000);
          await ob.extendLease(rest, instanceId, retryAt - s.inDoubtGraceMs);
          strapi.log.warn(`[texting] could not ask Plivo about ${rest.length} in-doubt outbox rows (first ${row.id}); asking again in ${Math.round((retryAt - Date.now()) / 1000)} s: ${errorText(err)}`);
          break;
        }
        if (sent) {
          stats.staleFoundSent++;
          await ob.markSent(strapi.db.connection, row.id, sent.messageUuid, sent.sentAt?.getTime() ?? row.claimedAt ?? Date.now());
        } else {
          stats.staleRequeued++;
          await ob.requeue(row.id, instanceId, Date.now(), 'the sending instance stopped before Plivo took the text; sent again', true);
        }
      }
      settled++;
    }
    stats.stale += settled;
    await writer.repair();
    return settled;
  }

  /* ------------------------------------------------------------ loops */
  /**
   * Claims and sends until stopped. `untilIdle`: return as soon as nothing is due (tests, cron, benches);
   * otherwise keep polling every `idleMs`.
   */
  async function loop(opts: { signal?: AbortSignal; untilIdle: boolean }): Promise<DispatchStats> {
    const s = conf();
    const sem = new Semaphore(s.concurrency);
    const pending = new Set<Promise<void>>();
    const high = Math.max(s.batchSize * 2, s.concurrency * 2);
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
          items = await claimRound(cache);
        } catch (err) {
          strapi.log.error(`[texting] dispatcher claim failed: ${errorText(err)}`);
          await sleep(s.idleMs, opts.signal);
          continue;
        }
        for (const item of items) {
          const p: Promise<void> = processItem(item, sem, opts.signal).finally(() => pending.delete(p));
          pending.add(p);
        }
        if (items.length > 0) continue;
        if (pending.size > 0) {
          await Promise.race([Promise.race(pending), sleep(100, opts.signal)]);
          continue;
        }
        if (opts.untilIdle) break;
        await sleep(s.idleMs, opts.signal);
      }
    } finally {
      await Promise.allSettled(pending);
      await flush();
    }
    return { ...stats };
  }

  function startLoop(untilIdle: boolean, external?: AbortSignal): Promise<DispatchStats> {
    const controller = new AbortController();
    if (external?.aborted) controller.abort();
    else external?.addEventListener('abort', () => controller.abort(), { once: true });
    const entry = { controller, done: Promise.resolve(emptyStats()) };
    entry.done = loop({ signal: controller.signal, untilIdle }).finally(() => loops.delete(entry));
    loops.add(entry);
    return entry.done;
  }

  return {
    instanceId,
    settings: () => ({ ...conf() }),
    /** Overrides settings (tests, benches); unspecified ones keep their value. */
    configure(over: Partial<DispatchSettings>) {
      settings = { ...conf(), ...over };
    },
    stats: () => ({ ...stats }),
    resetStats() {
      stats = emptyStats();
    },
    /** Sends everything due now, then returns (what the cron job and the tests call). */
    async drain(): Promise<DispatchStats> {
      if (running) return running;
      running = startLoop(true).finally(() => {
        running = null;
      });
      return running;
    },
    /** Runs until `signal` aborts or the instance is destroyed (a dedicated dispatcher process). */
    async run(signal: AbortSignal): Promise<DispatchStats> {
      return startLoop(false, signal);
    },
    /** Settles rows of dead claimants only (a job of its own in tests). */
    settleStale,
    /** Stops every loop of this instance; claimed rows not sent yet go back to the queue. */
    async stop(): Promise<void> {
      const all = [...loops];
      for (const l of all) l.controller.abort();
      await Promise.allSettled(all.map((l) => l.done));
    },
    isRunning: () => running !== null,
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

/** For benches and tests: when a row was sent, to measure an achieved rate from the database. */
export async function sentTimes(strapi: Core.Strapi, campaignDocumentId: string): Promise<number[]> {
  const rows = rowsOf<{ sent_at: string | number }>(
    await strapi.db.connection('texting_outbox').select('sent_at').where({ campaign_document_id: campaignDocumentId, state: 'sent' }).orderBy('sent_at')
  );
  return rows.map((r) => Number(r.sent_at));
}


/** `strapi.plugin('texting').service('dispatcher')`: one dispatcher per Strapi instance. */
export default ({ strapi }: { strapi: Core.Strapi }) => createDispatcher(strapi);
