import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { randomUUID } from 'crypto';
import { z } from 'zod';
import { parse } from '../../utils/validate';
import { fromPlivo } from '../../utils/phone';
import { classifyKeyword, optIn, optOut, type Keyword } from '../opt-out';
import { isHandoff } from '../bot';
import {
  preview,
  recordOutbound,
  UID,
  type ContactRow,
} from '../inbox/store';
import {
  describeInboxes,
  effectiveSettings,
  loadLiveCampaigns,
  type CampaignForRouting,
  type EffectiveSettings,
  type InboxRef,
  type NumberForRouting,
  type Ref,
} from './effective';
import { createSql, type BatchSnapshot, type ConvRow, type MessageInsert } from './sql';
import { outbox, type OutboxKind } from '../campaigns/outbox';
import { claimNonces } from '../../guards/nonces';
import { createGroupCommit, groupCommitOptions, type Attempt } from './group-commit';

/**
 * Rule 9: an inbound text is stored before the webhook answers, exactly once per MessageUUID, and any
 * failure surfaces as an exception (the webhook answers 5xx and Plivo retries). Everything the text
 * causes — the webhook nonce's claim, conversations opened or appended, opt-out state, the replies to
 * send — is written in one transaction with the message, shared with the texts that arrived at the same
 * moment (group-commit.ts), so a failure leaves nothing half-done and the retry starts clean. Replies go
 * to Plivo after the commit.
 */

export const inboundSchema = z
  .object({
    From: z.string().trim().min(1).max(20),
    To: z.string().trim().min(1).max(20),
    Text: z.string().default(''),
    Type: z.string().optional(),
    MessageUUID: z.string().trim().min(1).max(64),
    MessageIntent: z.string().optional(),
    Units: z.string().optional(),
  })
  .passthrough();

/** How long the webhook waits for replies to reach Plivo before answering; Plivo gives up after 8 s. */
const REPLY_WAIT_MS = 3000;

const envNumber = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return process.env[name] !== undefined && process.env[name] !== '' && Number.isFinite(value) && value >= 0 ? value : fallback;
};

/**
 * Automatic replies (bot answers, HELP, hand-off, STOP/START confirmations) per contact and number in a window:
 * `TEXTING_AUTO_REPLY_CAP` (default 10) per `TEXTING_AUTO_REPLY_WINDOW_MS` (default one hour). Counted from the
 * outbox rows in the database, inside the transaction that holds the contact's lock, so N instances share it.
 */
export const autoReplyCap = () => ({
  cap: envNumber('TEXTING_AUTO_REPLY_CAP', 10),
  windowMs: envNumber('TEXTING_AUTO_REPLY_WINDOW_MS', 3_600_000),
});
/** `lastInboundAt` is a health indicator; writing it at most once a minute keeps hot numbers' rows uncontended. */
const LAST_INBOUND_GRANULARITY_MS = 60_000;

export type { RoutedTo } from '../../../../shared/contracts';
import type { RoutedTo } from '../../../../shared/contracts';
import { getService } from '../../utils/get-service';
import { tables, committed } from '../../db';

export interface ReplyOutcome {
  kind: Keyword | 'bot' | 'handoff';
  body: string;
  messageUuid: string | null;
  status: 'queued' | 'failed' | 'pending';
  error?: string;
}

export interface InboundOutcome {
  messageUuid: string;
  duplicate: boolean;
  orphaned: boolean;
  /** The signature's nonce was already used (the webhook answers 403). */
  replayed?: boolean;
  routedTo: RoutedTo[];
  reason: string;
  replies: ReplyOutcome[];
}

interface PlannedReply {
  kind: ReplyOutcome['kind'];
  body: string;
  /** The outbox row that owes it. */
  outboxId?: number;
}

interface RouteResult {
  conversations: ConvRow[];
  routedTo: RoutedTo[];
  reason: string;
  replies: PlannedReply[];
}

