import { Button, EmptyStateLayout } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { Filters, Pagination, SearchInput } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { Pagination as PageMeta } from '../../../shared/contracts';
import { getTranslation } from '../utils/getTranslation';

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

/** In place of a list that could not be loaded, with a retry. */
export const LoadError = ({ content, onRetry }: { content: string; onRetry: () => void }) => {
  const { formatMessage } = useIntl();
  return (
    <EmptyStateLayout
      icon={<WarningCircle width="6.4rem" height="6.4rem" fill="danger600" />}
      content={content}
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

/** The "is" operator of our option filters. */
export const useIsOperator = () => {
  const { formatMessage } = useIntl();
  return [{ label: formatMessage({ id: getTranslation('list.filters.is'), defaultMessage: 'is' }), value: '$eq' }];
};
