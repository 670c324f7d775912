import type { Named } from './common';

/** The inbox (API-ADDITIONS.md "Inbox"): conversations, their texts, replies and test routing. */

export type ConversationStatus = 'open' | 'closed';
/** The list's status filter: one state, or both. */
export type ConversationStatusFilter = ConversationStatus | 'all';

export interface ConversationRow {
  documentId: string;
  status: ConversationStatus;
  handler: 'bot' | 'agent';
  contact: { documentId: string; phoneNumber: string; name: string | null; optedOut: boolean } | null;
  phoneNumber: { documentId: string; phoneNumber: string; name: string; office: Named | null } | null;
  campaign: Named | null;
  inbox: (Named & { type: 'office' | 'agent' }) | null;
  lastMessageAt: string | null;
  lastMessagePreview: string | null;
  closedAt: string | null;
}

export interface ThreadMessage {
  documentId: string;
  direction: 'inbound' | 'outbound';
  body: string;
  status: string;
  errorCode: string | null;
  failureReason: string | null;
  createdAt: string;
  routingReason: string | null;
  automatic: boolean;
  sentBy: { id: number; name: string } | null;
}

export type Thread = ConversationRow & { messages: ThreadMessage[] };

export interface ConversationListParams {
  status: ConversationStatusFilter;
  q?: string;
  pageSize?: number;
}

/** Offices and agents a conversation may be handed to. */
export interface ReassignOptions {
  offices: Named[];
  agents: Named[];
}

/** A number the user may start a 1:1 text from. */
export interface FromOption {
  documentId: string;
  phoneNumber: string;
  name: string;
  office: Named | null;
}

export interface NewTextBody {
  from: string;
  to: string;
  text: string;
}

/** One place an inbound text was routed to: an inbox (and the conversation it opened or joined), or the bot. */
export interface RoutedTo {
  inbox: 'office' | 'agent' | 'bot' | null;
  documentId?: string;
  name?: string;
  conversation?: string;
}

/**
 * Where a text to the number would land now (POST /phone-numbers/:documentId/test-inbound): a dry run of the
 * webhook's routing that stores nothing and sends nothing. `routedTo` names the inboxes (or the bot);
 * `replies` are the automatic replies it would get (bot answer, HELP, hand-off, STOP/START confirmations).
 */
export interface TestRoutingResult {
  dryRun: true;
  from: string;
  routedTo: RoutedTo[];
  reason: string;
  replies: Array<{ kind: 'optout' | 'optin' | 'help' | 'bot' | 'handoff'; body: string }>;
}
