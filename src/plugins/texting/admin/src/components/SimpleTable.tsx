import { Table, Tbody, Th, Thead, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import * as React from 'react';

/** A column heading: shown in the admin's small capitals, or `{ hidden }` for one only a screen reader reads. */
export type SimpleHeader = string | { hidden: string };

interface Props {
  headers: SimpleHeader[];
  /** How many body rows there are (the table's `rowCount` adds the heading row). */
  rowCount: number;
  'data-testid'?: string;
  /** The body's rows (`Tr`). */
  children: React.ReactNode;
}

/**
 * A small read-only table inside a card or a modal (a history, a result, a few numbers): the design system's
 * table with its heading row written once. List pages use `ListTable` (Strapi's sortable, URL-driven table).
 */
export const SimpleTable = ({ headers, rowCount, 'data-testid': testId, children }: Props) => (
  <Table colCount={headers.length} rowCount={rowCount + 1} data-testid={testId}>
    <Thead>
      <Tr>
        {headers.map((header, i) => (
          <Th key={i}>
            {typeof header === 'string' ? <Typography variant="sigma">{header}</Typography> : <VisuallyHidden>{header.hidden}</VisuallyHidden>}
          </Th>
        ))}
      </Tr>
    </Thead>
    <Tbody>{children}</Tbody>
  </Table>
);
