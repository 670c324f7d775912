import { EmptyStateLayout, Flex, Td, Tr, Typography } from '@strapi/design-system';
import { useIntl, type MessageDescriptor } from 'react-intl';
import type { HistoryEntry } from '../../../shared/contracts';
import { useGetPhoneNumberHistoryQuery } from '../api/numbers';
import { errorStatus, useErrorMessage } from '../utils/errors';
import { getTranslation } from '../utils/getTranslation';
import { LoadingBlock } from './LoadingBlock';
import { SimpleTable } from './SimpleTable';
import { HISTORY_ACTION_LABEL, HISTORY_FIELD_LABEL, RESPONSE_TYPE_LABEL, STATUS_LABEL, useLabel } from '../utils/labels';

/** Values shown as labels: response types and provider states. */
const VALUE_LABEL: Record<string, MessageDescriptor> = { ...RESPONSE_TYPE_LABEL, ...STATUS_LABEL };

const changesOf = (e: HistoryEntry): Array<{ field: string; from: unknown; to: unknown }> =>
  Object.entries(e.changes ?? {}).map(([field, c]) =>
    // Non-edit events carry plain facts (`reason: "…"`): show them as the new value.
    c !== null && typeof c === 'object' && ('from' in c || 'to' in c)
      ? { field, from: (c as { from?: unknown }).from, to: (c as { to?: unknown }).to }
      : { field, from: undefined, to: c }
  );

/** Who provisioned, edited or released the number, and when (kept by phone number: earlier rentals too). */
export const NumberHistory = ({ documentId }: { documentId: string }) => {
  const answer = useGetPhoneNumberHistoryQuery(documentId);
  return <HistoryTable {...answer} />;
};

/** A history as a table: the number's page, and a released number's (Released numbers). */
export const HistoryTable = ({ data, error, isLoading }: { data?: HistoryEntry[]; error?: unknown; isLoading: boolean }) => {
  const { formatMessage, formatDate, formatList } = useIntl();
  const label = useLabel();
  const errorMessage = useErrorMessage();

  const show = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if (typeof v === 'string') return label(VALUE_LABEL, v);
    if (Array.isArray(v)) return v.length ? formatList(v.map(show), { type: 'unit' }) : '—';
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.name === 'string') return o.name;
      if (Array.isArray(o.offices) || Array.isArray(o.agents))
        return show([...((o.offices as unknown[]) ?? []), ...((o.agents as unknown[]) ?? [])]);
      return JSON.stringify(v);
    }
    return String(v);
  };

  if (isLoading) {
    return (
      <LoadingBlock>{formatMessage({ id: getTranslation('history.loading'), defaultMessage: 'Loading history' })}</LoadingBlock>
    );
  }
  if (error) {
    return (
      <Typography textColor={errorStatus(error) === 404 ? 'neutral600' : 'danger600'}>
        {errorStatus(error) === 404
          ? formatMessage({ id: getTranslation('history.unavailable'), defaultMessage: 'History is not available yet.' })
          : errorMessage(error)}
      </Typography>
    );
  }
  if (!data?.length) {
    return <EmptyStateLayout content={formatMessage({ id: getTranslation('history.empty'), defaultMessage: 'No history recorded for this number.' })} />;
  }

  return (
    <SimpleTable
      rowCount={data.length}
      headers={[
        formatMessage({ id: getTranslation('history.column.when'), defaultMessage: 'When' }),
        formatMessage({ id: getTranslation('history.column.who'), defaultMessage: 'Who' }),
        formatMessage({ id: getTranslation('history.column.what'), defaultMessage: 'What' }),
      ]}
    >
      {data.map((e) => (
        <Tr key={e.id}>
          <Td>
            <Typography>{e.createdAt ? formatDate(e.createdAt, { dateStyle: 'medium', timeStyle: 'short' }) : '—'}</Typography>
          </Td>
          <Td>
            <Typography>{e.user?.name || formatMessage({ id: getTranslation('history.system'), defaultMessage: 'System' })}</Typography>
          </Td>
          <Td>
            <Flex direction="column" alignItems="flex-start" gap={1}>
              <Typography fontWeight="bold">{label(HISTORY_ACTION_LABEL, e.action)}</Typography>
              {changesOf(e).map((c) => (
                <Typography key={c.field} variant="pi" textColor="neutral600">
                  {c.from === undefined
                    ? formatMessage(
                        { id: getTranslation('history.fact'), defaultMessage: '{field}: {value}' },
                        { field: label(HISTORY_FIELD_LABEL, c.field), value: show(c.to) }
                      )
                    : formatMessage(
                        { id: getTranslation('history.change'), defaultMessage: '{field}: {from} → {to}' },
                        { field: label(HISTORY_FIELD_LABEL, c.field), from: show(c.from), to: show(c.to) }
                      )}
                </Typography>
              ))}
            </Flex>
          </Td>
        </Tr>
      ))}
    </SimpleTable>
  );
};
