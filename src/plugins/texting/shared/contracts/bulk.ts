import { z } from 'zod';
import { numberFields } from './numbers';

/** Bulk actions on the Phone Numbers list: one request, each row judged on its own (issue 13). */

export const BULK_ACTIONS = ['reassign', 'answering', 'release'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** The most rows one bulk request may touch (documentIds, or the rows a filter matches). */
export const BULK_MAX = 1000;

const id = z.string().trim().min(1, 'an id is required').max(64);

/** `reassign`: a new office and/or agent (null removes the agent). */
export const bulkReassignData = z
  .object({ office: id.optional(), agent: id.nullable().optional() })
  .strict()
  .refine((d) => d.office !== undefined || d.agent !== undefined, { message: 'give an office or an agent (or both)' });

/** `answering`: who answers unsolicited texts. */
export const bulkAnsweringData = z
  .object({
    responseType: numberFields.responseType,
    unsolicitedInboxes: z
      .object({ offices: z.array(id).max(50).default([]), agents: z.array(id).max(50).default([]) })
      .strict()
      .default({ offices: [], agents: [] }),
  })
  .strict();

export type BulkReassignData = z.infer<typeof bulkReassignData>;
export type BulkAnsweringData = z.infer<typeof bulkAnsweringData>;

/** The list's filters and search, as the list's query names them. */
export interface BulkFilter {
  q?: string;
  office?: string[];
  agent?: string[];
  responseType?: 'bot' | 'agent';
  numberType?: 'reusable' | 'single_use';
}

/** POST /texting/phone-numbers/bulk */
export interface BulkRequest {
  action: BulkAction;
  /** Either the selected rows… */
  documentIds?: string[];
  /** …or every row the list's current filters and search match ("all N matching"). */
  filter?: BulkFilter;
  data?: BulkReassignData | BulkAnsweringData;
}

export interface BulkRowResult {
  documentId: string;
  phoneNumber: string | null;
  status: 'done' | 'refused';
  /** Why the row was refused: the message a single edit or release would have answered. */
  reason?: string;
  /** The HTTP status a single request would have answered (404, 409, 502…). */
  code?: number;
}

export interface BulkResult {
  action: BulkAction;
  total: number;
  done: number;
  refused: number;
  results: BulkRowResult[];
}
