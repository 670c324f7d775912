import type { CampaignStatus, Inboxes, Named } from './common';

/** What a destructive action would do to what depends on it, shown before the admin confirms (issue 13). */

/**
 * What becomes of one campaign on the number:
 * - `blocks`: scheduled or active; the action is refused until the campaign is archived (rule 5);
 * - `loses_number`: a draft; it stays, without a number (choose another one before scheduling it);
 * - `stays_in_old_office`: a draft, when the number moves; it stays with the old office and cannot be
 *   scheduled on this number any more (rule 2).
 */
export type CampaignEffect = 'blocks' | 'loses_number' | 'stays_in_old_office';

export interface ImpactCampaign extends Named {
  status: CampaignStatus;
  effect: CampaignEffect;
}

/** GET /texting/phone-numbers/:documentId/impact[?office=<documentId>] */
export interface NumberImpact {
  documentId: string;
  phoneNumber: string;
  office: Named | null;
  /** Draft, scheduled and active campaigns on the number, with what becomes of each. */
  campaigns: ImpactCampaign[];
  /** Open conversations on the number: they stay readable; replies from this number stop after a release. */
  openConversations: number;
  /** The number's own inboxes (who gets unsolicited texts). */
  inboxes: Inboxes;
  /** With `?office=`: the move to that office. `inboxesOutside`: inboxes that are not of the new office. */
  move: { to: Named; blocked: boolean; inboxesOutside: Inboxes } | null;
  /** True when a campaign blocks the action (delete, or the move when asked). */
  blocked: boolean;
}

/** GET /texting/campaigns/:documentId/impact: what archiving the campaign stops. */
export interface CampaignArchiveImpact {
  documentId: string;
  status: CampaignStatus;
  /** Texts that will not go out: queued ones, or every recipient of a campaign that has not started. */
  unsent: number;
  /** Texts being handed to Plivo right now: they may still go out. */
  sending: number;
  /** The campaign's single-use number, released at Plivo on archive. */
  singleUseNumber: string | null;
}