const inboxOf = (c: ConvRow): RoutedTo =>
  c.inboxAgent
    ? { inbox: 'agent', documentId: c.inboxAgent.documentId, name: c.inboxAgent.name, conversation: c.documentId }
    : c.inboxOffice
      ? { inbox: 'office', documentId: c.inboxOffice.documentId, name: c.inboxOffice.name, conversation: c.documentId }
      : { inbox: c.handler === 'bot' ? 'bot' : null, conversation: c.documentId };

const inboxName = (c: ConvRow) => (c.inboxAgent ? `agent ${c.inboxAgent.name}` : c.inboxOffice ? `office ${c.inboxOffice.name}` : 'the bot');

export const replyTexts = {
  optout: (office: string) => `You are unsubscribed from ${office} texts and will receive no more messages. Reply START to resubscribe.`,
  optin: (office: string) => `You are resubscribed to ${office} texts. Reply HELP for help, STOP to opt out.`,
  help: (office: string) => `${office}: reply to this number with your question and we will answer. Reply STOP to opt out.`,
  handoff: (office: string) => `Thanks! Someone from ${office} will reply here soon.`,
};

/** The routing reason's verbs: what happened to a stored text, or what would happen to the dry run's. */
const WORDS = {
  done: {
    sent: 'was sent',
    went: 'went',
    moved: 'moved',
    answered: 'answered',
    optedOut: 'the contact is opted out; one confirmation sent',
    alreadyOut: 'the contact was already opted out; no confirmation sent again',
    optedIn: 'the contact is opted back in; confirmation sent',
    notOut: 'the contact was not opted out; nothing changed',
  },
  dry: {
    sent: 'would be sent',
    went: 'would go',
    moved: 'would move',
    answered: 'would answer',
    optedOut: 'the contact would be opted out; one confirmation would be sent',
    alreadyOut: 'the contact is already opted out; no confirmation would be sent again',
    optedIn: 'the contact would be opted back in; a confirmation would be sent',
    notOut: 'the contact is not opted out; nothing would change',
  },
};
type Words = (typeof WORDS)['done'];

/** STOP confirmations go to a contact who just opted out; every other automatic reply is gated by opt-out. */
const replyKind = (kind: ReplyOutcome['kind']): Exclude<OutboxKind, 'campaign' | 'manual'> => (kind === 'optout' ? 'confirm' : 'auto');

/**
 * An agent already holds this exchange (a 1:1 they started, a hand-off, a reassignment): the text joins
 * the contact's open agent conversations of the same scope (the live campaign, or none) and nothing else
 * is written. Null when routing has more to decide.
 */
export function continuing(eff: EffectiveSettings, open: ConvRow[]): RouteResult | null {
  const campaignId = eff.campaign?.id ?? null;
  const withAgent = open.filter(
    (c) => (c.campaign?.id ?? null) === campaignId && c.handler === 'agent' && (c.inboxOffice || c.inboxAgent)
  );
  if (!withAgent.length) return null;
  const why =
    eff.responseType === 'bot'
      ? `; an agent already has this conversation (${withAgent.map(inboxName).join(', ')}), so the bot stays silent`
      : `; continues the open conversation in ${withAgent.map(inboxName).join(', ')}`;
  return { conversations: withAgent, routedTo: withAgent.map(inboxOf), reason: eff.reason + why, replies: [] };
}

/** What the inbound functions share: one per Strapi instance (createInbound). */
interface InboundContext {
  strapi: Core.Strapi;
  sql: ReturnType<typeof createSql>;
  outboxStore: ReturnType<typeof outbox>;
  /** When this process last wrote each number's `lastInboundAt` (a health figure, kept to the minute). */
  lastInboundWritten: Map<number, number>;
  /** The group commit every inbound text is written through. */
  batch: ReturnType<typeof createGroupCommit<TextMeta, BatchState>>;
}

/** What the batch knows of a text before running it: its contact (locked), its signature nonce (claimed), and what its routing read needs. */
interface TextMeta {
  from: string;
  to: string;
  uuid: string;
  nonce?: string;
}

