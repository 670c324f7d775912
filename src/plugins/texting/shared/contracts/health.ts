/**
 * Number health (issue 13): what a number's page shows over 7 and 30 days, the list's optional columns and its
 * "Needs attention" filter. The server computes all of it in SQL (services/numbers/health.ts, query.ts).
 */

/** The windows the number's page shows, in days. */
export const HEALTH_WINDOWS = [7, 30] as const;
export type HealthWindowDays = (typeof HEALTH_WINDOWS)[number];

/**
 * "Needs attention": a failed release, a number Plivo no longer has, a number pending for more than
 * `pendingDays`, or a delivery rate below `minDeliveryRate` over the last `windowDays` with at least
 * `minTexts` outbound texts whose outcome is known (delivered, undelivered or failed).
 */
export const ATTENTION = { pendingDays: 10, windowDays: 7, minDeliveryRate: 0.9, minTexts: 20 } as const;

export const ATTENTION_REASONS = ['release_failed', 'missing_at_plivo', 'pending_too_long', 'low_delivery_rate'] as const;
export type AttentionReason = (typeof ATTENTION_REASONS)[number];

/** Outbound statuses that end a text's story: the delivery rate is delivered ÷ these. */
export const FINAL_OUTBOUND_STATUSES = ['delivered', 'undelivered', 'failed'] as const;

export interface FailureByCode {
  /** Plivo's ErrorCode from the delivery report; null when the text failed without one (e.g. refused at send). */
  code: string | null;
  count: number;
}

export interface HealthWindow {
  days: HealthWindowDays;
  /** Texts received on the number. */
  inbound: number;
  /** Texts sent from the number (campaign texts, replies, 1:1 texts), whatever their status. */
  outbound: number;
  delivered: number;
  /** Undelivered or failed. */
  failed: number;
  /** delivered ÷ (delivered + failed), from 0 to 1; null when no outbound text has an outcome yet. */
  deliveryRate: number | null;
  /** Undelivered and failed texts by error code, most frequent first. */
  failuresByCode: FailureByCode[];
  /** Distinct contacts who sent an opt-out keyword (STOP…, or Plivo's optout intent) to the number. */
  optOuts: number;
}

/** `GET /texting/phone-numbers/:documentId/health`. */
export interface NumberHealth {
  /** The latest text received on the number (ever), ISO. */
  lastInboundAt: string | null;
  windows: HealthWindow[];
  /** Why the number needs attention now (empty: it does not). */
  attention: AttentionReason[];
  /** When these figures were computed (ISO): the windows end here. */
  asOf: string;
}

/** The `statusReason` provider sync sets on a number Plivo no longer has (and clears when it is back). */
export const MISSING_AT_PLIVO_REASON = 'Not on the Plivo account any more (released outside the app?)';
