import { Badge } from '@strapi/design-system';
import type { CampaignStatus } from '../../../../shared/contracts';
import { CAMPAIGN_STATUS_LABEL, useLabel } from '../../utils/labels';

const STATUS_BADGE: Record<CampaignStatus, { background: string; textColor: string }> = {
  draft: { background: 'neutral150', textColor: 'neutral700' },
  scheduled: { background: 'secondary100', textColor: 'secondary700' },
  active: { background: 'success100', textColor: 'success700' },
  archived: { background: 'neutral100', textColor: 'neutral600' },
};

/** A campaign's status, coloured as on the list and the campaign's page. */
export const CampaignStatusBadge = ({ status }: { status: CampaignStatus }) => {
  const label = useLabel();
  return (
    <Badge {...STATUS_BADGE[status]} data-status={status}>
      {label(CAMPAIGN_STATUS_LABEL, status)}
    </Badge>
  );
};
