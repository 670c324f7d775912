import type { Core } from '@strapi/strapi';
import { getService } from '../../utils/get-service';

/** Rows and writes shared by the webhook, the inbox and 1:1 sends. All go through the query engine. */
export const UID = {
  message: 'plugin::texting.message',
  conversation: 'plugin::texting.conversation',
  contact: 'plugin::texting.contact',
  number: 'plugin::texting.phone-number',
  campaign: 'plugin::texting.campaign',
  agent: 'plugin::texting.agent',
  office: 'plugin::texting.office',
  report: 'plugin::texting.delivery-report',
} as const;


export interface ContactRow {
  id: number;
  documentId: string;
  phoneNumber: string;
  name: string | null;
  optedOut: boolean | null;
}

export const provider = (strapi: Core.Strapi) => getService(strapi, 'provider');

const CONTACT_FIELDS = ['id', 'documentId', 'phoneNumber', 'name', 'optedOut'];

/**
 * The contact for a number, created on first contact. Two first texts at once both try to create it;
 * the loser's unique violation is answered by reading the winner's row.
 */
export async function upsertContact(strapi: Core.Strapi, e164: string): Promise<ContactRow> {
  const q = strapi.db.query(UID.contact);
  const found = (await q.findOne({ where: { phoneNumber: e164 }, select: CONTACT_FIELDS })) as ContactRow | null;
  if (found) return found;
  try {
    return (await q.create({ data: { phoneNumber: e164, optedOut: false, publishedAt: new Date() }, select: CONTACT_FIELDS })) as ContactRow;
  } catch (error) {
    const again = (await q.findOne({ where: { phoneNumber: e164 }, select: CONTACT_FIELDS })) as ContactRow | null;
    if (again) return again;
    throw error;
  }
}

export const preview = (text: string) => (text.length > 160 ? `${text.slice(0, 159)}…` : text);

export interface OutboundInput {
  body: string;
  from: string;
  to: string;
  phoneNumberId: number | null;
  contactId: number | null;
  conversationId?: number | null;
  threadIds?: number[];
  campaignId?: number | null;
  sentById?: number | null;
  inReplyTo?: string | null;
}

/** Stores an outbound text as `queued` before it is handed to Plivo, so a crash never loses what was meant. */
export async function recordOutbound(strapi: Core.Strapi, outbound: OutboundInput): Promise<{ id: number; documentId: string }> {
  return (await strapi.db.query(UID.message).create({
    data: {
      direction: 'outbound',
      status: 'queued',
      body: outbound.body,
      fromNumber: outbound.from,
      toNumber: outbound.to,
      phoneNumber: outbound.phoneNumberId,
      contact: outbound.contactId,
      conversation: outbound.conversationId ?? null,
      threads: outbound.threadIds?.length ? outbound.threadIds : undefined,
      campaign: outbound.campaignId ?? null,
      sentBy: outbound.sentById ?? null,
      inReplyTo: outbound.inReplyTo ?? null,
      publishedAt: new Date(),
    },
    select: ['id', 'documentId'],
  })) as { id: number; documentId: string };
}
