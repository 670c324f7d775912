import { Box, Button, Typography } from '@strapi/design-system';
import { Layouts, Page, useQueryParams } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import type { ReleasedNumber } from '../../../../shared/contracts';
import { useGetReleasedHistoryQuery, useListReleasedNumbersQuery } from '../../api/audit';
import { ListContent, ListPageHeader, type ListTexts } from '../../components/ListParts';
import { column } from '../../components/ListTable';
import { HistoryTable } from '../../components/NumberHistory';
import { InfoModal } from '../../components/InfoModal';
import { getTranslation } from '../../utils/getTranslation';
import { nationalFormat } from '../../utils/phone';

type Row = Omit<ReleasedNumber, 'id'> & { id: string; documentId: string };
const PAGE_SIZE = 10;

/** A released number's history (kept by phone number, so it outlives the number). */
const ReleasedHistory = ({ phoneNumber, onClose }: { phoneNumber: string; onClose: () => void }) => {
  const { formatMessage } = useIntl();
  const answer = useGetReleasedHistoryQuery(phoneNumber);
  return (
    <InfoModal
      open
      onClose={onClose}
      title={formatMessage({ id: getTranslation('released.history.title'), defaultMessage: 'History of {number}' }, { number: nationalFormat(phoneNumber) })}
    >
      <Box data-testid="released-history">
        <HistoryTable {...answer} />
      </Box>
    </InfoModal>
  );
};

/** Texting → Released numbers: numbers given back to Plivo, with who released them and their history. */
export const ReleasedNumbersPage = () => {
  const { formatMessage, formatDate } = useIntl();
  const [{ query }] = useQueryParams<{ _q?: string; page?: string; pageSize?: string }>();
  const params = { q: query._q || undefined, page: Number(query.page) || 1, pageSize: Number(query.pageSize) || PAGE_SIZE };
  const list = useListReleasedNumbersQuery(params);
  const { data, isFetching } = list;
  const [open, setOpen] = React.useState<string | null>(null);
  const rows: Row[] = (data?.data ?? []).map((r) => ({ ...r, id: String(r.id), documentId: String(r.id) }));

  const texts: ListTexts = {
    title: formatMessage({ id: getTranslation('released.title'), defaultMessage: 'Released numbers' }),
    intro: formatMessage({ id: getTranslation('released.subtitle'), defaultMessage: 'Numbers given back to Plivo, with their history' }),
    found: (total) =>
      formatMessage({ id: getTranslation('released.found'), defaultMessage: '{total, plural, one {# release} other {# releases}}' }, { total }),
    search: formatMessage({ id: getTranslation('released.search'), defaultMessage: 'Search by phone number' }),
  };
  const headers = [
    column<Row>('phoneNumber', formatMessage({ id: getTranslation('numbers.column.phoneNumber'), defaultMessage: 'Phone Number' }), (r) => (
      <Typography fontWeight="bold" data-e164={r.phoneNumber}>{nationalFormat(r.phoneNumber)}</Typography>
    ), false),
    column<Row>('name', formatMessage({ id: getTranslation('numbers.column.name'), defaultMessage: 'Name' }), (r) => <Typography>{r.name ?? '-'}</Typography>, false),
    column<Row>('office', formatMessage({ id: getTranslation('numbers.column.office'), defaultMessage: 'Office' }), (r) => <Typography>{r.office?.name ?? '-'}</Typography>, false),
    column<Row>('releasedAt', formatMessage({ id: getTranslation('released.column.releasedAt'), defaultMessage: 'Released' }), (r) => (
      <Typography>{r.releasedAt ? formatDate(r.releasedAt, { dateStyle: 'medium', timeStyle: 'short' }) : '-'}</Typography>
    ), false),
    column<Row>('releasedBy', formatMessage({ id: getTranslation('released.column.releasedBy'), defaultMessage: 'By' }), (r) => (
      <Typography>{r.releasedBy?.name ?? formatMessage({ id: getTranslation('history.system'), defaultMessage: 'System' })}</Typography>
    ), false),
  ];

  return (
    <Page.Main aria-busy={isFetching}>
      <ListPageHeader texts={texts} total={data?.meta.pagination.total} filters={[]} />
      <Layouts.Content>
        <ListContent list={list} rows={rows} headers={headers} defaultPageSize={PAGE_SIZE}
          loadError={(e) => formatMessage({ id: getTranslation('released.loadError'), defaultMessage: 'Released numbers could not be loaded: {error}' }, { error: e })}
          loading={formatMessage({ id: getTranslation('released.loading'), defaultMessage: 'Loading released numbers' })}
          empty={formatMessage({ id: getTranslation('released.empty'), defaultMessage: 'No number has been released.' })}
          onRowClick={(r) => setOpen(r.phoneNumber)}
          actions={{
            label: formatMessage({ id: getTranslation('numbers.column.actions'), defaultMessage: 'Actions' }),
            render: (r) => (
              <Button variant="tertiary" size="S" onClick={(e: React.MouseEvent) => { e.stopPropagation(); setOpen(r.phoneNumber); }}>
                {formatMessage({ id: getTranslation('released.showHistory'), defaultMessage: 'History' })}
              </Button>
            ),
          }}
        />
      </Layouts.Content>
      {open ? <ReleasedHistory phoneNumber={open} onClose={() => setOpen(null)} /> : null}
    </Page.Main>
  );
};
