import { Box, Button, Dialog, Flex, Grid, IconButton, Modal, Td, Tr, Typography } from '@strapi/design-system';
import { Pencil, Plus, Trash, WarningCircle } from '@strapi/icons';
import { Layouts, Page, useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import type { ZodTypeAny } from 'zod';
import { getTranslation } from '../../utils/getTranslation';
import { FormField as GridFormField } from '../../components/FormField';
import { PERMISSIONS } from '../../permissions';
import { SimpleTable } from '../../components/SimpleTable';

export type FieldErrors = Record<string, string>;

/** A form's values checked with the shared zod schema: field path → first message (the server says the same). */
export function checkWith<S extends ZodTypeAny>(schema: S, values: unknown): { ok: true; data: S['_output'] } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') || 'form';
    if (!errors[key]) errors[key] = issue.message;
  }
  return { ok: false, errors };
}

/** Runs a mutation's promise; a failure is shown as Strapi shows API errors, a success as a toast. */
export const useMutationFeedback = () => {
  const { toggleNotification } = useNotification();
  const { _unstableFormatAPIError: formatAPIError } = useAPIErrorHandler();
  return React.useCallback(
    async <T,>(run: Promise<{ data: T } | { error: unknown }>, success: string): Promise<T | null> => {
      const res = await run;
      if ('error' in res) {
        toggleNotification({ type: 'danger', message: formatAPIError(res.error as never) });
        return null;
      }
      toggleNotification({ type: 'success', message: success });
      return res.data;
    },
    [toggleNotification, formatAPIError]
  );
};

type MutationAnswer = Promise<{ data: unknown } | { error: unknown }>;

/**
 * An add/edit form's save, as the three settings screens do it: the body is checked with the shared schema first
 * (errors by field, nothing sent), then the record is created or updated, a toast says so (or shows the API's
 * error), and the form closes once the server took it. `done` is the toast's text.
 */
export const useRecordSave = <B,>(
  schema: ZodTypeAny,
  record: { documentId: string } | null,
  mutations: { create: (body: B) => MutationAnswer; update: (arg: { documentId: string; body: B }) => MutationAnswer },
  onClose: () => void
) => {
  const [errors, setErrors] = React.useState<FieldErrors>({});
  const feedback = useMutationFeedback();
  const save = async (body: B, done: string) => {
    const checked = checkWith(schema, body);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    const answer = record ? mutations.update({ documentId: record.documentId, body }) : mutations.create(body);
    if (await feedback(answer, done)) onClose();
  };
  return { errors, save };
};

/** A settings screen behind the plugin's settings permission: its queries run only once that is granted. */
export const withSettingsPermission = (Screen: React.ComponentType) => {
  const ProtectedScreen = () => (
    <Page.Protect permissions={PERMISSIONS.settings}>
      <Screen />
    </Page.Protect>
  );
  return ProtectedScreen;
};

/** "Delete X?" with the consequence spelt out. */
export const ConfirmDelete = ({
  open,
  title,
  body,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  body: string;
  onConfirm: () => void;
  onClose: () => void;
}) => {
  const { formatMessage } = useIntl();
  return (
    <Dialog.Root open={open} onOpenChange={(o: boolean) => !o && onClose()}>
      <Dialog.Content>
        <Dialog.Header>{title}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle fill="danger600" />}>
          <Typography>{body}</Typography>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary" fullWidth>
              {formatMessage({ id: getTranslation('settings.common.cancel'), defaultMessage: 'Cancel' })}
            </Button>
          </Dialog.Cancel>
          <Dialog.Action>
            <Button variant="danger-light" fullWidth onClick={onConfirm}>
              {formatMessage({ id: getTranslation('settings.common.delete'), defaultMessage: 'Delete' })}
            </Button>
          </Dialog.Action>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};

export const EmptyRow = ({ children }: { children: React.ReactNode }) => (
  <Box padding={6}>
    <Flex justifyContent="center">
      <Typography textColor="neutral600">{children}</Typography>
    </Flex>
  </Box>
);

export interface Column<T> {
  label: string;
  render: (row: T) => React.ReactNode;
}

/**
 * The page the three settings screens share: header with an "add" button, a table of rows with edit and
 * delete buttons, the add/edit form in a modal, and the delete confirmation (a toast then says `deleted`, or
 * shows the API's error). `before` goes above the table; while `isLoading`, the admin's loading page.
 */
