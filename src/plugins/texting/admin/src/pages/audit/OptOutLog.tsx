import { Badge, IconButton, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { Layouts, Page, useNotification, useQueryParams } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import type { OptOutLogEntry, OptOutSource } from '../../../../shared/contracts';
import { useListOptOutsQuery } from '../../api/audit';
import { ListContent, ListPageHeader, type ListTexts } from '../../components/ListParts';
import { column } from '../../components/ListTable';
import { useErrorMessage } from '../../utils/errors';
import { getTranslation } from '../../utils/getTranslation';
import { nationalFormat } from '../../utils/phone';
import { useCsvDownload } from '../../utils/download';

type Row = Omit<OptOutLogEntry, 'id'> & { id: string; documentId: string };
const PAGE_SIZE = 25;

/**
 * Texting → Opt-out log: every opt-out and opt-in, its source (keyword, Plivo intent, import, admin) and time,
 * searchable, one contact's log (`?contact=`, linked from the inbox thread), exportable as CSV.
 */
export const OptOutLogPage = () => {
  const { formatMessage, formatDate } = useIntl();
  const errorMessage = useErrorMessage();
  const { toggleNotification } = useNotification();
  const download = useCsvDownload();
  const [{ query }] = useQueryParams<{ _q?: string; contact?: string; page?: string; pageSize?: string }>();
  const view = { q: query._q || undefined, contact: query.contact || undefined };
  const params = { ...view, page: Number(query.page) || 1, pageSize: Number(query.pageSize) || PAGE_SIZE };
  const list = useListOptOutsQuery(params);
  const { data, isFetching } = list;
  const [exporting, setExporting] = React.useState(false);
  const rows: Row[] = (data?.data ?? []).map((r) => ({ ...r, id: String(r.id), documentId: String(r.id) }));

  const sourceLabel = (s: OptOutSource) =>
    ({
      keyword: formatMessage({ id: getTranslation('optOuts.source.keyword'), defaultMessage: 'Keyword' }),
      plivo_intent: formatMessage({ id: getTranslation('optOuts.source.plivoIntent'), defaultMessage: 'Plivo intent' }),
      import: formatMessage({ id: getTranslation('optOuts.source.import'), defaultMessage: 'Import' }),
      admin: formatMessage({ id: getTranslation('optOuts.source.admin'), defaultMessage: 'Admin' }),
    })[s];

  const texts: ListTexts = {
    title: view.contact
      ? formatMessage({ id: getTranslation('optOuts.title.contact'), defaultMessage: 'Opt-out log of {contact}' }, { contact: nationalFormat(view.contact) })
      : formatMessage({ id: getTranslation('optOuts.title'), defaultMessage: 'Opt-out log' }),
    intro: formatMessage({ id: getTranslation('optOuts.subtitle'), defaultMessage: 'Every opt-out and opt-in, with its source and time' }),
    found: (total) => formatMessage({ id: getTranslation('optOuts.found'), defaultMessage: '{total, plural, one {# change} other {# changes}}' }, { total }),
    search: formatMessage({ id: getTranslation('optOuts.search'), defaultMessage: 'Search by phone number or detail' }),
  };
  const headers = [
    column<Row>('createdAt', formatMessage({ id: getTranslation('optOuts.column.when'), defaultMessage: 'When' }), (r) => (
      <Typography>{r.createdAt ? formatDate(r.createdAt, { dateStyle: 'medium', timeStyle: 'medium' }) : '-'}</Typography>
    ), false),
    column<Row>('contact', formatMessage({ id: getTranslation('optOuts.column.contact'), defaultMessage: 'Contact' }), (r) => (
      <Typography fontWeight="bold" data-e164={r.contact}>{nationalFormat(r.contact)}</Typography>
    ), false),
    column<Row>('action', formatMessage({ id: getTranslation('optOuts.column.change'), defaultMessage: 'Change' }), (r) => (
      <Badge active={r.action === 'opt_in'}>
        {r.action === 'opt_out'
          ? formatMessage({ id: getTranslation('optOuts.action.optOut'), defaultMessage: 'Opted out' })
          : formatMessage({ id: getTranslation('optOuts.action.optIn'), defaultMessage: 'Opted in' })}
      </Badge>
    ), false),
    column<Row>('source', formatMessage({ id: getTranslation('optOuts.column.source'), defaultMessage: 'Source' }), (r) => <Typography>{sourceLabel(r.source)}</Typography>, false),
    column<Row>('detail', formatMessage({ id: getTranslation('optOuts.column.detail'), defaultMessage: 'Detail' }), (r) => <Typography>{r.detail ?? '-'}</Typography>, false),
    column<Row>('number', formatMessage({ id: getTranslation('optOuts.column.number'), defaultMessage: 'Our number' }), (r) => (
      <Typography>{r.number ? nationalFormat(r.number) : '-'}</Typography>
    ), false),
    column<Row>('office', formatMessage({ id: getTranslation('numbers.column.office'), defaultMessage: 'Office' }), (r) => <Typography>{r.office?.name ?? '-'}</Typography>, false),
    column<Row>('user', formatMessage({ id: getTranslation('optOuts.column.by'), defaultMessage: 'By' }), (r) => <Typography>{r.user?.name ?? '-'}</Typography>, false),
  ];

  const handleExport = async () => {
    setExporting(true);
    try {
      await download('/texting/opt-outs/export', view, `opt-out-log-${new Date().toISOString().slice(0, 10)}.csv`);
    } catch (e) {
      const answer = (e as { response?: { data?: { error?: unknown } } }).response?.data?.error ?? e;
      toggleNotification({
        type: 'danger',
        message: formatMessage({ id: getTranslation('numbers.export.failed'), defaultMessage: 'Export failed: {error}' }, { error: errorMessage(answer) }),
      });
    } finally {
      setExporting(false);
    }
  };

  return (
    <Page.Main aria-busy={isFetching}>
      <ListPageHeader
        texts={texts}
        total={data?.meta.pagination.total}
        filters={[]}
        endActions={
          <IconButton
            label={formatMessage({ id: getTranslation('optOuts.export'), defaultMessage: 'Export the log as CSV' })}
            onClick={handleExport}
            disabled={exporting || !data?.meta.pagination.total}
            data-testid="export-opt-outs"
          >
            <Download />
          </IconButton>
        }
      />
      <Layouts.Content>
        <ListContent list={list} rows={rows} headers={headers} defaultPageSize={PAGE_SIZE}
          loadError={(e) => formatMessage({ id: getTranslation('optOuts.loadError'), defaultMessage: 'The opt-out log could not be loaded: {error}' }, { error: e })}
          loading={formatMessage({ id: getTranslation('optOuts.loading'), defaultMessage: 'Loading the opt-out log' })}
          empty={formatMessage({ id: getTranslation('optOuts.empty'), defaultMessage: 'No opt-out or opt-in recorded.' })}
        />
      </Layouts.Content>
    </Page.Main>
  );
};