/** One attempt of a batch: whose nonces it claimed, and the messages it writes at the end in one statement. */
interface BatchState {
  claimed: Set<TextMeta>;
  pending: Array<{ message: MessageInsert; now: Date }>;
  /** Contacts of the pending messages: a later text of one of them reads after they are written. */
  pendingContacts: Set<string>;
  /** Every text's routing read, taken for the whole batch in `begin` (PostgreSQL); null: each text reads alone. */
  snapshots: Map<TextMeta, BatchSnapshot> | null;
  /** Contacts whose text has run in this attempt: a later text of theirs reads alone, after the first one's writes. */
  routedContacts: Set<string>;
}

export interface ReceiveOptions {
  /** The webhook signature's nonce, claimed in the transaction that stores the text (guards/nonces.ts). */
  nonce?: string;
}

const conversations = (strapi: Core.Strapi) => strapi.db.query(UID.conversation);
const bot = (strapi: Core.Strapi) => getService(strapi, 'bot');
const dispatcher = (strapi: Core.Strapi) => getService(strapi, 'dispatcher');

/** The webhook's signature nonce was already used: refused (403), nothing stored. */
const replayed = (messageUuid: string): InboundOutcome => ({
  messageUuid,
  duplicate: false,
  orphaned: false,
  replayed: true,
  routedTo: [],
  reason: 'This Plivo signature was already used: replayed requests are refused',
  replies: [],
});

const duplicate = (messageUuid: string): InboundOutcome => ({
  messageUuid,
  duplicate: true,
  orphaned: false,
  routedTo: [],
  reason: 'Repeat of a text already received (same MessageUUID); nothing changed',
  replies: [],
});

type InboxChange = { handler?: 'bot' | 'agent'; inboxOffice?: Ref | null; inboxAgent?: Ref | null; handedOffAt?: Date };

/** Opens a conversation (routing/sql.ts); its row is built from what was written, without reading it back. */
async function openConversation(
  db: Writer,
  contactId: number,
  numberId: number,
  campaignId: number | null,
  fields: { handler: 'bot' | 'agent'; inboxOffice: Ref | null; inboxAgent: Ref | null },
  now: Date
): Promise<ConvRow> {
  const row = await db.sql.openConversation(
    db.trx,
    { contactId, numberId, campaignId, handler: fields.handler, inboxOfficeId: fields.inboxOffice?.id ?? null, inboxAgentId: fields.inboxAgent?.id ?? null },
    now
  );
  return { ...row, status: 'open', campaign: campaignId ? { id: campaignId } : null, ...fields };
}

async function updateConversation(strapi: Core.Strapi, conversation: ConvRow, change: InboxChange): Promise<ConvRow> {
  const data: Record<string, unknown> = {};
  if (change.handler) data.handler = change.handler;
  if ('inboxOffice' in change) data.inboxOffice = change.inboxOffice?.id ?? null;
  if ('inboxAgent' in change) data.inboxAgent = change.inboxAgent?.id ?? null;
  if (change.handedOffAt) data.handedOffAt = change.handedOffAt;
  await conversations(strapi).update({ where: { id: conversation.id }, data, select: ['id'] });
  const { handedOffAt: _h, ...rest } = change;
  return { ...conversation, ...rest };
}

