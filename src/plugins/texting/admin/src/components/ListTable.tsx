import { Th, VisuallyHidden } from '@strapi/design-system';
import { Table } from '@strapi/strapi/admin';
import * as React from 'react';

export type ListRow = { id: string; documentId: string };

/** A column: its name (the sort key and the cells' `data-col`), its label, and how a row's cell shows. */
export const column = <R extends ListRow>(
  name: string,
  label: string,
  cellFormatter: (row: R) => React.ReactNode,
  sortable = true
): Table.Header<R, object> => ({ name, label, sortable, cellFormatter });

export interface ListTableProps<R extends ListRow> {
  rows: R[];
  headers: Array<Table.Header<R, object>>;
  /** Only the first load shows the loading row; a refetch keeps the rows on screen. */
  isLoading: boolean;
  loading: string;
  empty: string;
  emptyAction?: React.ReactNode;
  /** A last column without a visible header (row actions). */
  actions?: { label: string; render: (row: R) => React.ReactNode };
  onRowClick?: (row: R) => void;
  /** Row selection (Strapi's own checkboxes, as the Content Manager list); the bar shows while rows are selected. */
  selection?: { bar: React.ReactNode };
}

/**
 * A list page's table, built from Strapi's own `Table` (sortable headers in the URL, loading and empty rows).
 * Each cell carries `data-col`, each row `data-row` (its documentId): what the browser tests read.
 */
export const ListTable = <R extends ListRow>({ rows, headers, isLoading, loading, empty, emptyAction, actions, onRowClick, selection }: ListTableProps<R>) => {
  // The actions' column is counted so that the empty and loading rows span the whole table.
  const allHeaders = actions ? [...headers, { name: 'actions', label: actions.label, sortable: false }] : headers;
  return (
    <Table.Root rows={rows} headers={allHeaders} isLoading={isLoading}>
      {selection ? <Table.ActionBar>{selection.bar}</Table.ActionBar> : null}
      <Table.Content>
        <Table.Head>
          {selection ? <Table.HeaderCheckboxCell /> : null}
          {headers.map((h) => (
            <Table.HeaderCell key={h.name} {...h} />
          ))}
          {actions ? (
            <Th>
              <VisuallyHidden>{actions.label}</VisuallyHidden>
            </Th>
          ) : null}
        </Table.Head>
        <Table.Empty content={empty} action={emptyAction} />
        <Table.Loading>{loading}</Table.Loading>
        <Table.Body>
          {rows.map((row) => (
            <Table.Row
              key={row.id}
              data-row={row.documentId}
              onClick={onRowClick ? () => onRowClick(row) : undefined}
              style={onRowClick ? { cursor: 'pointer' } : undefined}
            >
              {selection ? <Table.CheckboxCell id={row.id} /> : null}
              {headers.map((header) => (
                <Table.Cell key={header.name} data-col={header.name}>
                  {header.cellFormatter ? header.cellFormatter(row, header) : null}
                </Table.Cell>
              ))}
              {actions ? <Table.Cell>{actions.render(row)}</Table.Cell> : null}
            </Table.Row>
          ))}
        </Table.Body>
      </Table.Content>
    </Table.Root>
  );
};
