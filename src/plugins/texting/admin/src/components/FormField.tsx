import { Field, Grid } from '@strapi/design-system';
import * as React from 'react';

interface Props {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  /** Grid columns on a wide screen (12 = the whole row); a narrow screen gives every field the whole row. */
  col?: 6 | 12;
  children: React.ReactNode;
}

/** One field of a form grid: its label, the input, its hint and its error, as Strapi's own edit views lay them out. */
export const FormField = ({ name, label, hint, error, required, col = 6, children }: Props) => (
  <Grid.Item col={col} s={12} direction="column" alignItems="stretch">
    <Field.Root name={name} error={error} hint={hint} required={required}>
      <Field.Label>{label}</Field.Label>
      {children}
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  </Grid.Item>
);
