import { z } from 'zod';
import { RECIPIENTS_PAGE_SIZE_MAX } from '../../../shared/contracts';
/** Inputs of the campaign routes (API.md): the schemas live in shared/contracts, where the admin's form uses them too. */
export {
  MAX_RECIPIENTS,
  campaignCreateBody as createBody,
  campaignUpdateBody as updateBody,
  campaignRecipientsBody as recipientsBody,
  CAMPAIGN_SORTABLE as SORTABLE,
  campaignListQuery as listQuery,
  campaignNumberOptionsQuery as numberOptionsQuery,
} from '../../../shared/contracts';
export type {
  CampaignCreateBody as CreateBody,
  CampaignUpdateBody as UpdateBody,
  CampaignRecipientsBody as RecipientsBody,
} from '../../../shared/contracts';
import type { CampaignListQuery } from '../../../shared/contracts';
/** `scope`: office ids of an office-limited user (guards/office-scope.ts), set by the controller; null/absent = all. */
export type ListQuery = CampaignListQuery & { scope?: number[] | null };


/** `GET /texting/campaigns/:documentId/recipients` (issue 11: the detail carries only the count). */
export const recipientsPageQuery = z
  .object({
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(RECIPIENTS_PAGE_SIZE_MAX).default(25),
    q: z.string().trim().max(160).optional(),
  })
  .strict();
export type RecipientsPageQuery = z.infer<typeof recipientsPageQuery>;
