import { Box, Flex, Pagination, PreviousLink, NextLink, Searchbar, Td, Tr, Typography } from '@strapi/design-system';
import { useAPIErrorHandler } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { useCampaignRecipientsQuery } from '../../api/capacity';
import { getTranslation } from '../../utils/getTranslation';
import { nationalFormat } from '../../utils/phone';
import { SimpleTable } from '../SimpleTable';

const PAGE_SIZE = 25;

/**
 * A campaign's recipients, a page at a time (issue 11: a campaign may have 100,000 of them and the detail
 * carries only their count), with a search by number or name. `version` (the campaign's `updatedAt`) makes a
 * change made elsewhere on the page (pasted numbers) show at once.
 */
export const CampaignRecipients = ({ documentId, version }: { documentId: string; version?: string | null }) => {
  const { formatMessage } = useIntl();
  const { formatAPIError } = useAPIErrorHandler();
  const [page, setPage] = React.useState(1);
  const [q, setQ] = React.useState('');
  const [typed, setTyped] = React.useState('');
  const { data, error, isFetching } = useCampaignRecipientsQuery({ documentId, page, pageSize: PAGE_SIZE, q: q || undefined, version });

  React.useEffect(() => {
    const timer = setTimeout(() => {
      setQ(typed.trim());
      setPage(1);
    }, 300);
    return () => clearTimeout(timer);
  }, [typed]);

  const pagination = data?.meta.pagination;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="campaign-recipients">
      <Searchbar
        name="recipients-search"
        value={typed}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTyped(e.target.value)}
        onClear={() => setTyped('')}
        clearLabel={formatMessage({ id: getTranslation('capacity.recipients.clear'), defaultMessage: 'Clear the search' })}
        placeholder={formatMessage({ id: getTranslation('capacity.recipients.search'), defaultMessage: 'Search by number or name' })}
      >
        {formatMessage({ id: getTranslation('capacity.recipients.search'), defaultMessage: 'Search by number or name' })}
      </Searchbar>
      {error ? (
        <Typography textColor="danger600">{formatAPIError(error as never)}</Typography>
      ) : data && data.data.length ? (
        <SimpleTable
          rowCount={data.data.length}
          headers={[
            '#',
            formatMessage({ id: getTranslation('capacity.recipients.number'), defaultMessage: 'Number' }),
            formatMessage({ id: getTranslation('capacity.recipients.name'), defaultMessage: 'Name' }),
          ]}
        >
          {data.data.map((r) => (
            <Tr key={r.position}>
              <Td><Typography textColor="neutral600">{r.position}</Typography></Td>
              <Td><Typography>{nationalFormat(r.phoneNumber)}</Typography></Td>
              <Td><Typography>{r.name ?? '-'}</Typography></Td>
            </Tr>
          ))}
        </SimpleTable>
      ) : !isFetching ? (
        <Typography textColor="neutral600">
          {q ? formatMessage({ id: getTranslation('capacity.recipients.noMatch'), defaultMessage: 'No recipient matches "{q}".' }, { q }) : formatMessage({ id: getTranslation('capacity.recipients.none'), defaultMessage: 'No recipients yet.' })}
        </Typography>
      ) : null}
      {pagination && pagination.pageCount > 1 ? (
        <Flex justifyContent="space-between" alignItems="center">
          <Typography variant="pi" textColor="neutral600">
            {formatMessage({ id: getTranslation('capacity.recipients.range'), defaultMessage: '{from}–{to} of {total, plural, one {# recipient} other {# recipients}}' }, {
              from: (pagination.page - 1) * pagination.pageSize + 1,
              to: Math.min(pagination.page * pagination.pageSize, pagination.total),
              total: pagination.total,
            })}
          </Typography>
          <Box>
            <Pagination activePage={pagination.page} pageCount={pagination.pageCount}>
              <PreviousLink onClick={() => setPage((p) => Math.max(1, p - 1))} tag="button" type="button">
                {formatMessage({ id: getTranslation('capacity.recipients.previous'), defaultMessage: 'Previous page' })}
              </PreviousLink>
              <NextLink onClick={() => setPage((p) => Math.min(pagination.pageCount, p + 1))} tag="button" type="button">
                {formatMessage({ id: getTranslation('capacity.recipients.next'), defaultMessage: 'Next page' })}
              </NextLink>
            </Pagination>
          </Box>
        </Flex>
      ) : null}
    </Flex>
  );
};