/** Opt-out keywords: state change, at most one confirmation; the text joins the contact's open threads. */
async function handleKeyword(
  strapi: Core.Strapi,
  keyword: Keyword,
  word: string,
  source: 'keyword' | 'plivo_intent',
  contact: ContactRow,
  number: NumberForRouting,
  eff: EffectiveSettings,
  open: ConvRow[],
  words: Words
): Promise<RouteResult> {
  const office = eff.botOffice ?? number.office ?? null;
  const officeName = office?.name ?? number.name ?? 'this number';
  const replies: PlannedReply[] = [];
  const log = { contactPhone: contact.phoneNumber, source, detail: word, numberPhone: number.phoneNumber, office: number.office?.id ?? null };
  let reason: string;
  if (keyword === 'optout') {
    const changed = await optOut(strapi, contact.id, log);
    if (changed) replies.push({ kind: 'optout', body: replyTexts.optout(officeName) });
    reason = `Opt-out keyword ${word}: ${changed ? words.optedOut : words.alreadyOut}`;
  } else if (keyword === 'optin') {
    const changed = await optIn(strapi, contact.id, log);
    if (changed) replies.push({ kind: 'optin', body: replyTexts.optin(officeName) });
    reason = `Opt-in keyword ${word}: ${changed ? words.optedIn : words.notOut}`;
  } else {
    replies.push({ kind: 'help', body: office?.helpText?.trim() || replyTexts.help(officeName) });
    reason = `HELP keyword: ${words.answered} with ${office?.helpText?.trim() ? `${officeName}'s help text` : 'the default help text'}`;
  }
  return { conversations: open, routedTo: open.map(inboxOf), reason, replies };
}

/** The routing transaction and the hot path's statements. */
interface Writer {
  trx: Knex.Transaction;
  sql: ReturnType<typeof createSql>;
}

async function route(
  strapi: Core.Strapi,
  db: Writer,
  text: string,
  contact: ContactRow,
  number: NumberForRouting,
  eff: EffectiveSettings,
  open: ConvRow[],
  now: Date,
  words: Words
): Promise<RouteResult> {
  const campaignId = eff.campaign?.id ?? null;
  const scoped = open.filter((c) => (c.campaign?.id ?? null) === campaignId);
  const held = continuing(eff, open);
  if (held) return held;

  // A campaign may have opened the contact's conversation without an inbox; the reply claims it.
  let unassigned = scoped.find((c) => !c.inboxOffice && !c.inboxAgent && c.handler === 'agent') ?? null;

  if (eff.responseType === 'agent') {
    let inboxes: InboxRef[] = eff.inboxes;
    let reason = eff.reason;
    if (!inboxes.length && number.office) {
      inboxes = [{ kind: 'office', id: number.office.id, documentId: number.office.documentId, name: number.office.name }];
      reason += `; no inbox is set, so the text ${words.went} to the number's office (${number.office.name})`;
    }
    const convs: ConvRow[] = [];
    for (const inbox of inboxes) {
      const ref: Ref = { id: inbox.id, documentId: inbox.documentId, name: inbox.name };
      const target = inbox.kind === 'office' ? { inboxOffice: ref, inboxAgent: null } : { inboxAgent: ref, inboxOffice: null };
      if (unassigned) {
        convs.push(await updateConversation(strapi, unassigned, { ...target, handler: 'agent' }));
        unassigned = null;
      } else {
        convs.push(await openConversation(db, contact.id, number.id, campaignId, { ...target, handler: 'agent' }, now));
      }
    }
    return { conversations: convs, routedTo: convs.map(inboxOf), reason, replies: [] };
  }

  const office = eff.botOffice;
  const existing = scoped.find((c) => c.handler === 'bot') ?? unassigned;
  const conv = existing
    ? existing.handler === 'bot'
      ? existing
      : await updateConversation(strapi, existing, { handler: 'bot' })
    : await openConversation(db, contact.id, number.id, campaignId, { handler: 'bot', inboxOffice: null, inboxAgent: null }, now);
  if (!office) {
    return { conversations: [conv], routedTo: [inboxOf(conv)], reason: `${eff.reason}; the number has no office, so no bot can answer`, replies: [] };
  }
  const keyword = isHandoff(text, office.handoffKeywords);
  if (keyword) {
    const moved = await updateConversation(strapi, conv, {
      handler: 'agent',
      inboxOffice: { id: office.id, documentId: office.documentId, name: office.name },
      handedOffAt: now,
    });
    return {
      conversations: [moved],
      routedTo: [inboxOf(moved)],
      reason: `${eff.reason}; hand-off keyword "${keyword}": the conversation ${words.moved} to office ${office.name}'s inbox`,
      replies: [{ kind: 'handoff', body: replyTexts.handoff(office.name) }],
    };
  }
  if (contact.optedOut) {
    return {
      conversations: [conv],
      routedTo: [inboxOf(conv)],
      reason: `${eff.reason}; the contact has opted out, so the bot does not reply`,
      replies: [],
    };
  }
  const result = await bot(strapi).answer(office, text);
  const why =
    result.kind === 'answer'
      ? `; the bot ${words.answered} with "${result.botAnswer.question}" (score ${result.score.toFixed(2)})`
      : result.best
        ? `; no bot answer matched well enough (best "${result.best.question}", score ${result.best.score.toFixed(2)}), so the fallback ${words.sent}`
        : `; no bot answer matched, so the fallback ${words.sent}`;
  return {
    conversations: [conv],
    routedTo: [{ inbox: 'bot', documentId: office.documentId, name: office.name, conversation: conv.documentId }],
    reason: eff.reason + why,
    replies: [{ kind: 'bot', body: result.answer }],
  };
}

