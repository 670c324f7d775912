import { Box, Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import type { ZodTypeAny } from 'zod';
import { getTranslation } from '../../utils/getTranslation';

/** `t('offices.title', 'Offices')` → the message `texting.settings.offices.title`. */
export const useSettingsT = () => {
  const { formatMessage } = useIntl();
  return React.useCallback(
    (key: string, defaultMessage: string, values?: Record<string, React.ReactNode>) =>
      formatMessage({ id: getTranslation(`settings.${key}`), defaultMessage }, values as never) as string,
    [formatMessage]
  );
};

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
  const t = useSettingsT();
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
              {t('common.cancel', 'Cancel')}
            </Button>
          </Dialog.Cancel>
          <Dialog.Action>
            <Button variant="danger-light" fullWidth onClick={onConfirm}>
              {t('common.delete', 'Delete')}
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
