import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { DirectBody, InboxListQuery, OlderMessagesQuery, ReassignBody, ReplyBody } from '../../validation/inbox';
import type { DeliveryReport } from '../../validation/webhooks';
import { BadGatewayError, ConflictError, StatusError } from '../../utils/errors';
import { assertNotOptedOut, optIn, optOut } from '../opt-out';
import { applyReport, type ReportOutcome } from './delivery';
import { preview, recordOutbound, upsertContact, UID } from './store';
import { outbox } from '../campaigns/outbox';
import { committed, type Knex } from '../../db';
import { getService } from '../../utils/get-service';
import type { AdminUser } from '../../utils/context';
import { CONVERSATION_PAGE_SIZE } from '../../../../shared/contracts';

/**
 * The inbox: who sees which conversation, replies, closing, reassigning, and 1:1 texts (rule 1).
 * A user sees conversations in their own agent inbox and in the inboxes of their offices; super admins see all.
 */

/**
 * 403 with our message. A `ForbiddenError` thrown by a controller loses its message: Strapi's authorize
 * middleware catches it and answers a bare "Forbidden". A StatusError passes through to texting-errors.
 */
const forbidden = (message: string) => new StatusError(message, 403, 'ForbiddenError');


interface Viewer {
  userId: number;
  superAdmin: boolean;
  agent: { id: number; documentId: string; name: string; officeIds: number[] } | null;
}

interface Ref {
  id: number;
  documentId: string;
  name: string;
}

interface ConvFull {
  id: number;
  documentId: string;
  status: 'open' | 'closed';
  handler: 'bot' | 'agent';
  lastMessageAt: string | null;
  lastMessagePreview: string | null;
  closedAt: string | null;
  handedOffAt: string | null;
  createdAt: string;
  contact: { id: number; documentId: string; phoneNumber: string; name: string | null; optedOut: boolean | null } | null;
  phoneNumber: { id: number; documentId: string; phoneNumber: string; name: string; office: Ref | null } | null;
  campaign: Ref | null;
  inboxOffice: Ref | null;
  inboxAgent: Ref | null;
}

const REF = ['id', 'documentId', 'name'];
const CONV_SELECT = ['id', 'documentId', 'status', 'handler', 'lastMessageAt', 'lastMessagePreview', 'closedAt', 'handedOffAt', 'createdAt'];
const CONV_POPULATE = {
  contact: { select: ['id', 'documentId', 'phoneNumber', 'name', 'optedOut'] },
  phoneNumber: { select: ['id', 'documentId', 'phoneNumber', 'name'], populate: { office: { select: REF } } },
  campaign: { select: REF },
  inboxOffice: { select: REF },
  inboxAgent: { select: REF },
};

const ref = (r: Ref | null) => (r ? { documentId: r.documentId, name: r.name } : null);

export function conversationRow(conversation: ConvFull) {
  return {
    documentId: conversation.documentId,
    status: conversation.status,
    handler: conversation.handler,
    contact: conversation.contact
      ? { documentId: conversation.contact.documentId, phoneNumber: conversation.contact.phoneNumber, name: conversation.contact.name, optedOut: Boolean(conversation.contact.optedOut) }
      : null,
    phoneNumber: conversation.phoneNumber
      ? { documentId: conversation.phoneNumber.documentId, phoneNumber: conversation.phoneNumber.phoneNumber, name: conversation.phoneNumber.name, office: ref(conversation.phoneNumber.office) }
      : null,
    campaign: ref(conversation.campaign),
    inbox: conversation.inboxAgent
      ? { type: 'agent' as const, ...ref(conversation.inboxAgent)! }
      : conversation.inboxOffice
        ? { type: 'office' as const, ...ref(conversation.inboxOffice)! }
        : null,
    lastMessageAt: conversation.lastMessageAt,
    lastMessagePreview: conversation.lastMessagePreview,
    closedAt: conversation.closedAt,
    handedOffAt: conversation.handedOffAt,
    createdAt: conversation.createdAt,
  };
}

const conversations = (strapi: Core.Strapi) => strapi.db.query(UID.conversation);