type Payload = z.infer<typeof inboundSchema>;

/** What every stored inbound text carries from Plivo's request, routed or orphaned. */
const receivedFields = (payload: Payload, from: string, to: string) => ({
  direction: 'inbound' as const,
  body: payload.Text,
  messageUuid: payload.MessageUUID,
  fromNumber: from,
  toNumber: to,
  intent: payload.MessageIntent?.slice(0, 16) || null,
  units: Number(payload.Units) || null,
});

/** A text to a number that is not ours (or no longer): kept as orphaned, in the batch's transaction. */
async function storeOrphan(ctx: InboundContext, payload: Payload, from: string, to: string): Promise<InboundOutcome> {
  const reason = `No number ${to} in Texting (not ours, or released); stored as orphaned`;
  await ctx.strapi.db.query(UID.message).create({
    data: { ...receivedFields(payload, from, to), status: 'orphaned', routedTo: [], routingReason: reason, publishedAt: new Date() },
    select: ['id'],
  });
  return { messageUuid: payload.MessageUUID, duplicate: false, orphaned: true, routedTo: [], reason, replies: [] };
}

/**
 * Sends the replies queued with the text (their outbox rows) and waits up to REPLY_WAIT_MS; slower sends finish
 * in the background, and whatever this attempt leaves (a retry, a pause, a crash) the dispatcher sends later.
 */
async function sendReplies(strapi: Core.Strapi, replies: PlannedReply[], from: string, to: string): Promise<ReplyOutcome[]> {
  const outcomes: ReplyOutcome[] = replies.map((r) => ({ kind: r.kind, body: r.body, messageUuid: null, status: 'pending' }));
  if (!replies.length) return outcomes;
  const ids = replies.map((r) => r.outboxId!);
  const sending = dispatcher(strapi)
    .sendNow(ids)
    .then((results) => {
      replies.forEach((r, i) => {
        const res = results.get(r.outboxId!);
        if (res?.state === 'sent') Object.assign(outcomes[i], { messageUuid: res.messageUuid, status: 'queued' });
        else if (res?.state === 'failed') {
          Object.assign(outcomes[i], { status: 'failed', error: res.error });
          strapi.log.error(`[texting] reply to ${to} from ${from} failed: ${res.error}`);
        }
      });
    })
    .catch((err: unknown) => strapi.log.error(`[texting] replies to ${to} left to the dispatcher: ${String(err)}`));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    sending,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, REPLY_WAIT_MS);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
  return outcomes;
}

/**
 * Drops the automatic replies that must not go: none to a number this app owns (two auto-responders would
 * text each other forever), and none past the cap per contact and number. The text itself is stored and
 * routed as usual; the reason says why it got no reply.
 */
