import { Box, Button, Dialog, Flex, IconButton, Th, Typography, VisuallyHidden } from '@strapi/design-system';
import { Download, Plus } from '@strapi/icons';
import {
  ConfirmDialog,
  Filters,
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
import {
  errorMessage,
  errorStatus,
  useDirectory,
  usePhoneNumbers,
  useTextingClient,
  type PhoneNumberRow,
} from '../api/client';
import { FilterSelectInput } from '../components/FilterSelectInput';
import { ListPagination, LoadError, SearchAndFilters } from '../components/ListParts';
import { RowActions } from '../components/RowActions';
import { ScheduleSendModal } from '../components/ScheduleSendModal';
import { SimulatedBadge } from '../components/SimulatedBadge';
import { StatusBadge } from '../components/StatusBadge';
import { PERMISSIONS } from '../permissions';
import { NUMBER_TYPE_LABEL, RESPONSE_TYPE_LABEL } from '../utils/labels';
import { DEFAULT_PAGE_SIZE, isNarrowed, listParamsOf, type UrlQuery } from '../utils/listQuery';
import { nationalFormat } from '../utils/phone';

type Row = PhoneNumberRow & { id: string };
type Header = Table.Header<Row, object>;

/** The row actions' column: counted so that the empty and loading states span the whole table. */
const ACTIONS_HEADER: Header = { name: 'actions', label: 'Actions', sortable: false };

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

/** Texting → Phone Numbers: the seed's "Viewing the Phone Numbers page", built like Settings → Users. */
export const PhoneNumbersPage = () => {
  const { formatDate } = useIntl();
  const { toggleNotification } = useNotification();
  const client = useTextingClient();
  const [{ query }] = useQueryParams<UrlQuery>();
  const params = React.useMemo(() => listParamsOf(query), [query]);
  const { data, error, isLoading, refetch } = usePhoneNumbers(params);
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

  const headers: Header[] = [
    {
      name: 'phoneNumber',
      label: 'Phone Number',
      sortable: true,
      cellFormatter: (r) => (
        <Typography textColor="neutral800" fontWeight="bold" title={r.phoneNumber} data-e164={r.phoneNumber} data-nowrap>
          {nationalFormat(r.phoneNumber)}
        </Typography>
      ),
    },
    { name: 'name', label: 'Name', sortable: true, cellFormatter: (r) => <Cell>{r.name}</Cell> },
    {
      name: 'description',
      label: 'Description',
      sortable: true,
      cellFormatter: (r) => (
        <Box maxWidth="10rem">
          <Typography textColor="neutral800" ellipsis title={r.description ?? undefined} tag="div">
            {r.description || '-'}
          </Typography>
        </Box>
      ),
    },
    { name: 'agent', label: 'Agent', sortable: true, cellFormatter: (r) => <Cell>{r.agent?.name}</Cell> },
    { name: 'office', label: 'Office', sortable: true, cellFormatter: (r) => <Cell>{r.office?.name}</Cell> },
    {
      name: 'responseType',
      label: 'Type',
      sortable: true,
      cellFormatter: (r) => <Cell>{RESPONSE_TYPE_LABEL[r.responseType] ?? r.responseType}</Cell>,
    },
    {
      name: 'activeCampaign',
      label: 'Active Campaign',
      sortable: true,
      cellFormatter: (r) => <Cell>{r.activeCampaign?.name}</Cell>,
    },
    {
      name: 'campaignArchiveAt',
      label: 'Campaign Archive Date',
      sortable: true,
      cellFormatter: (r) =>
        r.campaignArchiveAt ? (
          <Typography
            textColor="neutral800"
            data-nowrap
            title={formatDate(r.campaignArchiveAt, { dateStyle: 'full', timeStyle: 'short' })}
          >
            {formatDate(r.campaignArchiveAt, { dateStyle: 'medium' })}
          </Typography>
        ) : (
          <Cell>-</Cell>
        ),
    },
    {
      name: 'numberType',
      label: 'Number Type',
      sortable: true,
      cellFormatter: (r) => <Cell>{NUMBER_TYPE_LABEL[r.numberType] ?? r.numberType}</Cell>,
    },
    { name: 'status', label: 'Status', sortable: false, cellFormatter: (r) => <StatusBadge status={r.status} reason={r.statusReason} /> },
  ];

  const is = [{ label: 'is', value: '$eq' }];
  const filterOptions: Filters.Filter[] = [
    {
      name: 'office',
      label: 'Office',
      type: 'enumeration',
      operators: is,
      input: FilterSelectInput,
      options: offices.map((o) => ({ label: o.name, value: o.documentId })),
    },
    {
      name: 'responseType',
      label: 'Type',
      type: 'enumeration',
      operators: is,
      input: FilterSelectInput,
      options: Object.entries(RESPONSE_TYPE_LABEL).map(([value, label]) => ({ label, value })),
    },
    {
      name: 'numberType',
      label: 'Number Type',
      type: 'enumeration',
      operators: is,
      input: FilterSelectInput,
      options: Object.entries(NUMBER_TYPE_LABEL).map(([value, label]) => ({ label, value })),
    },
    {
      name: 'agent',
      label: 'Agent',
      type: 'enumeration',
      operators: is,
      input: FilterSelectInput,
      options: agents.map((a) => ({ label: a.name, value: a.documentId })),
    },
  ];

  const handleExport = async () => {
    setExporting(true);
    try {
      const { page: _p, pageSize: _s, ...view } = params;
      const { blob, filename } = await client.exportNumbers(view);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      toggleNotification({ type: 'danger', message: `Export failed: ${errorMessage(e)}` });
    } finally {
      setExporting(false);
    }
  };

  const confirmDelete = async () => {
    const row = toDelete;
    setToDelete(null);
    if (!row) return;
    const display = nationalFormat(row.phoneNumber);
    try {
      await client.deleteNumber(row.documentId);
      toggleNotification({ type: 'success', message: `${display} was released at Plivo and deleted.` });
    } catch (e) {
      if (errorStatus(e) === 502) {
        // Plivo refused the release: the number stays, marked, and the admin is told why.
        setReleaseFailed((s) => new Set(s).add(row.documentId));
        toggleNotification({
          type: 'danger',
          title: 'Release failed',
          message: `${display} was not released: ${errorMessage(e)}`,
        });
      } else {
        toggleNotification({ type: 'danger', message: `${display} was not deleted: ${errorMessage(e)}` });
      }
    }
    refetch();
  };

  const provisionButton = canProvision ? (
    <Button tag={NavLink} to="numbers/new" startIcon={<Plus />} size="S">
      Provision number
    </Button>
  ) : undefined;

  const total = pagination?.total;
  return (
    <Page.Main aria-busy={isLoading}>
      <Page.Title>Phone Numbers</Page.Title>
      <Layouts.Header
        title="Phone Numbers"
        subtitle={total === undefined ? 'Numbers your offices text from' : `${total} ${total === 1 ? 'number' : 'numbers'} found`}
        secondaryAction={<SimulatedBadge />}
        primaryAction={provisionButton}
      />
      <Layouts.Action
        startActions={
          <SearchAndFilters label="Search by phone number, name or active campaign" options={filterOptions} />
        }
        endActions={
          canExport ? (
            <IconButton
              label="Export the current view as CSV"
              onClick={handleExport}
              disabled={exporting || !pagination?.total}
              data-testid="export-csv"
            >
              <Download />
            </IconButton>
          ) : undefined
        }
      />
      <Layouts.Content>
        {error ? (
          <LoadError content={`The numbers could not be loaded: ${errorMessage(error)}`} onRetry={refetch} />
        ) : (
          <>
            <WrappingTable>
              <Table.Root rows={rows} headers={[...headers, ACTIONS_HEADER]} isLoading={isLoading && !data}>
                <Table.Content>
                  <Table.Head>
                    {headers.map((h) => (
                      <Table.HeaderCell key={h.name} {...h} />
                    ))}
                    <Th>
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Th>
                  </Table.Head>
                  <Table.Empty
                    content={isNarrowed(params) ? 'No numbers match this search or these filters.' : 'No numbers yet — provision one.'}
                    action={isNarrowed(params) ? undefined : provisionButton}
                  />
                  <Table.Loading>Loading phone numbers</Table.Loading>
                  <Table.Body>
                    {rows.map((row) => (
                      <Table.Row key={row.id} data-row={row.documentId}>
                        {headers.map(({ name, cellFormatter }) => (
                          <Table.Cell key={name} data-col={name}>
                            {cellFormatter ? cellFormatter(row, { name } as Header) : null}
                          </Table.Cell>
                        ))}
                        <Table.Cell>
                          <RowActions
                            row={row}
                            canUpdate={Boolean(canUpdate)}
                            canDelete={Boolean(canDelete)}
                            onScheduleSend={setScheduleFor}
                            onDelete={setToDelete}
                          />
                        </Table.Cell>
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table.Content>
              </Table.Root>
            </WrappingTable>
            {pagination ? (
              <ListPagination pagination={pagination} defaultPageSize={DEFAULT_PAGE_SIZE} />
            ) : null}
          </>
        )}
      </Layouts.Content>
      <ScheduleSendModal row={scheduleFor} onClose={() => setScheduleFor(null)} />
      <Dialog.Root open={toDelete !== null} onOpenChange={(open) => !open && setToDelete(null)}>
        <ConfirmDialog onConfirm={confirmDelete} title="Release this number?">
          <Flex direction="column" gap={2}>
            <Typography textAlign="center">
              Release <b>{toDelete ? nationalFormat(toDelete.phoneNumber) : ''}</b>
              {toDelete?.name ? ` (${toDelete.name})` : ''} at Plivo and delete it?
            </Typography>
            <Typography textAlign="center" textColor="neutral600" variant="pi">
              The number goes back to Plivo and cannot be recovered; texts to it will no longer reach you.
            </Typography>
          </Flex>
        </ConfirmDialog>
      </Dialog.Root>
    </Page.Main>
  );
};
