import { Badge, Box, Button, Flex, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Filters, Layouts, Page, Table, useQueryParams, useRBAC } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { NavLink, Route, Routes, useNavigate } from 'react-router-dom';
import {
  errorMessage,
  useCampaignsClient,
  useDirectory,
  useQuery,
  type CampaignListParams,
  type CampaignRow,
  type CampaignStatus,
} from '../api/client';
import { FilterSelectInput } from '../components/FilterSelectInput';
import { ListPagination, LoadError, SearchAndFilters } from '../components/ListParts';
import { SimulatedBadge } from '../components/SimulatedBadge';
import { PERMISSIONS } from '../permissions';
import { CAMPAIGN_STATUS_LABEL } from '../utils/labels';
import { nationalFormat } from '../utils/phone';
import { CampaignsEditPage } from './CampaignsEdit';
import { CampaignStatusBadge, Cell, ProgressCell } from './CampaignsParts';

type Row = CampaignRow & { id: string };
type Header = Table.Header<Row, object>;

export const CAMPAIGNS_PATH = '/plugins/texting/campaigns';
const DEFAULT_PAGE_SIZE = 10;
const SORTABLE = ['name', 'status', 'sendAt', 'archiveAt'];

/** The list's state in the URL, as Strapi's list components write it (`_q`, `sort=name:ASC`, filters). */
interface UrlQuery {
  _q?: string;
  sort?: string;
  page?: string | number;
  pageSize?: string | number;
  filters?: { $and?: Array<Record<string, Record<string, unknown>>> };
}

