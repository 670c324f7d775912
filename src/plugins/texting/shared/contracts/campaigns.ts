import { z } from 'zod';
import type { CampaignStatus, Inboxes, Named, NumberStatus, NumberType, ResponseType } from './common';
import { CAMPAIGN_STATUSES, documentIdSchema, RESPONSE_TYPES } from './common';
import { AREA_CODE_PATTERN, MESSAGE_MAX_LENGTH } from './limits';
import { formatBytes, IMPORT_FILE_MAX_BYTES } from './capacity';

/**
 * Campaigns (API.md "Campaigns"): the request schemas the server parses and the campaign form checks before
 * sending, and the rows both sides read. The server's `services/campaigns/schemas.ts` re-exports the schemas.
 */

const id = documentIdSchema;
const isoDate = z
  .string()
  .trim()
  .refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date-time such as 2026-12-12T17:00:00Z');

const recipient = z.union([
  z.string().max(40),
  z.object({ phoneNumber: z.string().max(40), name: z.string().max(120).nullable().optional() }).strict(),
]);

/** Up to this many recipients per campaign (a paste or a CSV). */
export const MAX_RECIPIENTS = 100_000;

const inboxes = z
  .object({ offices: z.array(id).max(100).default([]), agents: z.array(id).max(500).default([]) })
  .strict();

const fields = {
  name: z.string().trim().min(1, 'a name is required').max(160),
  office: id,
  phoneNumber: id.nullable(),
  singleUseAreaCode: z.string().trim().regex(AREA_CODE_PATTERN, 'a 3-digit area code whose first digit is 2–9, e.g. 415').nullable(),
  message: z.string().max(MESSAGE_MAX_LENGTH, `at most ${MESSAGE_MAX_LENGTH} characters (the footer included)`),
  sendAt: isoDate.nullable(),
  archiveAt: isoDate.nullable(),
  responseType: z.enum(RESPONSE_TYPES),
  inboxes,
  recipients: z.array(recipient).max(MAX_RECIPIENTS),
};

/** Every field of a campaign, each optional: an edit sends only what changes. */
const editable = z
  .object({
    name: fields.name.optional(),
    office: fields.office.optional(),
    phoneNumber: fields.phoneNumber.optional(),
    singleUseAreaCode: fields.singleUseAreaCode.optional(),
    message: fields.message.optional(),
    sendAt: fields.sendAt.optional(),
    archiveAt: fields.archiveAt.optional(),
    responseType: fields.responseType.optional(),
    inboxes: inboxes.optional(),
    recipients: fields.recipients.optional(),
  })
  .strict();

/** A campaign takes a reusable number or a new single-use one, not both. */
const oneNumberChoice = (b: { phoneNumber?: string | null; singleUseAreaCode?: string | null }, ctx: z.RefinementCtx) => {
  if (b.phoneNumber && b.singleUseAreaCode) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'give either phoneNumber (a reusable number of the office) or singleUseAreaCode (a new single-use number), not both',
      path: ['phoneNumber'],
    });
  }
};

export const campaignCreateBody = editable
  .extend({ name: fields.name, office: fields.office, responseType: fields.responseType.default('bot') })
  .strict()
  .superRefine(oneNumberChoice);

export const campaignUpdateBody = editable.superRefine(oneNumberChoice);

export const campaignRecipientsBody = z
  .object({
    csv: z.string().max(IMPORT_FILE_MAX_BYTES, `at most ${formatBytes(IMPORT_FILE_MAX_BYTES)} of CSV`).optional(),
    recipients: fields.recipients.optional(),
    /** `append` (default) adds to the list; `replace` starts it over. */
    mode: z.enum(['append', 'replace']).default('append'),
  })
  .strict()
  .refine((b) => (b.csv === undefined) !== (b.recipients === undefined), {
    message: 'give either csv (the text of a CSV file) or recipients (a list), exactly one',
    path: ['csv'],
  });

export const CAMPAIGN_SORTABLE = ['name', 'status', 'sendAt', 'archiveAt', 'createdAt', 'updatedAt'] as const;

