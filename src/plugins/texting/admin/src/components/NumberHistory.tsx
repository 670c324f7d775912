import { EmptyStateLayout, Flex, Loader, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { errorMessage, errorStatus, useNumberHistory, type HistoryEntry } from '../api/client';

const ACTION_LABEL: Record<string, string> = {
  provision: 'Provisioned',
  provisioned: 'Provisioned',
  create: 'Provisioned',
  update: 'Edited',
  edit: 'Edited',
  edited: 'Edited',
  release: 'Released',
  released: 'Released',
  release_failed: 'Release failed',
  activate: 'Activated',
  activated: 'Activated',
};

const FIELD_LABEL: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  office: 'Campus/Office',
  agent: 'Agent',
  responseType: 'Response Type',
  unsolicitedInboxes: 'Unsolicited inboxes',
  providerStatus: 'Status',
  reason: 'Reason',
  plivo: 'Plivo',
};

const VALUE_LABEL: Record<string, string> = {
  bot: 'Bot',
  agent: 'Agent',
  pending: 'Pending activation',
  active: 'Active',
  release_failed: 'Release failed',
};

const show = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string' && VALUE_LABEL[v]) return VALUE_LABEL[v];
  if (Array.isArray(v)) return v.map(show).join(', ') || '—';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.name === 'string') return o.name;
    if (Array.isArray(o.offices) || Array.isArray(o.agents))
      return show([...((o.offices as unknown[]) ?? []), ...((o.agents as unknown[]) ?? [])]);
    return JSON.stringify(v);
  }
  return String(v);
};

const userOf = (e: HistoryEntry) => {
  const u = e.user;
  if (!u) return 'System';
  return u.name || [u.firstname, u.lastname].filter(Boolean).join(' ') || u.email || 'An admin';
};

const changesOf = (e: HistoryEntry): Array<{ field: string; from: unknown; to: unknown }> => {
  if (!e.changes) return [];
  if (Array.isArray(e.changes)) return e.changes.map((c) => ({ field: c.field, from: c.from ?? c.old, to: c.to ?? c.new }));
  return Object.entries(e.changes).map(([field, c]) =>
    // Non-edit events carry plain facts (`reason: "…"`): show them as the new value.
    c !== null && typeof c === 'object' && ('from' in c || 'to' in c || 'old' in c || 'new' in c)
      ? { field, from: c.from ?? c.old, to: c.to ?? c.new }
      : { field, from: undefined, to: c }
  );
};

/** Who provisioned, edited or released the number, and when. */
export const NumberHistory = ({ documentId }: { documentId: string }) => {
  const { formatDate } = useIntl();
  const { data, error, isLoading } = useNumberHistory(documentId);

  if (isLoading) {
    return (
      <Flex justifyContent="center" padding={6}>
        <Loader small>Loading history</Loader>
      </Flex>
    );
  }
  if (error) {
    return (
      <Typography textColor={errorStatus(error) === 404 ? 'neutral600' : 'danger600'}>
        {errorStatus(error) === 404 ? 'History is not available yet.' : errorMessage(error)}
      </Typography>
    );
  }
  if (!data?.length) return <EmptyStateLayout content="No history recorded for this number." />;

  return (
    <Table colCount={3} rowCount={data.length + 1}>
      <Thead>
        <Tr>
          <Th><Typography variant="sigma">When</Typography></Th>
          <Th><Typography variant="sigma">Who</Typography></Th>
          <Th><Typography variant="sigma">What</Typography></Th>
        </Tr>
      </Thead>
      <Tbody>
        {data.map((e, i) => {
          const at = e.at ?? e.createdAt;
          const changes = changesOf(e);
          return (
            <Tr key={e.id ?? i}>
              <Td>
                <Typography>{at ? formatDate(at, { dateStyle: 'medium', timeStyle: 'short' }) : '—'}</Typography>
              </Td>
              <Td>
                <Typography>{userOf(e)}</Typography>
              </Td>
              <Td>
                <Flex direction="column" alignItems="flex-start" gap={1}>
                  <Typography fontWeight="bold">{ACTION_LABEL[e.action] ?? e.action}</Typography>
                  {changes.map((c) => (
                    <Typography key={c.field} variant="pi" textColor="neutral600">
                      {FIELD_LABEL[c.field] ?? c.field}: {c.from === undefined ? show(c.to) : `${show(c.from)} → ${show(c.to)}`}
                    </Typography>
                  ))}
                </Flex>
              </Td>
            </Tr>
          );
        })}
      </Tbody>
    </Table>
  );
};
