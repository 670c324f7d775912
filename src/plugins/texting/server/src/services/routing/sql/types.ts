import type { NumberForRouting, Ref } from '../effective';

/** An open conversation as routing reads it (kind `c` of the snapshot). */
export interface ConvRow {
  id: number;
  documentId: string;
  handler: 'bot' | 'agent';
  status: 'open' | 'closed';
  campaign: { id: number } | null;
  inboxOffice: Ref | null;
  inboxAgent: Ref | null;
}

/** The texting contact, read after the batch took its lock (`lockContacts`). */
export interface ContactLocked {
  id: number;
  documentId: string;
  phoneNumber: string;
  name: string | null;
  optedOut: boolean;
}

/** Everything routing reads about one text: the number, its live campaigns, the contact and its open conversations. */
export interface Snapshot {
  number: NumberForRouting;
  liveCampaignIds: number[];
  contact: ContactLocked;
  open: ConvRow[];
}

/** What the batch's read says of one text: its snapshot, a stored duplicate, not our number (null), or "read it alone" (undefined: a new contact). */
export type BatchSnapshot = Snapshot | 'duplicate' | null | undefined;

export interface MessageInsert {
  direction: 'inbound' | 'outbound';
  status: string;
  body: string;
  messageUuid: string | null;
  fromNumber: string;
  toNumber: string;
  intent?: string | null;
  units?: number | null;
  routedTo?: unknown;
  routingReason?: string | null;
  inReplyTo?: string | null;
  phoneNumberId: number | null;
  contactId: number | null;
  campaignId: number | null;
  conversationId: number | null;
  threadIds: number[];
  /** Conversations whose last message this becomes (updated in the same statement on PostgreSQL). */
  touch?: { ids: number[]; preview: string };
}

/** A new conversation's relations (ids), each written as a link row when set. */
export interface ConversationInsert {
  contactId: number;
  numberId: number;
  campaignId: number | null;
  handler: 'bot' | 'agent';
  inboxOfficeId: number | null;
  inboxAgentId: number | null;
}
