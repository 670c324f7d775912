import { Button } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useRetryFailedMutation } from '../../api/reliability';
import { getTranslation } from '../../utils/getTranslation';

interface Props {
  campaign: { documentId: string; status?: string; progress?: { failed?: number } | null } | null;
  canManage: boolean;
}

/**
 * "Retry failed (3)": queues an active campaign's permanently failed texts again (the campaign's query is
 * invalidated, so its progress reloads). Hidden when there are none.
 */
export const RetryFailedButton = ({ campaign, canManage }: Props) => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const [retryFailed, { isLoading }] = useRetryFailedMutation();
  const failed = campaign?.progress?.failed ?? 0;
  if (!campaign || !canManage || campaign.status !== 'active' || failed === 0) return null;

  const onClick = async () => {
    const res = await retryFailed(campaign.documentId);
    if ('error' in res) {
      toggleNotification({ type: 'danger', message: formatAPIError(res.error as Parameters<typeof formatAPIError>[0]) });
      return;
    }
    toggleNotification({
      type: 'success',
      message: formatMessage(
        { id: getTranslation('reliability.retry.done'), defaultMessage: '{count, plural, one {# text is} other {# texts are}} queued again.' },
        { count: res.data.requeued }
      ),
    });
  };

  return (
    <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={onClick} loading={isLoading}>
      {formatMessage({ id: getTranslation('reliability.retry.button'), defaultMessage: 'Retry failed ({count})' }, { count: failed })}
    </Button>
  );
};
