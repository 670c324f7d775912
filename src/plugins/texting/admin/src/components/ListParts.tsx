import { Button, EmptyStateLayout } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { Filters, Pagination, SearchInput } from '@strapi/strapi/admin';
import type { Pagination as PageMeta } from '../api/client';

/** A list page's search box and filters (both kept in the URL by Strapi's components). */
export const SearchAndFilters = ({ label, options }: { label: string; options: Filters.Filter[] }) => (
  <>
    <SearchInput label={label} placeholder="Search" />
    <Filters.Root options={options}>
      <Filters.Trigger />
      <Filters.Popover zIndex={499} />
      <Filters.List />
    </Filters.Root>
  </>
);

/** In place of a list that could not be loaded, with a retry. */
export const LoadError = ({ content, onRetry }: { content: string; onRetry: () => void }) => (
  <EmptyStateLayout
    icon={<WarningCircle width="6.4rem" height="6.4rem" fill="danger600" />}
    content={content}
    action={
      <Button variant="secondary" onClick={onRetry}>
        Try again
      </Button>
    }
    hasRadius
    shadow="tableShadow"
  />
);

/** Page size and page links of a list (page and pageSize in the URL). */
export const ListPagination = ({ pagination, defaultPageSize }: { pagination: PageMeta; defaultPageSize: number }) => (
  <Pagination.Root {...pagination} defaultPageSize={defaultPageSize}>
    <Pagination.PageSize />
    <Pagination.Links />
  </Pagination.Root>
);
