import { Badge, Box, EmptyStateLayout, Td, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { PhoneNumberRow } from '../../../shared/contracts';
import { useGetScheduledCampaignsQuery } from '../api/numbers';
import { useErrorMessage } from '../utils/errors';
import { getTranslation } from '../utils/getTranslation';
import { CAMPAIGN_STATUS_LABEL, useLabel } from '../utils/labels';
import { nationalFormat } from '../utils/phone';
import { InfoModal } from './InfoModal';
import { LoadingBlock } from './LoadingBlock';
import { SimpleTable } from './SimpleTable';

/** Lists the number's scheduled campaigns with their send and archive dates (the seed's "Schedule send"). */
export const ScheduleSendModal = ({ row, onClose }: { row: PhoneNumberRow | null; onClose: () => void }) => {
  const { data, error, isLoading } = useGetScheduledCampaignsQuery(row?.documentId ?? '', { skip: row === null });
  const { formatMessage, formatDate } = useIntl();
  const errorMessage = useErrorMessage();
  const label = useLabel();
  const when = (v: string | null) => (v ? formatDate(v, { dateStyle: 'medium', timeStyle: 'short' }) : '—');

  return (
    <InfoModal
      open={row !== null}
      onClose={onClose}
      title={formatMessage(
        { id: getTranslation('scheduleSend.title'), defaultMessage: 'Scheduled campaigns · {number}' },
        { number: row ? nationalFormat(row.phoneNumber) : '' }
      )}
    >
      {isLoading ? (
        <LoadingBlock>{formatMessage({ id: getTranslation('scheduleSend.loading'), defaultMessage: 'Loading scheduled campaigns' })}</LoadingBlock>
      ) : error ? (
        <Typography textColor="danger600">{errorMessage(error)}</Typography>
      ) : !data?.length ? (
        <EmptyStateLayout
          content={formatMessage({ id: getTranslation('scheduled.none'), defaultMessage: 'No campaigns are scheduled on this number.' })}
        />
      ) : (
        <Box>
          <Typography variant="pi" textColor="neutral600" tag="p">
            {formatMessage(
              {
                id: getTranslation('scheduleSend.summary'),
                defaultMessage:
                  '{name}: {count, plural, one {one campaign is} other {# campaigns are}} scheduled to send from this number.',
              },
              { name: row?.name ?? '', count: data.length }
            )}
          </Typography>
          <Box paddingTop={4}>
            <SimpleTable
              rowCount={data.length}
              headers={[
                formatMessage({ id: getTranslation('scheduleSend.column.campaign'), defaultMessage: 'Campaign' }),
                formatMessage({ id: getTranslation('scheduleSend.column.status'), defaultMessage: 'Status' }),
                formatMessage({ id: getTranslation('scheduleSend.column.sendAt'), defaultMessage: 'Send date' }),
                formatMessage({ id: getTranslation('scheduleSend.column.archiveAt'), defaultMessage: 'Archive date' }),
              ]}
            >
              {data.map((c) => (
                <Tr key={c.documentId}>
                  <Td><Typography fontWeight="bold">{c.name}</Typography></Td>
                  <Td><Badge>{label(CAMPAIGN_STATUS_LABEL, c.status)}</Badge></Td>
                  <Td><Typography>{when(c.sendAt)}</Typography></Td>
                  <Td><Typography>{when(c.archiveAt)}</Typography></Td>
                </Tr>
              ))}
            </SimpleTable>
          </Box>
        </Box>
      )}
    </InfoModal>
  );
};