const toInt = (v: unknown, fallback: number) => {
  const n = Number.parseInt(String(v ?? ''), 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

const paramsOf = (query: UrlQuery): CampaignListParams => {
  const filter = (field: string) => {
    for (const entry of query.filters?.$and ?? []) {
      const v = entry?.[field]?.$eq;
      if (typeof v === 'string' && v) return v;
    }
    return undefined;
  };
  const [column, dir] = String(query.sort ?? '').split(':');
  return {
    q: query._q ? String(query._q) : undefined,
    office: filter('office'),
    status: filter('status') as CampaignStatus | undefined,
    sort: SORTABLE.includes(column) ? `${column}:${dir?.toLowerCase() === 'asc' ? 'asc' : 'desc'}` : undefined,
    page: toInt(query.page, 1),
    pageSize: Math.min(toInt(query.pageSize, DEFAULT_PAGE_SIZE), 100),
  };
};

/** Texting → Campaigns: the list, in the same style as the Phone Numbers page. */
export const CampaignsListPage = () => {
  const { formatDate } = useIntl();
  const navigate = useNavigate();
  const client = useCampaignsClient();
  const [{ query }] = useQueryParams<UrlQuery>();
  const params = React.useMemo(() => paramsOf(query), [query]);
  const { data, error, isLoading, refetch } = useQuery(`campaigns:${JSON.stringify(params)}`, () => client.list(params));
  const { offices } = useDirectory();
  const {
    allowedActions: { canManage },
  } = useRBAC(PERMISSIONS.campaignsManage);

  const rows: Row[] = (data?.data ?? []).map((r) => ({ ...r, id: r.documentId }));
  const pagination = data?.meta.pagination;
  const date = (iso: string | null) =>
    iso ? (
      <Typography textColor="neutral800" title={formatDate(iso, { dateStyle: 'full', timeStyle: 'short' })}>
        {formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' })}
      </Typography>
    ) : (
      <Cell>-</Cell>
    );

  const headers: Header[] = [
    {
      name: 'name',
      label: 'Name',
      sortable: true,
      cellFormatter: (r) => (
        <Typography textColor="neutral800" fontWeight="bold">
          {r.name}
        </Typography>
      ),
    },
    { name: 'status', label: 'Status', sortable: true, cellFormatter: (r) => <CampaignStatusBadge status={r.status} /> },
    { name: 'office', label: 'Office', sortable: false, cellFormatter: (r) => <Cell>{r.office?.name}</Cell> },
    {
      name: 'phoneNumber',
      label: 'Number',
      sortable: false,
      cellFormatter: (r) => {
        const number = r.phoneNumber?.phoneNumber ?? r.fromNumber;
        if (!number) return <Cell>-</Cell>;
        return (
          <Flex gap={2}>
            <Typography textColor="neutral800" title={number}>
              {nationalFormat(number)}
            </Typography>
            {r.phoneNumber?.numberType === 'single_use' || (!r.phoneNumber && r.singleUseAreaCode) ? <Badge>Single use</Badge> : null}
          </Flex>
        );
      },
    },
    { name: 'sendAt', label: 'Send', sortable: true, cellFormatter: (r) => date(r.sendAt) },
    { name: 'archiveAt', label: 'Archive', sortable: true, cellFormatter: (r) => date(r.archiveAt) },
    { name: 'progress', label: 'Progress', sortable: false, cellFormatter: (r) => <ProgressCell row={r} /> },
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
      name: 'status',
      label: 'Status',
      type: 'enumeration',
      operators: is,
      input: FilterSelectInput,
      options: Object.entries(CAMPAIGN_STATUS_LABEL).map(([value, label]) => ({ label, value })),
    },
  ];

  const newButton = canManage ? (
    <Button tag={NavLink} to={`${CAMPAIGNS_PATH}/new`} startIcon={<Plus />} size="S">
      New campaign
    </Button>
  ) : undefined;
  const total = pagination?.total;
  const narrowed = Boolean(params.q || params.office || params.status);

  return (
    <Page.Main aria-busy={isLoading}>
      <Page.Title>Campaigns</Page.Title>
      <Layouts.Header
        title="Campaigns"
        subtitle={total === undefined ? 'Texts sent from your offices’ numbers' : `${total} ${total === 1 ? 'campaign' : 'campaigns'} found`}
        secondaryAction={<SimulatedBadge />}
        primaryAction={newButton}
      />
      <Layouts.Action
        startActions={
          <SearchAndFilters label="Search campaigns by name" options={filterOptions} />
        }
        endActions={
          <Button tag={NavLink} to="/plugins/texting" variant="tertiary" size="S">
            Phone Numbers
          </Button>
        }
      />
      <Layouts.Content>
        {error ? (
          <LoadError content={`The campaigns could not be loaded: ${errorMessage(error)}`} onRetry={refetch} />
        ) : (
          <>
            <Table.Root rows={rows} headers={headers} isLoading={isLoading && !data}>
              <Table.Content>
                <Table.Head>
                  {headers.map((h) => (
                    <Table.HeaderCell key={h.name} {...h} />
                  ))}
                </Table.Head>
                <Table.Empty
                  content={narrowed ? 'No campaigns match this search or these filters.' : 'No campaigns yet — create one.'}
                  action={narrowed ? undefined : newButton}
                />
                <Table.Loading>Loading campaigns</Table.Loading>
                <Table.Body>
                  {rows.map((row) => (
                    <Table.Row
                      key={row.id}
                      data-row={row.documentId}
                      onClick={() => navigate(`${CAMPAIGNS_PATH}/${row.documentId}`)}
                      style={{ cursor: 'pointer' }}
                    >
                      {headers.map(({ name, cellFormatter }) => (
                        <Table.Cell key={name} data-col={name}>
                          {cellFormatter ? cellFormatter(row, { name } as Header) : null}
                        </Table.Cell>
                      ))}
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table.Content>
            </Table.Root>
            {pagination ? (
              <Box paddingTop={4}>
                <ListPagination pagination={pagination} defaultPageSize={DEFAULT_PAGE_SIZE} />
              </Box>
            ) : null}
          </>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

/** Everything under /plugins/texting/campaigns (one `<Route path="campaigns/*">` in App.tsx). */
export const CampaignsRoutes = () => (
  <Page.Protect permissions={PERMISSIONS.campaignsRead}>
    <Routes>
      <Route index element={<CampaignsListPage />} />
      <Route path="new" element={<CampaignsEditPage />} />
      <Route path=":documentId" element={<CampaignsEditPage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Page.Protect>
);