async function limitAutomaticReplies(strapi: Core.Strapi, outboxStore: ReturnType<typeof outbox>, trx: Knex, routed: RouteResult, ourNumber: string, contactNumber: string, now: Date): Promise<void> {
  if (!routed.replies.length) return;
  const owned = await trx(tables(strapi).numbers).select('id').where({ phone_number: contactNumber }).first();
  if (owned) {
    routed.replies = [];
    routed.reason += `; ${contactNumber} is a number of this app, so no automatic reply is sent`;
    return;
  }
  const { cap, windowMs } = autoReplyCap();
  const used = await outboxStore.countAutomatic(trx as unknown as Parameters<typeof outboxStore.countAutomatic>[0], ourNumber, contactNumber, now.getTime() - windowMs);
  const left = Math.max(0, cap - used);
  if (routed.replies.length > left) {
    routed.replies = routed.replies.slice(0, left);
    routed.reason += `; automatic reply limit reached (${cap} per ${Math.round(windowMs / 60_000)} min for this contact and number), so no reply is sent`;
  }
}


/** What a text's job in the group commit settles with. */
type Stored =
  | { kind: 'routed'; result: RouteResult; number: NumberForRouting }
  | { kind: 'done'; outcome: InboundOutcome };

/** The stored inbound message, built from the routing result (the webhook and the dry run share it). */
const messageOf =
  (payload: Payload, from: string, to: string) =>
  (r: RouteResult, number: NumberForRouting, contactId: number, eff: EffectiveSettings) => {
    const [primary, ...others] = r.conversations;
    return {
      ...receivedFields(payload, from, to),
      status: 'received',
      routedTo: r.routedTo,
      routingReason: r.reason,
      phoneNumberId: number.id,
      contactId,
      campaignId: eff.campaign?.id ?? null,
      conversationId: primary?.id ?? null,
      threadIds: others.map((c) => c.id),
      touch: { ids: r.conversations.map((c) => c.id), preview: preview(payload.Text) },
    };
  };

/** Writes the batch's pending messages now (a later text, or a reply, must come after them). */
async function flushPending(ctx: InboundContext, trx: Knex.Transaction, state: BatchState) {
  const list = state.pending.splice(0);
  state.pendingContacts.clear();
  await ctx.sql.insertMessages(trx, list);
}

/**
 * Everything a text causes, inside the batch's transaction (group-commit.ts), which already holds the
 * contact's lock: one contact's texts are routed one at a time (two first texts cannot open two
 * conversations). It may run twice (its batch failed because of another text, and is retried without
 * that one), so it changes nothing outside the transaction. The dry run (below) runs it in a transaction
 * it rolls back.
 */
