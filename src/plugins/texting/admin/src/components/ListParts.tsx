import { Button, EmptyStateLayout } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { Filters, Layouts, Page, Pagination, SearchInput } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl, type MessageDescriptor } from 'react-intl';
import type { Named, Pagination as PageMeta } from '../../../shared/contracts';
import { useErrorMessage } from '../utils/errors';
import { getTranslation } from '../utils/getTranslation';
import { FilterSelectInput } from './FilterSelectInput';
import { ListTable, type ListRow, type ListTableProps } from './ListTable';
import { SimulatedBadge } from './SimulatedBadge';

/** A list page's search box and filters (both kept in the URL by Strapi's components). */
export const SearchAndFilters = ({ label, options }: { label: string; options: Filters.Filter[] }) => {
  const { formatMessage } = useIntl();
  return (
    <>
      <SearchInput label={label} placeholder={formatMessage({ id: getTranslation('list.search.placeholder'), defaultMessage: 'Search' })} />
      <Filters.Root options={options}>
        <Filters.Trigger />
        <Filters.Popover zIndex={499} />
        <Filters.List />
      </Filters.Root>
    </>
  );
};

/** In place of a list that could not be loaded: what went wrong (Strapi's error handler phrases it), and a retry. */
export const LoadError = ({ error, message, onRetry }: { error: unknown; message: (error: string) => string; onRetry: () => void }) => {
  const { formatMessage } = useIntl();
  const errorMessage = useErrorMessage();
  return (
    <EmptyStateLayout
      icon={<WarningCircle width="6.4rem" height="6.4rem" fill="danger600" />}
      content={message(errorMessage(error))}
      action={
        <Button variant="secondary" onClick={onRetry}>
          {formatMessage({ id: getTranslation('list.retry'), defaultMessage: 'Try again' })}
        </Button>
      }
      hasRadius
      shadow="tableShadow"
    />
  );
};

/** Page size and page links of a list (page and pageSize in the URL). */
export const ListPagination = ({ pagination, defaultPageSize }: { pagination: PageMeta; defaultPageSize: number }) => (
  <Pagination.Root {...pagination} defaultPageSize={defaultPageSize}>
    <Pagination.PageSize />
    <Pagination.Links />
  </Pagination.Root>
);

/** A list query's state, as RTK Query's hook returns it. */
interface ListQueryState {
  data?: { meta: { pagination: PageMeta } };
  error?: unknown;
  isLoading: boolean;
  refetch: () => void;
}

/**
 * A list page's content: its table and page links, or in their place, when the list could not be loaded, what went
 * wrong and a retry. The table shows its loading row only on the first load; a refetch keeps the rows on screen.
 */
export const ListContent = <R extends ListRow>({
  list,
  loadError,
  defaultPageSize,
  ...table
}: Omit<ListTableProps<R>, 'isLoading'> & { list: ListQueryState; loadError: (error: string) => string; defaultPageSize: number }) =>
  list.error ? (
    <LoadError error={list.error} message={loadError} onRetry={list.refetch} />
  ) : (
    <>
      <ListTable {...table} isLoading={list.isLoading && !list.data} />
      {list.data ? <ListPagination pagination={list.data.meta.pagination} defaultPageSize={defaultPageSize} /> : null}
    </>
  );

/**
 * Option filters of a list (office, agent, type…): "is" one of the options, picked with `FilterSelectInput` so that
 * the filter's tag shows the option's label. `filter(name, label, options)` builds one.
 */
export const useOptionFilters = () => {
  const { formatMessage } = useIntl();
  const operators = [{ label: formatMessage({ id: getTranslation('list.filters.is'), defaultMessage: 'is' }), value: '$eq' }];
  return {
    filter: (name: string, label: string, options: Array<{ label: string; value: string }>): Filters.Filter => ({
      name,
      label,
      type: 'enumeration',
      operators,
      input: FilterSelectInput,
      options,
    }),
    /** Offices or agents as options (value: documentId). */
    named: (refs: Named[]) => refs.map((r) => ({ label: r.name, value: r.documentId })),
    /** An enumeration's labels as options, in the user's language. */
    labelled: (labels: Record<string, MessageDescriptor>) =>
      Object.entries(labels).map(([value, descriptor]) => ({ label: formatMessage(descriptor), value })),
  };
};

/** What a list page's header says: its title, what it lists (before the count is known), the count, the search. */
export interface ListTexts {
  title: string;
  intro: string;
  found: (total: number) => string;
  search: string;
}

/** A list page's title, count, main action, search, filters and end actions (as Settings → Users has them). */
export const ListPageHeader = ({
  texts,
  total,
  primaryAction,
  filters,
  endActions,
}: {
  texts: ListTexts;
  total: number | undefined;
  primaryAction?: React.ReactNode;
  filters: Filters.Filter[];
  endActions?: React.ReactNode;
}) => (
  <>
    <Page.Title>{texts.title}</Page.Title>
    <Layouts.Header
      title={texts.title}
      subtitle={total === undefined ? texts.intro : texts.found(total)}
      secondaryAction={<SimulatedBadge />}
      primaryAction={primaryAction}
    />
    <Layouts.Action startActions={<SearchAndFilters label={texts.search} options={filters} />} endActions={endActions} />
  </>
);
