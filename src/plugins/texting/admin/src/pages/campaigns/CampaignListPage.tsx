import { Badge, Box, Button, Flex, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Layouts, Page, Table, useQueryParams, useRBAC } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { NavLink, useNavigate } from 'react-router-dom';
import type { CampaignListParams, CampaignRow, CampaignStatus } from '../../../../shared/contracts';
import { useListCampaignsQuery } from '../../api/campaigns';
import { useDirectory } from '../../api/directory';
import { ListPageHeader, ListPagination, LoadError, useOptionFilters, type ListTexts } from '../../components/ListParts';
import { column, ListTable } from '../../components/ListTable';
import { PERMISSIONS } from '../../permissions';
import { getTranslation } from '../../utils/getTranslation';
import { CAMPAIGN_STATUS_LABEL, NUMBER_TYPE_LABEL } from '../../utils/labels';
import { nationalFormat } from '../../utils/phone';
import { CampaignStatusBadge } from './CampaignStatusBadge';
import { ProgressCell } from './ProgressCell';
import { CAMPAIGNS_PATH } from './useCampaignCommands';

type Row = CampaignRow & { id: string };
type Header = Table.Header<Row, object>;

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

const Cell = ({ children }: { children: React.ReactNode }) => <Typography textColor="neutral800">{children ?? '-'}</Typography>;

/** Texting → Campaigns: the list, in the same style as the Phone Numbers page. */
export const CampaignListPage = () => {
  const { formatMessage, formatDate } = useIntl();
  const { filter, named, labelled } = useOptionFilters();
  const navigate = useNavigate();
  const [{ query }] = useQueryParams<UrlQuery>();
  const params = React.useMemo(() => paramsOf(query), [query]);
  const { data, error, isLoading, isFetching, refetch } = useListCampaignsQuery(params);
  const { offices } = useDirectory();
  const {
    allowedActions: { canManage },
  } = useRBAC(PERMISSIONS.campaignsManage);

  const texts: ListTexts = {
    title: formatMessage({ id: getTranslation('campaigns.title'), defaultMessage: 'Campaigns' }),
    intro: formatMessage({ id: getTranslation('campaigns.subtitle'), defaultMessage: 'Texts sent from your offices’ numbers' }),
    found: (total) => formatMessage({ id: getTranslation('campaigns.found'), defaultMessage: '{total, plural, one {# campaign} other {# campaigns}} found' }, { total }),
    search: formatMessage({ id: getTranslation('campaigns.search'), defaultMessage: 'Search campaigns by name' }),
  };

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

  const officeLabel = formatMessage({ id: getTranslation('campaigns.column.office'), defaultMessage: 'Office' });
  const statusLabel = formatMessage({ id: getTranslation('campaigns.column.status'), defaultMessage: 'Status' });
  const headers: Header[] = [
    column<Row>('name', formatMessage({ id: getTranslation('campaigns.column.name'), defaultMessage: 'Name' }), (r) => (
      <Typography textColor="neutral800" fontWeight="bold">
        {r.name}
      </Typography>
    )),
    column<Row>('status', statusLabel, (r) => <CampaignStatusBadge status={r.status} />),
    column<Row>('office', officeLabel, (r) => <Cell>{r.office?.name}</Cell>, false),
    column<Row>(
      'phoneNumber',
      formatMessage({ id: getTranslation('campaigns.column.number'), defaultMessage: 'Number' }),
      (r) => {
        const number = r.phoneNumber?.phoneNumber ?? r.fromNumber;
        if (!number) return <Cell>-</Cell>;
        return (
          <Flex gap={2}>
            <Typography textColor="neutral800" title={number}>
              {nationalFormat(number)}
            </Typography>
            {r.phoneNumber?.numberType === 'single_use' || (!r.phoneNumber && r.singleUseAreaCode) ? (
              <Badge>{formatMessage(NUMBER_TYPE_LABEL.single_use)}</Badge>
            ) : null}
          </Flex>
        );
      },
      false
    ),
    column<Row>('sendAt', formatMessage({ id: getTranslation('campaigns.column.sendAt'), defaultMessage: 'Send' }), (r) => date(r.sendAt)),
    column<Row>('archiveAt', formatMessage({ id: getTranslation('campaigns.column.archiveAt'), defaultMessage: 'Archive' }), (r) => date(r.archiveAt)),
    column<Row>('progress', formatMessage({ id: getTranslation('campaigns.column.progress'), defaultMessage: 'Progress' }), (r) => <ProgressCell row={r} />, false),
  ];

  const filterOptions = [filter('office', officeLabel, named(offices)), filter('status', statusLabel, labelled(CAMPAIGN_STATUS_LABEL))];

  const newButton = canManage ? (
    <Button tag={NavLink} to={`${CAMPAIGNS_PATH}/new`} startIcon={<Plus />} size="S">
      {formatMessage({ id: getTranslation('campaigns.new'), defaultMessage: 'New campaign' })}
    </Button>
  ) : undefined;
  const narrowed = Boolean(params.q || params.office || params.status);
  return (
    <Page.Main aria-busy={isFetching}>
      <ListPageHeader texts={texts} primaryAction={newButton} total={pagination?.total} filters={filterOptions}
        endActions={
          <Button tag={NavLink} to="/plugins/texting" variant="tertiary" size="S">
            {formatMessage({ id: getTranslation('nav.numbers'), defaultMessage: 'Phone Numbers' })}
          </Button>
        }
      />
      <Layouts.Content>
        {error ? (
          <LoadError
            message={(e) => formatMessage({ id: getTranslation('campaigns.loadError'), defaultMessage: 'The campaigns could not be loaded: {error}' }, { error: e })}
            error={error}
            onRetry={refetch}
          />
        ) : (
          <>
            <ListTable
              rows={rows}
              headers={headers}
              isLoading={isLoading}
              loading={formatMessage({ id: getTranslation('campaigns.loading'), defaultMessage: 'Loading campaigns' })}
              empty={
                narrowed
                  ? formatMessage({ id: getTranslation('campaigns.empty.filtered'), defaultMessage: 'No campaigns match this search or these filters.' })
                  : formatMessage({ id: getTranslation('campaigns.empty'), defaultMessage: 'No campaigns yet — create one.' })
              }
              emptyAction={narrowed ? undefined : newButton}
              onRowClick={(row) => navigate(`${CAMPAIGNS_PATH}/${row.documentId}`)}
            />
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