async function viewerOf(strapi: Core.Strapi, user: AdminUser): Promise<Viewer> {
  const superAdmin = (user.roles ?? []).some((r) => r.code === 'strapi-super-admin');
  const agent = (await strapi.db.query(UID.agent).findOne({
    where: { user: { id: user.id } },
    select: ['id', 'documentId', 'name'],
    populate: { offices: { select: ['id'] } },
  })) as (Ref & { offices?: Array<{ id: number }> }) | null;
  return {
    userId: user.id,
    superAdmin,
    agent: agent ? { id: agent.id, documentId: agent.documentId, name: agent.name, officeIds: (agent.offices ?? []).map((o) => o.id) } : null,
  };
}

/** The filter of conversations a viewer may see; null = everything (super admin), 'none' = nothing. */
function visibleWhere(viewer: Viewer): Record<string, unknown> | null | 'none' {
  if (viewer.superAdmin) return null;
  if (!viewer.agent) return 'none';
  const anyOf: Record<string, unknown>[] = [{ inboxAgent: { id: viewer.agent.id } }];
  if (viewer.agent.officeIds.length) anyOf.push({ inboxOffice: { id: { $in: viewer.agent.officeIds } } });
  return { $or: anyOf };
}

function canSee(viewer: Viewer, conversation: ConvFull): boolean {
  if (viewer.superAdmin) return true;
  if (!viewer.agent) return false;
  return conversation.inboxAgent?.id === viewer.agent.id || (conversation.inboxOffice ? viewer.agent.officeIds.includes(conversation.inboxOffice.id) : false);
}

async function loadConversation(strapi: Core.Strapi, where: Record<string, unknown>): Promise<ConvFull | null> {
  return (await conversations(strapi).findOne({ where, select: CONV_SELECT, populate: CONV_POPULATE })) as ConvFull | null;
}

/** A conversation the user may see; others answer 404 so that ids do not reveal other inboxes. */
async function visibleConversation(strapi: Core.Strapi, user: AdminUser, documentId: string): Promise<{ viewer: Viewer; conv: ConvFull }> {
  const viewer = await viewerOf(strapi, user);
  const conv = await loadConversation(strapi, { documentId });
  if (!conv || !canSee(viewer, conv)) throw new errors.NotFoundError('Conversation not found in your inboxes');
  return { viewer, conv };
}

/**
 * A conversation's messages, the newest `limit` (issue 11: a long thread used to open on its oldest 500, so
 * new texts never showed), or the `limit` just older than the message `before` (a documentId: "load older").
 * Returned oldest first, as a thread reads; `hasOlder` says whether anything precedes them.
 */