async function routeAndStore(
  ctx: InboundContext,
  trx: Knex.Transaction,
  state: BatchState,
  input: { payload: Payload; from: string; to: string; keyword: Keyword | null; now: Date; meta: TextMeta; dryRun?: boolean },
  attempt: Attempt = { afterFailedCommit: false }
): Promise<Stored> {
  const { strapi, sql, outboxStore } = ctx;
  const { payload, from, to, keyword, now, meta } = input;
  const words = input.dryRun ? WORDS.dry : WORDS.done;
  const uuid = payload.MessageUUID;
  const message = messageOf(payload, from, to);
  if (meta.nonce && !state.claimed.has(meta)) {
    // This request's own earlier attempt may have committed (its acknowledgement lost): then the nonce is taken
    // by its own stored text, and the right answer is "already received", not "replayed".
    if (attempt.afterFailedCommit && (await sql.messageExists(uuid, trx))) return { kind: 'done', outcome: duplicate(uuid) };
    return { kind: 'done', outcome: replayed(uuid) };
  }
  const batchRead = state.routedContacts.has(from) ? undefined : state.snapshots?.get(meta);
  state.routedContacts.add(from);
  let snap: BatchSnapshot;
  if (batchRead !== undefined) snap = batchRead;
  else {
    // A text of a contact whose earlier text in this batch is not written yet reads after it is.
    if (state.pendingContacts.has(from)) await flushPending(ctx, trx, state);
    snap = await sql.snapshot(trx, to, from, now, uuid);
  }
  if (snap === 'duplicate') return { kind: 'done', outcome: duplicate(uuid) };
  if (!snap) {
    strapi.log.warn(`[texting] inbound text ${uuid} from ${from} to ${to}: no number ${to} in Texting; stored as orphaned`);
    return { kind: 'done', outcome: await storeOrphan(ctx, payload, from, to) };
  }
  const { number, contact, open } = snap;
  // Campaign details are read only when one is live on the number (rule 3, derived now).
  const campaigns: CampaignForRouting[] = snap.liveCampaignIds.length ? await loadLiveCampaigns(strapi, number.id, now) : [];
  const eff = effectiveSettings(number, campaigns, now);
  const outcome = keyword
    ? await handleKeyword(
        strapi,
        keyword,
        classifyKeyword(payload.Text) ? payload.Text.trim().toUpperCase() : `(MessageIntent=${payload.MessageIntent})`,
        // Plivo's intent wins when it names one (classifyKeyword), so it is the source then.
        classifyKeyword(null, payload.MessageIntent) ? 'plivo_intent' : 'keyword',
        contact,
        number,
        eff,
        open,
        words
      )
    : await route(strapi, { trx, sql }, payload.Text, contact, number, eff, open, now, words);

  const [primary, ...others] = outcome.conversations;
  await limitAutomaticReplies(strapi, outboxStore, trx as unknown as Knex, outcome, number.phoneNumber, from, now);
  state.pending.push({ message: message(outcome, number, contact.id, eff), now });
  state.pendingContacts.add(from);
  // Replies are written after their text (ids in order): then it cannot wait for the end of the batch.
  if (outcome.replies.length) await flushPending(ctx, trx, state);
  for (const reply of outcome.replies) {
    const row = await recordOutbound(strapi, {
      body: reply.body,
      from: number.phoneNumber,
      to: from,
      phoneNumberId: number.id,
      contactId: contact.id,
      conversationId: primary?.id ?? null,
      threadIds: others.map((c) => c.id),
      campaignId: eff.campaign?.id ?? null,
      inReplyTo: uuid,
    });
    // Written with the message, in the same transaction: a crash after the commit cannot lose it.
    reply.outboxId = await outboxStore.enqueueReply(trx as unknown as Knex, {
      kind: replyKind(reply.kind),
      messageId: row.id,
      messageDocumentId: row.documentId,
      from: number.phoneNumber,
      to: from,
      body: reply.body,
      now: now.getTime(),
    });
  }
  return { kind: 'routed', result: outcome, number };
}

async function receive(ctx: InboundContext, params: Record<string, unknown>, options: ReceiveOptions = {}): Promise<InboundOutcome> {
  const { strapi, sql, lastInboundWritten, batch } = ctx;
  const payload = parse(inboundSchema, params, 'Plivo message');
  const uuid = payload.MessageUUID;
  const from = fromPlivo(payload.From);
  const to = fromPlivo(payload.To);
  const now = new Date();
  const keyword = classifyKeyword(payload.Text, payload.MessageIntent);
  const meta: TextMeta = { from, to, uuid, nonce: options.nonce };

  let stored: Stored;
  try {
    stored = await batch.submit(from, meta, (trx, state, attempt) => routeAndStore(ctx, trx, state, { payload, from, to, keyword, now, meta }, attempt));
  } catch (error) {
    // A repeat of a text stored at the same moment (another instance, or the same batch) lost on the unique
    // index when it ran alone: already received, nothing changed. Anything else answers 5xx (Plivo retries);
    // its nonce claim was rolled back with it.
    if (await sql.messageExists(uuid)) return duplicate(uuid);
    throw error;
  }
  if (stored.kind === 'done') return stored.outcome;
  const { result, number } = stored;

  const last = lastInboundWritten.get(number.id) ?? 0;
  if (now.getTime() - last >= LAST_INBOUND_GRANULARITY_MS) {
    lastInboundWritten.set(number.id, now.getTime());
    await sql
      .touchNumber(number.id, now)
      .catch((e: unknown) => strapi.log.warn(`[texting] could not update lastInboundAt: ${String(e)}`));
  }

  const replies = await sendReplies(strapi, result.replies, number.phoneNumber, from);
  return { messageUuid: uuid, duplicate: false, orphaned: false, routedTo: result.routedTo, reason: result.reason, replies };
}

