import { z } from 'zod';
import { formatBytes, IMPORT_FILE_MAX_BYTES, RECIPIENTS_PAGE_SIZE_MAX } from '../../../shared/contracts';
import { id } from './common';

/** Inputs of the campaign routes (API.md), parsed by the controller with `parse()`. */

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
  singleUseAreaCode: z.string().trim().regex(/^[2-9]\d{2}$/, 'a 3-digit area code whose first digit is 2–9, e.g. 415').nullable(),
  message: z.string().max(1600, 'at most 1600 characters (the footer included)'),
  sendAt: isoDate.nullable(),
  archiveAt: isoDate.nullable(),
  responseType: z.enum(['bot', 'agent']),
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

export const createBody = editable
  .extend({ name: fields.name, office: fields.office, responseType: fields.responseType.default('bot') })
  .strict()
  .superRefine(oneNumberChoice);

export const updateBody = editable.superRefine(oneNumberChoice);

export const recipientsBody = z
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

export const SORTABLE = ['name', 'status', 'sendAt', 'archiveAt', 'createdAt', 'updatedAt'] as const;

export const listQuery = z
  .object({
    q: z.string().trim().max(160).optional(),
    office: id.optional(),
    phoneNumber: id.optional(),
    status: z.enum(['draft', 'scheduled', 'active', 'archived']).optional(),
    sort: z
      .string()
      .regex(new RegExp(`^(${SORTABLE.join('|')}):(asc|desc)$`), `must be <column>:<asc|desc> with column one of ${SORTABLE.join(', ')}`)
      .default('createdAt:desc'),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

export const numberOptionsQuery = z.object({ office: id }).strict();


export type CreateBody = z.infer<typeof createBody>;
export type UpdateBody = z.infer<typeof updateBody>;
export type RecipientsBody = z.infer<typeof recipientsBody>;
/** `scope`: office ids of an office-limited user (guards/office-scope.ts), set by the controller; null/absent = all. */
export type ListQuery = z.infer<typeof listQuery> & { scope?: number[] | null };

/** `GET /texting/campaigns/:documentId/recipients` (issue 11: the detail carries only the count). */
export const recipientsPageQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(RECIPIENTS_PAGE_SIZE_MAX).default(25),
    q: z.string().trim().max(160).optional(),
  })
  .strict();
export type RecipientsPageQuery = z.infer<typeof recipientsPageQuery>;
