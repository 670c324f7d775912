import { Box, Typography, type BoxProps } from '@strapi/design-system';
import * as React from 'react';

/** The admin's page-content padding (as on Strapi's own edit views). */
const PAGE_PADDING = { paddingTop: 6, paddingBottom: 6, paddingLeft: 7, paddingRight: 7 } as const;

interface CardProps {
  /** A heading (h2) above the content; none when left out. */
  title?: string;
  testId?: string;
  /** One padding all round instead of the page-content padding. */
  padding?: BoxProps['padding'];
  children: React.ReactNode;
}

/** A white, rounded, shadowed box: a section of an edit page. */
export const Card = ({ title, testId, padding, children }: CardProps) => (
  <Box background="neutral0" hasRadius shadow="filterShadow" {...(padding === undefined ? PAGE_PADDING : { padding })} data-testid={testId}>
    {title !== undefined ? (
      <Box paddingBottom={4}>
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
      </Box>
    ) : null}
    {children}
  </Box>
);
