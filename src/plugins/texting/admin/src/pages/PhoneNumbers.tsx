import { Badge, Box, Button, Dialog, Flex, IconButton, Tooltip, Typography } from '@strapi/design-system';
import { Download, Plus } from '@strapi/icons';
import {
  ConfirmDialog,
  Layouts,
  Page,
  Table,
  useNotification,
  useQueryParams,
  useRBAC,
} from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import { styled } from 'styled-components';
import { NUMBER_OPTIONAL_COLUMNS, type PhoneNumberRow } from '../../../shared/contracts';
import { ColumnPicker, useShownColumns } from '../components/ColumnPicker';
import { useDirectory } from '../api/directory';
import { useDeletePhoneNumberMutation, useListPhoneNumbersQuery } from '../api/numbers';
import { ListContent, ListPageHeader, useOptionFilters, type ListTexts } from '../components/ListParts';
import { column } from '../components/ListTable';
import { RowActions } from '../components/RowActions';
import { ScheduleSendModal } from '../components/ScheduleSendModal';
import { StatusBadge } from '../components/StatusBadge';
import { DeleteImpact } from '../components/impact/NumberImpact';
import { BulkActions } from '../components/bulk/BulkActions';
import { PERMISSIONS } from '../permissions';
import { errorStatus, useErrorMessage } from '../utils/errors';
import { getTranslation } from '../utils/getTranslation';
import { ATTENTION_LABEL, NUMBER_TYPE_LABEL, RESPONSE_TYPE_LABEL, useLabel } from '../utils/labels';
import { DEFAULT_PAGE_SIZE, isNarrowed, listParamsOf, type UrlQuery } from '../utils/listQuery';
import { nationalFormat } from '../utils/phone';
import { useCsvDownload } from '../utils/download';

type Row = PhoneNumberRow & { id: string };
type Header = Table.Header<Row, object>;

const LIST_PERMISSIONS = [
  ...PERMISSIONS.numbersProvision,
  ...PERMISSIONS.numbersUpdate,
  ...PERMISSIONS.numbersDelete,
  ...PERMISSIONS.numbersExport,
];

/**
 * The design system's table never wraps; with ten columns and the row actions that pushes the actions out
 * of sight. Here long names and header labels may wrap, while numbers, dates and badges stay on one line.
 */
const WrappingTable = styled.div`
  table {
    white-space: normal;
  }
  [data-nowrap] {
    white-space: nowrap;
  }
`;

const Cell = ({ children, title }: { children: React.ReactNode; title?: string }) => (
  <Typography textColor="neutral800" title={title}>
    {children ?? '-'}
  </Typography>
);

/** Every column but the phone number (always shown) may be hidden; the health columns are hidden until picked. */
const PICKABLE = ['name', 'description', 'agent', 'office', 'responseType', 'activeCampaign', 'campaignArchiveAt', 'numberType', ...NUMBER_OPTIONAL_COLUMNS, 'status'];
const SHOWN_BY_DEFAULT = PICKABLE.filter((c) => !(NUMBER_OPTIONAL_COLUMNS as readonly string[]).includes(c));

/** The number's provider state, and a "Needs attention" badge whose tooltip says why. */
const StatusCell = ({ row }: { row: PhoneNumberRow }) => {
  const { formatMessage, formatList } = useIntl();
  const label = useLabel();
  return (
    <Flex gap={1} wrap="wrap">
      <StatusBadge status={row.status} reason={row.statusReason} />
      {row.attention.length ? (
        <Tooltip label={formatList(row.attention.map((r) => label(ATTENTION_LABEL, r)))}>
          <span tabIndex={0} style={{ display: 'inline-flex' }} data-attention={row.attention.join(' ')}>
            <Badge backgroundColor="danger100" textColor="danger700" data-nowrap>
              {formatMessage({ id: getTranslation('numbers.attention.badge'), defaultMessage: 'Needs attention' })}
            </Badge>
          </span>
        </Tooltip>
      ) : null}
    </Flex>
  );
};