export function SettingsTablePage<T extends { documentId: string }>(props: {
  isLoading: boolean;
  title: string;
  subtitle: string;
  addLabel: string;
  addDisabled?: boolean;
  emptyText: string;
  rows: T[];
  /** `data-<name>` on each row, for tests and styling: [name, value]. */
  rowData: (row: T) => [string, string];
  columns: Column<T>[];
  editLabel: (row: T) => string;
  deleteLabel: (row: T) => string;
  deleteTitle: (row: T | null) => string;
  deleteBody: string;
  onDelete: (row: T) => MutationAnswer;
  deleted: string;
  renderForm: (row: T | null, close: () => void) => React.ReactNode;
  before?: React.ReactNode;
}) {
  const { formatMessage } = useIntl();
  const [editing, setEditing] = React.useState<T | 'new' | null>(null);
  const [deleting, setDeleting] = React.useState<T | null>(null);
  const feedback = useMutationFeedback();
  const close = () => setEditing(null);
  if (props.isLoading) return <Page.Loading />;
  return (
    <Page.Main>
      <Page.Title>{props.title}</Page.Title>
      <Layouts.Header
        title={props.title}
        subtitle={props.subtitle}
        primaryAction={
          <Button startIcon={<Plus />} onClick={() => setEditing('new')} disabled={props.addDisabled}>
            {props.addLabel}
          </Button>
        }
      />
      <Layouts.Content>
        {props.before}
        {props.rows.length === 0 ? (
          <EmptyRow>{props.emptyText}</EmptyRow>
        ) : (
          <SimpleTable
            rowCount={props.rows.length}
            headers={[...props.columns.map((c) => c.label), formatMessage({ id: getTranslation('settings.common.actions'), defaultMessage: 'Actions' })]}
          >
            {props.rows.map((row) => {
              const [name, value] = props.rowData(row);
              return (
                <Tr key={row.documentId} {...{ [`data-${name}`]: value }}>
                  {props.columns.map((c, i) => (
                    <Td key={c.label}>{i === 0 ? <Typography fontWeight="bold">{c.render(row)}</Typography> : <Typography>{c.render(row)}</Typography>}</Td>
                  ))}
                  <Td>
                    <Flex gap={1}>
                      <IconButton label={props.editLabel(row)} variant="ghost" onClick={() => setEditing(row)}>
                        <Pencil />
                      </IconButton>
                      <IconButton label={props.deleteLabel(row)} variant="ghost" onClick={() => setDeleting(row)}>
                        <Trash />
                      </IconButton>
                    </Flex>
                  </Td>
                </Tr>
              );
            })}
          </SimpleTable>
        )}
      </Layouts.Content>
      <Modal.Root open={editing !== null} onOpenChange={(open: boolean) => !open && close()}>
        {editing !== null ? props.renderForm(editing === 'new' ? null : editing, close) : null}
      </Modal.Root>
      <ConfirmDelete
        open={deleting !== null}
        title={props.deleteTitle(deleting)}
        body={props.deleteBody}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (deleting) await feedback(props.onDelete(deleting), props.deleted);
          setDeleting(null);
        }}
      />
    </Page.Main>
  );
}

/** The add/edit modal's frame: a form with a title, its fields, Cancel and Save (which calls `onSubmit`). */
export const FormModal = ({
  label,
  title,
  onSubmit,
  saving,
  children,
}: {
  label: string;
  title: string;
  onSubmit: () => void;
  saving: boolean;
  children: React.ReactNode;
}) => {
  const { formatMessage } = useIntl();
  return (
    <Modal.Content>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
        noValidate
        aria-label={label}
      >
        <Modal.Header>
          <Modal.Title>{title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Grid.Root gap={4}>{children}</Grid.Root>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{formatMessage({ id: getTranslation('settings.common.cancel'), defaultMessage: 'Cancel' })}</Button>
          </Modal.Close>
          <Button type="submit" loading={saving}>
            {formatMessage({ id: getTranslation('settings.common.save'), defaultMessage: 'Save' })}
          </Button>
        </Modal.Footer>
      </form>
    </Modal.Content>
  );
};

/** One form field in the modal's grid: the whole row unless `half`. */
export const FormField = ({ half, ...field }: Omit<React.ComponentProps<typeof GridFormField>, 'col'> & { half?: boolean }) => (
  <GridFormField col={half ? 6 : 12} {...field} />
);
