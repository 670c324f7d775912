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