/** Carries the dry run's result out of its transaction, whose rollback it causes. */
class RolledBack extends Error {
  constructor(public stored: Stored) {
    super('texting: dry run rolled back');
  }
}

export interface DryRunOutcome {
  routedTo: RoutedTo[];
  reason: string;
  /** The automatic replies the text would get (bot answer, HELP, confirmations), none of them sent. */
  replies: Array<{ kind: ReplyOutcome['kind']; body: string }>;
}

/**
 * Test routing as a dry run (issue 13): the webhook's own routing and writes, in a transaction of its own
 * (not the group commit's) that is then rolled back, so the answer is exactly what a real text would do now
 * (rule 3, the bot, opt-out keywords, the reply cap) while nothing stays stored: no contact, conversation,
 * message, opt-out change or outbox row. Nothing is sent either: replies go to Plivo only after the webhook's
 * commit, which never happens here. Null when the number is not ours.
 */
async function dryRun(ctx: InboundContext, input: { to: string; from: string; text: string }): Promise<DryRunOutcome | null> {
  const payload = parse(inboundSchema, { From: input.from, To: input.to, Text: input.text, MessageUUID: `dry-run-${randomUUID()}` }, 'test text');
  const keyword = classifyKeyword(payload.Text);
  const state: BatchState = { claimed: new Set(), pending: [], pendingContacts: new Set(), snapshots: null, routedContacts: new Set() };
  const meta: TextMeta = { from: input.from, to: input.to, uuid: payload.MessageUUID };
  let stored: Stored;
  try {
    await committed(ctx.strapi, async (trx) => {
      const tx = trx as unknown as Knex.Transaction;
      await ctx.sql.lockContacts(tx, [input.from]);
      const result = await routeAndStore(ctx, tx, state, { payload, from: input.from, to: input.to, keyword, now: new Date(), meta, dryRun: true });
      await flushPending(ctx, tx, state);
      throw new RolledBack(result);
    });
    throw new Error('texting: the dry run was not rolled back');
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
    stored = err.stored;
  }
  if (stored.kind !== 'routed') return null;
  return {
    // Conversations a dry run opened were rolled back: no link to them.
    routedTo: stored.result.routedTo.map(({ conversation: _c, ...to }) => to),
    reason: stored.result.reason,
    replies: stored.result.replies.map((r) => ({ kind: r.kind, body: r.body })),
  };
}

export function createInbound(strapi: Core.Strapi) {
  const sql = createSql(strapi);
  const batch = createGroupCommit<TextMeta, BatchState>(strapi, groupCommitOptions(), {
    async begin(trx, metas) {
      await sql.lockContacts(trx, metas.map((m) => m.from));
      const got = await claimNonces(trx, metas.flatMap((m) => (m.nonce ? [m.nonce] : [])));
      // Two texts of one batch with the same nonce: the first holds it, the second is a replay.
      const claimed = new Set<TextMeta>();
      for (const m of metas) {
        if (m.nonce && got.delete(m.nonce)) claimed.add(m);
      }
      // Every text's routing read in one statement, now that the batch holds its contacts' locks.
      const read = await sql.snapshots(trx, metas, new Date());
      const snapshots = read ? new Map(metas.map((m, i) => [m, read[i]])) : null;
      return { claimed, pending: [], pendingContacts: new Set(), snapshots, routedContacts: new Set() };
    },
    end: (trx, state) => sql.insertMessages(trx, state.pending),
  });
  const ctx: InboundContext = { strapi, sql, outboxStore: outbox(strapi), lastInboundWritten: new Map(), batch };
  return {
    receive: (params: Record<string, unknown>, options?: ReceiveOptions) => receive(ctx, params, options),
    dryRun: (input: { to: string; from: string; text: string }) => dryRun(ctx, input),
    describeInboxes,
  };
}
