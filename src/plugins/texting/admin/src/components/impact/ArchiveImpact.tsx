import { Flex, Loader, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useGetCampaignImpactQuery } from '../../api/audit';
import { useErrorMessage } from '../../utils/errors';
import { getTranslation } from '../../utils/getTranslation';
import { nationalFormat } from '../../utils/phone';

/** The archive dialog's facts, read when it opens: how many texts will not go out, and the single-use number. */
export const ArchiveImpact = ({ documentId }: { documentId: string }) => {
  const { formatMessage } = useIntl();
  const errorMessage = useErrorMessage();
  const { data, error, isFetching } = useGetCampaignImpactQuery(documentId, { refetchOnMountOrArgChange: true });
  if (isFetching || (!data && !error)) {
    return <Loader small>{formatMessage({ id: getTranslation('impact.archive.loading'), defaultMessage: 'Counting unsent texts…' })}</Loader>;
  }
  if (error || !data) {
    return <Typography textColor="danger600">{errorMessage(error)}</Typography>;
  }
  return (
    <Flex direction="column" gap={2} data-testid="archive-impact">
      <Typography textAlign="center" fontWeight="bold" textColor={data.unsent ? 'danger600' : 'neutral800'}>
        {formatMessage(
          {
            id: getTranslation('impact.archive.unsent'),
            defaultMessage: '{count, plural, =0 {No text is waiting to be sent.} one {# text is not sent yet and will not go out.} other {# texts are not sent yet and will not go out.}}',
          },
          { count: data.unsent }
        )}
      </Typography>
      {data.sending ? (
        <Typography textAlign="center" variant="pi" textColor="neutral600">
          {formatMessage(
            {
              id: getTranslation('impact.archive.sending'),
              defaultMessage: '{count, plural, one {# text is} other {# texts are}} being handed to Plivo right now and may still go out.',
            },
            { count: data.sending }
          )}
        </Typography>
      ) : null}
      {data.singleUseNumber ? (
        <Typography textAlign="center" variant="pi" textColor="neutral600">
          {formatMessage(
            { id: getTranslation('impact.archive.singleUse'), defaultMessage: 'Its single-use number {number} is released at Plivo.' },
            { number: nationalFormat(data.singleUseNumber) }
          )}
        </Typography>
      ) : null}
    </Flex>
  );
};