/** Texting → Phone Numbers: the seed's "Viewing the Phone Numbers page", built like Settings → Users. */
export const PhoneNumbersPage = () => {
  const { formatMessage, formatDate, formatNumber } = useIntl();
  const label = useLabel();
  const columns = useShownColumns('phone-numbers', PICKABLE, SHOWN_BY_DEFAULT);
  const errorMessage = useErrorMessage();
  const { filter, named, labelled } = useOptionFilters();
  const { toggleNotification } = useNotification();
  // The CSV is a file download, not cached data: it goes through Strapi's fetch client directly.
  const download = useCsvDownload();
  const [{ query }] = useQueryParams<UrlQuery>();
  const params = React.useMemo(() => listParamsOf(query), [query]);
  const list = useListPhoneNumbersQuery(params);
  const { data, isFetching } = list;
  const [deleteNumber] = useDeletePhoneNumberMutation();
  const { offices, agents } = useDirectory();
  const {
    allowedActions: { canProvision, canUpdate, canDelete, canExport },
  } = useRBAC(LIST_PERMISSIONS);

  const [scheduleFor, setScheduleFor] = React.useState<PhoneNumberRow | null>(null);
  const [toDelete, setToDelete] = React.useState<PhoneNumberRow | null>(null);
  const [releaseFailed, setReleaseFailed] = React.useState<Set<string>>(new Set());
  const [exporting, setExporting] = React.useState(false);

  const rows: Row[] = (data?.data ?? []).map((r) => ({
    ...r,
    id: r.documentId,
    status: releaseFailed.has(r.documentId) ? 'release_failed' : r.status,
  }));
  const pagination = data?.meta.pagination;

  const columnLabel = {
    phoneNumber: formatMessage({ id: getTranslation('numbers.column.phoneNumber'), defaultMessage: 'Phone Number' }),
    name: formatMessage({ id: getTranslation('numbers.column.name'), defaultMessage: 'Name' }),
    description: formatMessage({ id: getTranslation('numbers.column.description'), defaultMessage: 'Description' }),
    agent: formatMessage({ id: getTranslation('numbers.column.agent'), defaultMessage: 'Agent' }),
    office: formatMessage({ id: getTranslation('numbers.column.office'), defaultMessage: 'Office' }),
    responseType: formatMessage({ id: getTranslation('numbers.column.responseType'), defaultMessage: 'Type' }),
    activeCampaign: formatMessage({ id: getTranslation('numbers.column.activeCampaign'), defaultMessage: 'Active Campaign' }),
    campaignArchiveAt: formatMessage({ id: getTranslation('numbers.column.campaignArchiveAt'), defaultMessage: 'Campaign Archive Date' }),
    numberType: formatMessage({ id: getTranslation('numbers.column.numberType'), defaultMessage: 'Number Type' }),
    lastInboundAt: formatMessage({ id: getTranslation('numbers.column.lastInboundAt'), defaultMessage: 'Last inbound' }),
    deliveryRate7d: formatMessage({ id: getTranslation('numbers.column.deliveryRate7d'), defaultMessage: 'Delivery rate (7 days)' }),
    needsAttention: formatMessage({ id: getTranslation('numbers.filter.needsAttention'), defaultMessage: 'Needs attention' }),
    status: formatMessage({ id: getTranslation('numbers.column.status'), defaultMessage: 'Status' }),
  };
  const allHeaders: Header[] = [
    column<Row>('phoneNumber', columnLabel.phoneNumber, (r) => (
      <Typography textColor="neutral800" fontWeight="bold" title={r.phoneNumber} data-e164={r.phoneNumber} data-nowrap>
        {nationalFormat(r.phoneNumber)}
      </Typography>
    )),
    column<Row>('name', columnLabel.name, (r) => <Cell>{r.name}</Cell>),
    column<Row>('description', columnLabel.description, (r) => (
      <Box maxWidth="10rem">
        <Typography textColor="neutral800" ellipsis title={r.description ?? undefined} tag="div">
          {r.description || '-'}
        </Typography>
      </Box>
    )),
    column<Row>('agent', columnLabel.agent, (r) => <Cell>{r.agent?.name}</Cell>),
    column<Row>('office', columnLabel.office, (r) => <Cell>{r.office?.name}</Cell>),
    column<Row>('responseType', columnLabel.responseType, (r) => <Cell>{label(RESPONSE_TYPE_LABEL, r.responseType)}</Cell>),
    column<Row>('activeCampaign', columnLabel.activeCampaign, (r) => <Cell>{r.activeCampaign?.name}</Cell>),
    column<Row>('campaignArchiveAt', columnLabel.campaignArchiveAt, (r) =>
      r.campaignArchiveAt ? (
        <Typography textColor="neutral800" data-nowrap title={formatDate(r.campaignArchiveAt, { dateStyle: 'full', timeStyle: 'short' })}>
          {formatDate(r.campaignArchiveAt, { dateStyle: 'medium' })}
        </Typography>
      ) : (
        <Cell>-</Cell>
      )
    ),
    column<Row>('numberType', columnLabel.numberType, (r) => <Cell>{label(NUMBER_TYPE_LABEL, r.numberType)}</Cell>),
    column<Row>('lastInboundAt', columnLabel.lastInboundAt, (r) =>
      r.lastInboundAt ? (
        <Typography textColor="neutral800" data-nowrap title={formatDate(r.lastInboundAt, { dateStyle: 'full', timeStyle: 'short' })}>
          {formatDate(r.lastInboundAt, { dateStyle: 'medium', timeStyle: 'short' })}
        </Typography>
      ) : (
        <Cell>-</Cell>
      )
    ),
    column<Row>('deliveryRate7d', columnLabel.deliveryRate7d, (r) => (
      <Typography textColor={r.attention.includes('low_delivery_rate') ? 'danger600' : 'neutral800'} data-nowrap>
        {r.deliveryRate7d === null ? '-' : formatNumber(r.deliveryRate7d, { style: 'percent', maximumFractionDigits: 1 })}
      </Typography>
    )),
    column<Row>('status', columnLabel.status, (r) => <StatusCell row={r} />, false),
  ];
  const headers = allHeaders.filter((h) => h.name === 'phoneNumber' || columns.shown.includes(h.name));
  const filterOptions = [
    filter('office', columnLabel.office, named(offices)),
    filter('responseType', columnLabel.responseType, labelled(RESPONSE_TYPE_LABEL)),
    filter('numberType', columnLabel.numberType, labelled(NUMBER_TYPE_LABEL)),
    filter('agent', columnLabel.agent, named(agents)),
    filter('needsAttention', columnLabel.needsAttention, [
      { label: formatMessage({ id: getTranslation('numbers.filter.needsAttention.yes'), defaultMessage: 'Yes' }), value: 'true' },
    ]),
  ];

  const handleExport = async () => {
    setExporting(true);
    try {
      const { page: _p, pageSize: _s, ...view } = params;
      await download('/texting/phone-numbers/export', view, `phone-numbers-${new Date().toISOString().slice(0, 10)}.csv`);
    } catch (e) {
      // The fetch client throws a FetchError: its answer's `error` is what the API said.
      const answer = (e as { response?: { data?: { error?: unknown } } }).response?.data?.error ?? e;
      toggleNotification({
        type: 'danger',
        message: formatMessage(
          { id: getTranslation('numbers.export.failed'), defaultMessage: 'Export failed: {error}' },
          { error: errorMessage(answer) }
        ),
      });
    } finally {
      setExporting(false);
    }
  };

  const confirmDelete = async () => {
    const row = toDelete;
    setToDelete(null);
    if (!row) return;
    const number = nationalFormat(row.phoneNumber);
    try {
      await deleteNumber(row.documentId).unwrap();
      toggleNotification({
        type: 'success',
        message: formatMessage({ id: getTranslation('numbers.delete.done'), defaultMessage: '{number} was released at Plivo and deleted.' }, { number }),
      });
    } catch (e) {
      if (errorStatus(e) === 502) {
        // Plivo refused the release: the number stays, marked, and the admin is told why.
        setReleaseFailed((s) => new Set(s).add(row.documentId));
        toggleNotification({
          type: 'danger',
          title: formatMessage({ id: getTranslation('numbers.delete.releaseFailed.title'), defaultMessage: 'Release failed' }),
          message: formatMessage(
            { id: getTranslation('numbers.delete.releaseFailed'), defaultMessage: '{number} was not released: {error}' },
            { number, error: errorMessage(e) }
          ),
        });
      } else {
        toggleNotification({
          type: 'danger',
          message: formatMessage(
            { id: getTranslation('numbers.delete.failed'), defaultMessage: '{number} was not deleted: {error}' },
            { number, error: errorMessage(e) }
          ),
        });
      }
    }
  };

  const provisionButton = canProvision ? (
    <Button tag={NavLink} to="numbers/new" startIcon={<Plus />} size="S">
      {formatMessage({ id: getTranslation('numbers.provision'), defaultMessage: 'Provision number' })}
    </Button>
  ) : undefined;

  const texts: ListTexts = {
    title: formatMessage({ id: getTranslation('numbers.title'), defaultMessage: 'Phone Numbers' }),
    intro: formatMessage({ id: getTranslation('numbers.subtitle'), defaultMessage: 'Numbers your offices text from' }),
    found: (total) => formatMessage({ id: getTranslation('numbers.found'), defaultMessage: '{total, plural, one {# number} other {# numbers}} found' }, { total }),
    search: formatMessage({ id: getTranslation('numbers.search'), defaultMessage: 'Search by phone number, name or active campaign' }),
  };
  return (
    <Page.Main aria-busy={isFetching}>
      <ListPageHeader texts={texts} total={pagination?.total} filters={filterOptions} primaryAction={provisionButton}
        endActions={
          <Flex gap={2}>
            <ColumnPicker
              columns={allHeaders.filter((h) => h.name !== 'phoneNumber').map((h) => ({ name: h.name, label: String(h.label) }))}
              {...columns}
            />
            {canExport ? (
              <IconButton
                label={formatMessage({ id: getTranslation('numbers.export'), defaultMessage: 'Export the current view as CSV' })}
                onClick={handleExport}
                disabled={exporting || !pagination?.total}
                data-testid="export-csv"
              >
                <Download />
              </IconButton>
            ) : null}
          </Flex>
        }
      />
      <Layouts.Content>
        <WrappingTable>
          <ListContent list={list} rows={rows} headers={headers} defaultPageSize={DEFAULT_PAGE_SIZE}
            loadError={(e) => formatMessage({ id: getTranslation('numbers.loadError'), defaultMessage: 'The numbers could not be loaded: {error}' }, { error: e })}
            loading={formatMessage({ id: getTranslation('numbers.loading'), defaultMessage: 'Loading phone numbers' })}
            empty={
              isNarrowed(params)
                ? formatMessage({ id: getTranslation('numbers.empty.filtered'), defaultMessage: 'No numbers match this search or these filters.' })
                : formatMessage({ id: getTranslation('numbers.empty'), defaultMessage: 'No numbers yet — provision one.' })
            }
            emptyAction={isNarrowed(params) ? undefined : provisionButton}
            selection={
              canUpdate || canDelete
                ? {
                    bar: (
                      <BulkActions params={params} total={pagination?.total ?? 0} offices={offices} agents={agents}
                        canUpdate={Boolean(canUpdate)} canDelete={Boolean(canDelete)} />
                    ),
                  }
                : undefined
            }
            actions={{
              label: formatMessage({ id: getTranslation('numbers.column.actions'), defaultMessage: 'Actions' }),
              render: (row) => (
                <RowActions
                  row={row}
                  canUpdate={Boolean(canUpdate)}
                  canDelete={Boolean(canDelete)}
                  onScheduleSend={setScheduleFor}
                  onDelete={setToDelete}
                />
              ),
            }}
          />
        </WrappingTable>
      </Layouts.Content>
      <ScheduleSendModal row={scheduleFor} onClose={() => setScheduleFor(null)} />
      <Dialog.Root open={toDelete !== null} onOpenChange={(open) => !open && setToDelete(null)}>
        <ConfirmDialog
          onConfirm={confirmDelete}
          title={formatMessage({ id: getTranslation('numbers.delete.title'), defaultMessage: 'Release this number?' })}
        >
          <Flex direction="column" gap={2}>
            <Typography textAlign="center">
              {formatMessage(
                {
                  id: getTranslation('numbers.delete.question'),
                  defaultMessage: 'Release <b>{number}</b>{hasName, select, yes { ({name})} other {}} at Plivo and delete it?',
                },
                {
                  number: toDelete ? nationalFormat(toDelete.phoneNumber) : '',
                  name: toDelete?.name ?? '',
                  hasName: toDelete?.name ? 'yes' : 'no',
                  b: (chunks: React.ReactNode[]) => <b>{chunks}</b>,
                }
              )}
            </Typography>
            <Typography textAlign="center" textColor="neutral600" variant="pi">
              {formatMessage({
                id: getTranslation('numbers.delete.warning'),
                defaultMessage: 'The number goes back to Plivo and cannot be recovered; texts to it will no longer reach you.',
              })}
            </Typography>
            {toDelete ? <DeleteImpact documentId={toDelete.documentId} /> : null}
          </Flex>
        </ConfirmDialog>
      </Dialog.Root>
    </Page.Main>
  );
};
