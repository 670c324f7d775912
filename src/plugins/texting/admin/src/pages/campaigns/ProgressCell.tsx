import { Flex, ProgressBar, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { CampaignRow } from '../../../../shared/contracts';
import { getTranslation } from '../../utils/getTranslation';

/** "1,204 / 2,000 sent · 1,100 delivered": what a list row can say about a campaign's sending. */
export const ProgressCell = ({ row }: { row: CampaignRow }) => {
  const { formatMessage } = useIntl();
  const p = row.progress;
  if (row.status === 'draft' || row.status === 'scheduled' || p.total === 0) {
    return (
      <Typography textColor="neutral800">
        {formatMessage(
          { id: getTranslation('campaigns.recipientCount'), defaultMessage: '{count, plural, one {# recipient} other {# recipients}}' },
          { count: row.recipientCount }
        )}
      </Typography>
    );
  }
  const done = p.sent + p.failed + p.skipped;
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} minWidth="12rem">
      <ProgressBar
        value={Math.round((done / Math.max(1, p.total)) * 100)}
        size="S"
        aria-label={formatMessage({ id: getTranslation('campaigns.progress.done'), defaultMessage: '{done, number} of {total, number} done' }, { done, total: p.total })}
      />
      <Typography variant="pi" textColor="neutral600">
        {formatMessage(
          {
            id: getTranslation('campaigns.progress.summary'),
            defaultMessage: '{sent, number} / {total, number} sent · {delivered, number} delivered{failed, plural, =0 {} other { · # failed}}',
          },
          { sent: p.sent, total: p.total, delivered: p.delivered, failed: p.failedTotal }
        )}
      </Typography>
    </Flex>
  );
};
