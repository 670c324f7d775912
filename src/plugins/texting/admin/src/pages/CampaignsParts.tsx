import { Badge, Flex, ProgressBar, Typography } from '@strapi/design-system';
import * as React from 'react';
import { useIntl } from 'react-intl';
import type { CampaignRow, CampaignStatus } from '../api/client';
import { CAMPAIGN_STATUS_LABEL } from '../utils/labels';

/** Pieces shared by the Campaigns list and edit pages. */

const STATUS_BADGE: Record<CampaignStatus, { background: string; textColor: string }> = {
  draft: { background: 'neutral150', textColor: 'neutral700' },
  scheduled: { background: 'secondary100', textColor: 'secondary700' },
  active: { background: 'success100', textColor: 'success700' },
  archived: { background: 'neutral100', textColor: 'neutral600' },
};

export const CampaignStatusBadge = ({ status }: { status: CampaignStatus }) => (
  <Badge {...STATUS_BADGE[status]} data-status={status}>
    {CAMPAIGN_STATUS_LABEL[status] ?? status}
  </Badge>
);

export const Cell = ({ children, title }: { children: React.ReactNode; title?: string }) => (
  <Typography textColor="neutral800" title={title}>
    {children ?? '-'}
  </Typography>
);

/** "1,204 / 2,000 sent · 1,100 delivered": what a list row can say about a campaign's sending. */
export const ProgressCell = ({ row }: { row: CampaignRow }) => {
  const { formatNumber } = useIntl();
  const p = row.progress;
  if (row.status === 'draft' || row.status === 'scheduled' || p.total === 0) {
    return <Cell>{`${formatNumber(row.recipientCount)} ${row.recipientCount === 1 ? 'recipient' : 'recipients'}`}</Cell>;
  }
  const done = p.sent + p.failed + p.skipped;
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} minWidth="12rem">
      <ProgressBar value={Math.round((done / Math.max(1, p.total)) * 100)} size="S" aria-label={`${done} of ${p.total} done`} />
      <Typography variant="pi" textColor="neutral600">
        {`${formatNumber(p.sent)} / ${formatNumber(p.total)} sent · ${formatNumber(p.delivered)} delivered${p.failedTotal ? ` · ${formatNumber(p.failedTotal)} failed` : ''}`}
      </Typography>
    </Flex>
  );
};

