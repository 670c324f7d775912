import { Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { CampaignDetail } from '../../../../shared/contracts';
import { Card } from '../../components/Card';
import { getTranslation } from '../../utils/getTranslation';

const Stat = ({ name, label, value }: { name: string; label: string; value: number }) => {
  const { formatNumber } = useIntl();
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} data-stat={name}>
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      <Typography variant="beta">{formatNumber(value)}</Typography>
    </Flex>
  );
};

/** A running or finished campaign's sending, in numbers. */
export const ProgressCard = ({ campaign }: { campaign: CampaignDetail }) => {
  const { formatMessage } = useIntl();
  const p = campaign.progress;
  return (
    <Card title={formatMessage({ id: getTranslation('campaigns.progress.title'), defaultMessage: 'Progress' })}>
      <Flex gap={8} wrap="wrap">
        <Stat name="recipients" label={formatMessage({ id: getTranslation('campaigns.progress.recipients'), defaultMessage: 'Recipients' })} value={p.total || campaign.recipientCount} />
        <Stat name="queued" label={formatMessage({ id: getTranslation('campaigns.progress.queued'), defaultMessage: 'Queued' })} value={p.queued + p.sending} />
        <Stat name="sent" label={formatMessage({ id: getTranslation('campaigns.progress.sent'), defaultMessage: 'Sent' })} value={p.sent} />
        <Stat name="delivered" label={formatMessage({ id: getTranslation('campaigns.progress.delivered'), defaultMessage: 'Delivered' })} value={p.delivered} />
        <Stat name="failed" label={formatMessage({ id: getTranslation('campaigns.progress.failed'), defaultMessage: 'Failed' })} value={p.failedTotal} />
        <Stat name="opted out" label={formatMessage({ id: getTranslation('campaigns.progress.optedOut'), defaultMessage: 'Opted out' })} value={p.optedOut} />
        <Stat name="remaining" label={formatMessage({ id: getTranslation('campaigns.progress.remaining'), defaultMessage: 'Remaining' })} value={p.remaining} />
      </Flex>
    </Card>
  );
};
