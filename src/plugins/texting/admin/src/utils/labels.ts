import type { CampaignStatus, NumberStatus, NumberType, ResponseType } from '../api/client';

export const RESPONSE_TYPE_LABEL: Record<ResponseType, string> = { bot: 'Bot', agent: 'Agent' };
export const NUMBER_TYPE_LABEL: Record<NumberType, string> = { reusable: 'Reusable', single_use: 'Single use' };
export const STATUS_LABEL: Record<NumberStatus, string> = {
  pending: 'Pending activation',
  active: 'Active',
  release_failed: 'Release failed',
};
export const CAMPAIGN_STATUS_LABEL: Record<CampaignStatus, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  active: 'Active',
  archived: 'Archived',
};
