/**
 * Sending health: `GET /texting/dispatch-status` and the campaign detail's `dispatch`, and "Retry failed"
 * (`POST /texting/campaigns/:documentId/retry-failed`).
 */
export type PauseKind = 'account' | 'outage';

export interface DispatchStatus {
  /** True while all sending waits (an account error, or the circuit breaker after repeated failures). */
  paused: boolean;
  kind: PauseKind | null;
  /** What Plivo answered: "503 Service Unavailable", "401 Unauthorized: Plivo rejected the credentials; …". */
  reason: string | null;
  /** ISO time the pause began. */
  since: string | null;
}

export interface RetryFailedResult {
  requeued: number;
}