async function messagesOf(strapi: Core.Strapi, convId: number, page: { before?: string; limit?: number } = {}) {
  const limit = page.limit ?? CONVERSATION_PAGE_SIZE;
  const inConversation = { $or: [{ conversation: { id: convId } }, { threads: { id: convId } }] };
  const where: Record<string, unknown> = { $and: [inConversation] };
  if (page.before) {
    const cursor = (await strapi.db.query(UID.message).findOne({
      where: { documentId: page.before, ...inConversation },
      select: ['id', 'createdAt'],
    })) as { id: number; createdAt: unknown } | null;
    if (!cursor) throw new errors.ValidationError(`before: no message "${page.before}" in this conversation`);
    (where.$and as unknown[]).push({ $or: [{ createdAt: { $lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { $lt: cursor.id } }] });
  }
  const rows = (await strapi.db.query(UID.message).findMany({
    where,
    select: ['id', 'documentId', 'direction', 'body', 'status', 'errorCode', 'failureReason', 'fromNumber', 'toNumber', 'createdAt', 'routingReason', 'inReplyTo', 'messageUuid'],
    populate: { sentBy: { select: ['id', 'firstname', 'lastname'] } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    limit: limit + 1,
  })) as Array<Record<string, unknown> & { sentBy?: { id: number; firstname: string; lastname: string | null } | null }>;
  const hasOlder = rows.length > limit;
  const shown = rows.slice(0, limit).reverse();
  return {
    messages: shown.map(({ id: _id, sentBy, inReplyTo, ...m }) => ({
      ...m,
      automatic: m.direction === 'outbound' && !sentBy && Boolean(inReplyTo),
      sentBy: sentBy ? { id: sentBy.id, name: [sentBy.firstname, sentBy.lastname].filter(Boolean).join(' ') } : null,
    })),
    hasOlder,
    before: hasOlder && shown.length ? (shown[0].documentId as string) : null,
  };
}

const dispatcher = (strapi: Core.Strapi) => getService(strapi, 'dispatcher');

/**
 * Stores the text and its outbox row in one transaction, then sends it at once through the dispatcher. The row
 * stays (as failed, with the reason) when Plivo refuses it; a retryable failure or an unknown outcome leaves it
 * to the dispatcher (answered as `queued`), and an accepted text is never recorded as failed.
 */
async function sendInConversation(strapi: Core.Strapi, user: AdminUser, conv: ConvFull, text: string) {
  const number = conv.phoneNumber;
  const contact = conv.contact;
  if (!number) throw new ConflictError('The number of this conversation was released; it can no longer send texts.');
  if (!contact) throw new ConflictError('This conversation has no contact to text.');
  await assertNotOptedOut(strapi, contact.phoneNumber);
  const now = new Date();
  const row = await committed(strapi, async (trx) => {
    // Other open inboxes on the same exchange see the reply too, so two people do not answer twice.
    const siblings = (await conversations(strapi).findMany({
      where: {
        id: { $ne: conv.id },
        status: 'open',
        contact: { id: contact.id },
        phoneNumber: { id: number.id },
        ...(conv.campaign ? { campaign: { id: conv.campaign.id } } : { campaign: { id: { $null: true } } }),
      },
      select: ['id'],
    })) as Array<{ id: number }>;
    const created = await recordOutbound(strapi, {
      body: text,
      from: number.phoneNumber,
      to: contact.phoneNumber,
      phoneNumberId: number.id,
      contactId: contact.id,
      conversationId: conv.id,
      threadIds: siblings.map((s) => s.id),
      campaignId: conv.campaign?.id ?? null,
      sentById: user.id,
    });
    const takeOver =
      conv.handler === 'bot' ? { handler: 'agent', inboxOffice: conv.inboxOffice?.id ?? number.office?.id ?? null, handedOffAt: now } : {};
    await conversations(strapi).update({
      where: { id: conv.id },
      data: { status: 'open', closedAt: null, lastMessageAt: now, lastMessagePreview: preview(text), ...takeOver },
      select: ['id'],
    });
    const outboxId = await outbox(strapi).enqueueReply(trx as unknown as Knex, {
      kind: 'manual',
      messageId: created.id,
      messageDocumentId: created.documentId,
      from: number.phoneNumber,
      to: contact.phoneNumber,
      body: text,
    });
    return { ...created, outboxId };
  });
  const res = (await dispatcher(strapi).sendNow([row.outboxId])).get(row.outboxId);
  if (res?.state === 'failed') {
    throw new BadGatewayError(`Plivo did not accept the text: ${res.error}`, { message: row.documentId });
  }
  if (res?.state === 'skipped') await assertNotOptedOut(strapi, contact.phoneNumber); // a STOP won the race
  const message = (await strapi.db.query(UID.message).findOne({
    where: { id: row.id },
    select: ['documentId', 'direction', 'body', 'status', 'messageUuid', 'fromNumber', 'toNumber', 'createdAt'],
  })) as Record<string, unknown>;
  return { ...message, sentBy: { id: user.id } };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  return {
    async list(user: AdminUser, query: InboxListQuery) {
      const viewer = await viewerOf(strapi, user);
      const visible = visibleWhere(viewer);
      const empty = { data: [], meta: { pagination: { page: query.page, pageSize: query.pageSize, pageCount: 0, total: 0 } } };
      if (visible === 'none') return empty;
      const and: Record<string, unknown>[] = [];
      if (visible) and.push(visible);
      if (query.status !== 'all') and.push({ status: query.status });
      if (query.q) {
        const digits = query.q.replace(/\D+/g, '');
        const anyOf: Record<string, unknown>[] = [{ contact: { name: { $containsi: query.q } } }];
        if (digits) anyOf.push({ contact: { phoneNumber: { $contains: digits } } });
        and.push({ $or: anyOf });
      }
      const where = and.length ? { $and: and } : {};
      const [rows, total] = await Promise.all([
        conversations(strapi).findMany({
          where,
          select: CONV_SELECT,
          populate: CONV_POPULATE,
          orderBy: [{ lastMessageAt: 'desc' }, { id: 'desc' }],
          offset: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        }) as Promise<ConvFull[]>,
        conversations(strapi).count({ where }),
      ]);
      return {
        data: rows.map(conversationRow),
        meta: { pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(total / query.pageSize), total } },
      };
    },

    async thread(user: AdminUser, documentId: string) {
      const { conv } = await visibleConversation(strapi, user, documentId);
      const { messages, hasOlder, before } = await messagesOf(strapi, conv.id);
      return { data: { ...conversationRow(conv), messages }, meta: { messages: { hasOlder, before } } };
    },

    /** "Load older": the messages just before `before`, oldest first (`GET …/conversations/:id/messages`). */
    async olderMessages(user: AdminUser, documentId: string, q: OlderMessagesQuery) {
      const { conv } = await visibleConversation(strapi, user, documentId);
      const { messages, hasOlder, before } = await messagesOf(strapi, conv.id, q);
      return { data: messages, meta: { hasOlder, before } };
    },

    async reply(user: AdminUser, documentId: string, { text }: ReplyBody) {
      const { conv } = await visibleConversation(strapi, user, documentId);
      return { data: await sendInConversation(strapi, user, conv, text) };
    },

    async close(user: AdminUser, documentId: string) {
      const { conv } = await visibleConversation(strapi, user, documentId);
      await conversations(strapi).update({ where: { id: conv.id }, data: { status: 'closed', closedAt: new Date() }, select: ['id'] });
      return { data: conversationRow((await loadConversation(strapi, { id: conv.id }))!) };
    },

    /**
     * An admin records an opt-out (or opt-in) the contact asked for outside a keyword (a call, a letter), from
     * the conversation's thread. The state and its log line change together; no confirmation text is sent.
     */
    async setOptOut(user: AdminUser, documentId: string, body: { optedOut: boolean; note?: string }) {
      const { conv } = await visibleConversation(strapi, user, documentId);
      if (!conv.contact) throw new errors.NotFoundError('This conversation has no contact');
      const contact = conv.contact;
      const log = {
        contactPhone: contact.phoneNumber,
        source: 'admin' as const,
        detail: body.note?.trim() || null,
        numberPhone: conv.phoneNumber?.phoneNumber ?? null,
        office: conv.inboxOffice?.id ?? conv.phoneNumber?.office?.id ?? null,
        user: user.id,
      };
      const changed = await committed(strapi, () => (body.optedOut ? optOut(strapi, contact.id, log) : optIn(strapi, contact.id, log)));
      return { data: { contact: contact.phoneNumber, optedOut: body.optedOut, changed } };
    },

    /** Moves a conversation to another inbox of the same office: the office itself or one of its agents. */
    async reassign(user: AdminUser, documentId: string, target: ReassignBody) {
      const { conv } = await visibleConversation(strapi, user, documentId);
      const officeIds = [conv.phoneNumber?.office?.id, conv.inboxOffice?.id].filter((x): x is number => typeof x === 'number');
      let data: Record<string, unknown>;
      if (target.office) {
        const office = (await strapi.db.query(UID.office).findOne({ where: { documentId: target.office }, select: REF })) as Ref | null;
        if (!office) throw new errors.ValidationError('office: no such office');
        if (!officeIds.includes(office.id)) {
          throw new errors.ValidationError(`office: ${office.name} is not this conversation's office; reassign within the same office`);
        }
        data = { inboxOffice: office.id, inboxAgent: null };
      } else {
        const agent = (await strapi.db.query(UID.agent).findOne({
          where: { documentId: target.agent },
          select: REF,
          populate: { offices: { select: ['id'] } },
        })) as (Ref & { offices?: Array<{ id: number }> }) | null;
        if (!agent) throw new errors.ValidationError('agent: no such agent');
        if (!(agent.offices ?? []).some((o) => officeIds.includes(o.id))) {
          throw new errors.ValidationError(`agent: ${agent.name} is not an agent of this conversation's office`);
        }
        data = { inboxAgent: agent.id, inboxOffice: null };
      }
      await conversations(strapi).update({ where: { id: conv.id }, data: { ...data, handler: 'agent' }, select: ['id'] });
      return { data: conversationRow((await loadConversation(strapi, { id: conv.id }))!) };
    },

    /** The inboxes a conversation may be reassigned to: its office(s) and their agents. */
    async reassignOptions(user: AdminUser, documentId: string) {
      const { conv } = await visibleConversation(strapi, user, documentId);
      const officeIds = [...new Set([conv.phoneNumber?.office?.id, conv.inboxOffice?.id].filter((x): x is number => typeof x === 'number'))];
      if (!officeIds.length) return { data: { offices: [], agents: [] } };
      const [offices, agents] = await Promise.all([
        strapi.db.query(UID.office).findMany({ where: { id: { $in: officeIds } }, select: ['documentId', 'name'], orderBy: { name: 'asc' } }),
        strapi.db
          .query(UID.agent)
          .findMany({ where: { offices: { id: { $in: officeIds } } }, select: ['documentId', 'name'], orderBy: { name: 'asc' } }),
      ]);
      const names = (rows: Array<{ documentId: string; name: string }>) => rows.map(({ documentId: d, name }) => ({ documentId: d, name }));
      return { data: { offices: names(offices), agents: names(agents) } };
    },

    /** The numbers this user may start a 1:1 text from (rule 1): their offices' numbers; every number for super admins. */
    async fromOptions(user: AdminUser) {
      const viewer = await viewerOf(strapi, user);
      if (!viewer.superAdmin && !viewer.agent?.officeIds.length) return { data: [] };
      const rows = (await strapi.db.query(UID.number).findMany({
        where: viewer.superAdmin ? {} : { office: { id: { $in: viewer.agent!.officeIds } } },
        select: ['documentId', 'phoneNumber', 'name'],
        populate: { office: { select: ['documentId', 'name'] } },
        orderBy: { phoneNumber: 'asc' },
        limit: 500,
      })) as Array<{ documentId: string; phoneNumber: string; name: string; office: { documentId: string; name: string } | null }>;
      return { data: rows.map((r) => ({ documentId: r.documentId, phoneNumber: r.phoneNumber, name: r.name, office: r.office })) };
    },

    /** A new 1:1 text (rule 1: only agents of the number's office, and super admins, may start one). */
    async sendDirect(user: AdminUser, input: DirectBody) {
      const number = (await strapi.db.query(UID.number).findOne({
        where: { documentId: input.from },
        select: ['id', 'documentId', 'phoneNumber', 'name'],
        populate: { office: { select: REF } },
      })) as { id: number; phoneNumber: string; office: Ref | null } | null;
      if (!number) throw new errors.NotFoundError('from: phone number not found');
      const viewer = await viewerOf(strapi, user);
      if (!viewer.superAdmin && !(viewer.agent && number.office && viewer.agent.officeIds.includes(number.office.id))) {
        throw forbidden(
          `Only agents of ${number.office?.name ?? "the number's office"} may start a text from ${number.phoneNumber}`
        );
      }
      await assertNotOptedOut(strapi, input.to);
      const contact = await upsertContact(strapi, input.to);
      const inbox = viewer.agent ? { inboxAgent: { id: viewer.agent.id } } : { inboxOffice: { id: number.office?.id ?? -1 } };
      let conv = await loadConversation(strapi, {
        status: 'open',
        contact: { id: contact.id },
        phoneNumber: { id: number.id },
        campaign: { id: { $null: true } },
        ...inbox,
      });
      if (!conv) {
        const created = await conversations(strapi).create({
          data: {
            status: 'open',
            handler: 'agent',
            contact: contact.id,
            phoneNumber: number.id,
            ...(viewer.agent ? { inboxAgent: viewer.agent.id } : { inboxOffice: number.office?.id ?? null }),
            lastMessageAt: new Date(),
            publishedAt: new Date(),
          },
          select: ['id'],
        });
        conv = (await loadConversation(strapi, { id: created.id }))!;
      }
      const message = await sendInConversation(strapi, user, conv, input.text);
      return { data: { ...message, conversation: conversationRow(conv) } };
    },

    async applyDeliveryReport(report: DeliveryReport): Promise<ReportOutcome> {
      return applyReport(strapi, { messageUuid: report.MessageUUID, status: report.Status, errorCode: report.ErrorCode ?? null });
    },
  };
};
