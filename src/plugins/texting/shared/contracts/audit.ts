import type { Named } from './common';

/** The audit that outlives a number: released numbers with their history, and the opt-out log (issue 13). */

/** GET /texting/released-numbers: one row per release. */
export interface ReleasedNumber {
  /** The `released` history event. */
  id: number;
  phoneNumber: string;
  /** The number's name and office when it was released. */
  name: string | null;
  office: Named | null;
  releasedAt: string | null;
  releasedBy: { id: number; name: string } | null;
}

export const OPT_OUT_SOURCES = ['keyword', 'plivo_intent', 'import', 'admin'] as const;
export type OptOutSource = (typeof OPT_OUT_SOURCES)[number];

export const OPT_OUT_ACTIONS = ['opt_out', 'opt_in'] as const;
export type OptOutAction = (typeof OPT_OUT_ACTIONS)[number];

/** One change of a contact's opt-out state. */
export interface OptOutLogEntry {
  id: number;
  /** The contact's E.164. */
  contact: string;
  action: OptOutAction;
  source: OptOutSource;
  /** What the contact texted (keyword), Plivo's intent, or the admin's note. */
  detail: string | null;
  /** Our number the keyword reached (keyword / intent). */
  number: string | null;
  office: Named | null;
  user: { id: number; name: string } | null;
  createdAt: string | null;
}

/**
 * POST /texting/conversations/:documentId/opt-out (`conversation` is the path's documentId): an admin records an
 * opt-out or opt-in the contact asked for outside a keyword.
 */
export interface OptOutChangeBody {
  /** The conversation the admin acts from (its office is logged, and its visibility checked). */
  conversation: string;
  optedOut: boolean;
  note?: string;
}
