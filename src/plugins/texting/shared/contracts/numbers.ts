import { z } from 'zod';
import type { CampaignStatus, Inboxes, Named, NumberStatus, NumberType, ResponseType } from './common';
import { RESPONSE_TYPES } from './common';
import type { AttentionReason } from './health';

/** The Phone Numbers page: list row, detail, history and the edit body (API.md "Phone numbers"). */

/** API.md's list row. */
export interface PhoneNumberRow {
  documentId: string;
  phoneNumber: string;
  name: string;
  description: string | null;
  agent: Named | null;
  office: Named | null;
  responseType: ResponseType;
  numberType: NumberType;
  status: NumberStatus;
  /** Why a number is flagged (a failed release, gone from Plivo); null otherwise. */
  statusReason: string | null;
  activeCampaign: Named | null;
  campaignArchiveAt: string | null;
  scheduledCampaignCount: number;
  inUse: boolean;
  /** Campaigns holding the number, when the server names them (the delete tooltip falls back to a fetch). */
  inUseBy?: Named[];
  /** The latest text received on the number (ISO; stored to the minute by routing). */
  lastInboundAt: string | null;
  /** Delivered ÷ outbound texts with an outcome over the last 7 days (0–1); null when none has one. */
  deliveryRate7d: number | null;
  /** Why the number needs attention (docs/API-ADDITIONS.md "Needs attention"); empty when it does not. */
  attention: AttentionReason[];
}

/** A campaign as a number's page lists it: one `status`, like every campaign answer. */
export interface CampaignSummary extends Named {
  status: CampaignStatus;
  sendAt: string | null;
  archiveAt: string | null;
}

/** Who answers unsolicited texts: the chatbot, or these inboxes. */
export interface Answering {
  responseType: ResponseType;
  inboxes: Inboxes;
}

/** Who answers a number now (rule 3). The server derives it; the admin only phrases it. */
export interface EffectiveBehaviour extends Answering {
  /** Whose settings apply now. */
  source: 'campaign' | 'number';
  campaign: (Named & { archiveAt: string | null }) | null;
  /** When the campaign's settings stop applying (its archive time), if they apply now. */
  until: string | null;
  /** What applies afterwards: the number's own settings (only when a campaign applies now). */
  then: Answering | null;
  /** The server's English sentence (logs, API clients); the admin phrases it in the user's language. */
  summary: string;
}

/** One number: its list row, its own unsolicited settings, who answers now, and what is scheduled on it. */
export interface PhoneNumberDetail extends PhoneNumberRow {
  monthlyRentalRate: number | null;
  activatedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  unsolicitedInboxes: Inboxes;
  effective: EffectiveBehaviour;
  scheduledCampaigns: CampaignSummary[];
}

export const HISTORY_ACTIONS = ['provisioned', 'edited', 'released', 'release_failed', 'activated'] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

/** One entry of a number's history (who provisioned, edited or released it). */
export interface HistoryEntry {
  id: number;
  action: HistoryAction;
  phoneNumber: string;
  user: { id: number; name: string } | null;
  /** Edits: `{ field: { from, to } }`; other events: plain facts such as `{ reason: "…" }`. */
  changes: Record<string, unknown> | null;
  createdAt: string | null;
}

/**
 * The list's sortable columns: API.md's nine (its order, the page's default columns), then the optional health
 * columns (issue 13) the user may add to the page.
 */
export const NUMBER_SORT_COLUMNS = [
  'phoneNumber',
  'name',
  'description',
  'agent',
  'office',
  'responseType',
  'activeCampaign',
  'campaignArchiveAt',
  'numberType',
  'lastInboundAt',
  'deliveryRate7d',
] as const;

/** The optional columns of the Phone Numbers page (shown when the user picks them; not in the CSV: API.md). */
export const NUMBER_OPTIONAL_COLUMNS = ['lastInboundAt', 'deliveryRate7d'] as const;

export const NUMBER_NAME_MAX = 120;
export const NUMBER_DESCRIPTION_MAX = 1000;

const numberDocumentId = z.string().trim().min(1, 'required').max(64);

/** The fields an admin sets on a number (provisioning and edit take the same ones). */
export const numberFields = {
  name: z.string().trim().min(1, 'a name is required').max(NUMBER_NAME_MAX),
  description: z.string().max(NUMBER_DESCRIPTION_MAX).nullable(),
  office: numberDocumentId,
  agent: numberDocumentId.nullable(),
  responseType: z.enum(RESPONSE_TYPES),
};

/** PUT /texting/phone-numbers/:documentId: what an admin may change on a number. */
export const numberUpdateBody = z
  .object({
    name: numberFields.name.optional(),
    description: numberFields.description.optional(),
    office: numberFields.office.optional(),
    agent: numberFields.agent.optional(),
    responseType: numberFields.responseType.optional(),
    unsolicitedInboxes: z
      .object({
        offices: z.array(numberDocumentId).max(50).default([]),
        agents: z.array(numberDocumentId).max(50).default([]),
      })
      .strict()
      .optional(),
  })
  .strict();
export type NumberUpdateBody = z.infer<typeof numberUpdateBody>;
/** What the edit form sends (every field). */
export type NumberInput = Required<z.input<typeof numberUpdateBody>>;
