import { z } from 'zod';

/** Types and schemas every concern uses: a named reference, the enumerations, paging. */

/** A reference to another record as every answer carries it: its documentId and display name. */
export interface Named {
  documentId: string;
  name: string;
}

export const RESPONSE_TYPES = ['bot', 'agent'] as const;
export type ResponseType = (typeof RESPONSE_TYPES)[number];

export const NUMBER_TYPES = ['reusable', 'single_use'] as const;
export type NumberType = (typeof NUMBER_TYPES)[number];

/** A number's state at the provider (stored as `providerStatus`, answered as `status`). */
export const NUMBER_STATUSES = ['pending', 'active', 'release_failed'] as const;
export type NumberStatus = (typeof NUMBER_STATUSES)[number];

/** A campaign's state (stored as `state`, answered as `status`: API.md). */
export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'active', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Offices and agents that receive texts. */
export interface Inboxes {
  offices: Named[];
  agents: Named[];
}

/** Inboxes as a request names them: documentIds. */
export interface InboxIds {
  offices: string[];
  agents: string[];
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export interface Paginated<T> {
  data: T[];
  meta: { pagination: Pagination };
}

/** A documentId in a request (body, path or query). */
export const documentIdSchema = z.string().trim().min(1, 'an id is required');