export const campaignListQuery = z
  .object({
    q: z.string().trim().max(160).optional(),
    office: id.optional(),
    phoneNumber: id.optional(),
    status: z.enum(CAMPAIGN_STATUSES).optional(),
    sort: z
      .string()
      .regex(
        new RegExp(`^(${CAMPAIGN_SORTABLE.join('|')}):(asc|desc)$`),
        `must be <column>:<asc|desc> with column one of ${CAMPAIGN_SORTABLE.join(', ')}`
      )
      .default('createdAt:desc'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

export const campaignNumberOptionsQuery = z.object({ office: id }).strict();

export type CampaignCreateBody = z.infer<typeof campaignCreateBody>;
export type CampaignUpdateBody = z.infer<typeof campaignUpdateBody>;
export type CampaignRecipientsBody = z.infer<typeof campaignRecipientsBody>;
export type CampaignListQuery = z.infer<typeof campaignListQuery>;
/** What the campaign form sends (create or edit). */
export type CampaignInput = z.input<typeof campaignUpdateBody>;
/** The list's query as the admin builds it (the server fills in defaults). */
export type CampaignListParams = Partial<z.input<typeof campaignListQuery>>;

/** A campaign's sending, from its outbox and delivery reports. */
export interface CampaignProgress {
  total: number;
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  skipped: number;
  optedOut: number;
  delivered: number;
  undelivered: number;
  /** Not sent (failed) plus sent but not delivered (a delivery report said failed/undelivered). */
  failedTotal: number;
  remaining: number;
}

/** One campaign recipient as stored in `campaign.recipients`. */
export interface CampaignRecipient {
  phoneNumber: string;
  name?: string;
}

export interface CampaignRow {
  documentId: string;
  name: string;
  status: CampaignStatus;
  office: Named | null;
  phoneNumber: { documentId: string; phoneNumber: string; name: string; numberType: NumberType; status: NumberStatus } | null;
  /** The number the campaign sends from, kept after a single-use number is released. */
  fromNumber: string | null;
  singleUseAreaCode: string | null;
  sendAt: string | null;
  archiveAt: string | null;
  activatedAt: string | null;
  archivedAt: string | null;
  responseType: ResponseType;
  inboxes: Inboxes;
  message: string | null;
  recipientCount: number;
  progress: CampaignProgress;
}

export interface CampaignDetail extends CampaignRow {
  /** No recipients here (up to 100,000): `recipientCount` says how many; `GET …/recipients` pages them. */
  /** Why an active campaign is not sending right now (quiet hours, a pending number…), else null. */
  hold: string | null;
  numberReleasedAt: string | null;
  releaseError: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

/** A reusable number the campaign form offers for an office. */
export interface CampaignNumberOption {
  documentId: string;
  phoneNumber: string;
  name: string;
  status: 'pending' | 'active';
  pending: boolean;
  note: string | null;
  /** Scheduled or active campaigns already on the number, so the form can avoid an overlap. */
  campaigns: Array<Named & { status: 'scheduled' | 'active'; sendAt: string | null; archiveAt: string | null }>;
}

/** What a paste or CSV import did, line by line. */
export interface RecipientImportReport {
  /** Lines that held a recipient (blank lines and a header row are not counted). */
  received: number;
  /** New recipients added to the list. */
  accepted: number;
  /** Repeats of a number already in the list or earlier in the same import, collapsed into one. */
  duplicates: number;
  invalid: Array<{ line: number; value: string; reason: string }>;
  /** Valid numbers of contacts who opted out: excluded from the list. */
  optedOut: Array<{ line: number; phoneNumber: string }>;
  /** The list's size afterwards. */
  total: number;
}

/** The answer of every campaign write: the campaign, and what the write did besides. */
export interface CampaignAnswer {
  data: CampaignDetail;
  meta?: {
    import?: RecipientImportReport | null;
    singleUseNumber?: string | null;
    released?: string | null;
    releaseFailed?: { phoneNumber: string; reason: string } | null;
  };
}
