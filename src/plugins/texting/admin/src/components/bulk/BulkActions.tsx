import { Badge, Box, Button, Field, Flex, Modal, ProgressBar, SingleSelect, SingleSelectOption, Td, Tr, Typography } from '@strapi/design-system';
import { useTable } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { styled } from 'styled-components';
import type { BulkAction, BulkFilter, BulkRequest, BulkResult, Named } from '../../../../shared/contracts';
import { useBulkPhoneNumbersMutation } from '../../api/audit';
import type { ListParams } from '../../api/numbers';
import { useErrorMessage } from '../../utils/errors';
import { getTranslation } from '../../utils/getTranslation';
import { nationalFormat } from '../../utils/phone';
import { InboxesSelect, refOptions } from '../InboxesSelect';
import { InfoModal } from '../InfoModal';
import { SimpleTable } from '../SimpleTable';

/** Releases are sent this many rows per request, so that the bar can show how far it got. */
const RELEASE_CHUNK = 10;
const NO_AGENT = '__none__';

interface Props {
  /** The list's current view: "all N matching" sends it as the filter. */
  params: ListParams;
  total: number;
  offices: Named[];
  agents: Named[];
  canUpdate: boolean;
  canDelete: boolean;
}

const filterOf = (p: ListParams): BulkFilter => ({
  q: p.q || undefined,
  office: p.office ? p.office.split(',') : undefined,
  agent: p.agent ? p.agent.split(',') : undefined,
  responseType: p.responseType,
  numberType: p.numberType,
});

const merge = (a: BulkResult | null, b: BulkResult): BulkResult =>
  a
    ? { action: b.action, total: a.total + b.total, done: a.done + b.done, refused: a.refused + b.refused, results: [...a.results, ...b.results] }
    : b;

/**
 * The Phone Numbers list's bulk bar (inside Strapi's `Table.ActionBar`): the selected rows, or "all N matching"
 * the current filters and search; then reassign office or agent, set who answers, or release. The server judges
 * each row as a single request and says which were done and which refused, and why.
 */
export const BulkActions = ({ params, total, offices, agents, canUpdate, canDelete }: Props) => {
  const { formatMessage } = useIntl();
  const errorMessage = useErrorMessage();
  const rows = useTable('BulkActions', (s) => s.rows) as Array<{ id: string | number }>;
  const selected = useTable('BulkActions', (s) => s.selectedRows) as Array<{ id: string | number }>;
  const selectRow = useTable('BulkActions', (s) => s.selectRow);
  const [allMatching, setAllMatching] = React.useState(false);
  const [open, setOpen] = React.useState<BulkAction | null>(null);
  const [office, setOffice] = React.useState('');
  const [agent, setAgent] = React.useState('');
  const [responseType, setResponseType] = React.useState<'bot' | 'agent'>('bot');
  const [inboxes, setInboxes] = React.useState<string[]>([]);
  const [progress, setProgress] = React.useState<{ done: number; of: number } | null>(null);
  const [result, setResult] = React.useState<BulkResult | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [bulk] = useBulkPhoneNumbersMutation();

  // A selection that shrinks (a row unticked) is no longer "all matching".
  React.useEffect(() => {
    if (selected.length < rows.length) setAllMatching(false);
  }, [selected.length, rows.length]);

  const count = allMatching ? total : selected.length;
  const ids = selected.map((r) => String(r.id));
  const target = (): Pick<BulkRequest, 'documentIds' | 'filter'> => (allMatching ? { filter: filterOf(params) } : { documentIds: ids });

  const close = () => {
    setOpen(null);
    setError(null);
    setProgress(null);
  };

  const run = async () => {
    if (!open) return;
    setError(null);
    let data: BulkRequest['data'];
    if (open === 'reassign') {
      data = { ...(office ? { office } : {}), ...(agent ? { agent: agent === NO_AGENT ? null : agent } : {}) };
    } else if (open === 'answering') {
      const pick = (kind: string) => inboxes.filter((v) => v.startsWith(`${kind}:`)).map((v) => v.slice(kind.length + 1));
      data = { responseType, unsolicitedInboxes: { offices: pick('office'), agents: pick('agent') } };
    }
    try {
      let answer: BulkResult | null = null;
      if (open === 'release' && !allMatching) {
        // Releases call Plivo: sent in small requests, so the bar moves as numbers are released.
        setProgress({ done: 0, of: ids.length });
        for (let i = 0; i < ids.length; i += RELEASE_CHUNK) {
          answer = merge(answer, await bulk({ action: 'release', documentIds: ids.slice(i, i + RELEASE_CHUNK) }).unwrap());
          setProgress({ done: Math.min(i + RELEASE_CHUNK, ids.length), of: ids.length });
        }
      } else {
        setProgress({ done: 0, of: count });
        answer = await bulk({ action: open, ...target(), ...(data ? { data } : {}) }).unwrap();
      }
      close();
      setResult(answer);
    } catch (e) {
      setProgress(null);
      setError(errorMessage(e));
    }
  };

  const actionLabel = {
    reassign: formatMessage({ id: getTranslation('bulk.reassign'), defaultMessage: 'Reassign' }),
    answering: formatMessage({ id: getTranslation('bulk.answering'), defaultMessage: 'Set who answers' }),
    release: formatMessage({ id: getTranslation('bulk.release'), defaultMessage: 'Release' }),
  };
  const ready = open === 'reassign' ? Boolean(office || agent) : open === 'answering' ? responseType === 'bot' || inboxes.length > 0 : true;

  return (
    <>
      <Flex gap={2} data-testid="bulk-bar">
        {!allMatching && selected.length === rows.length && total > rows.length ? (
          <Button variant="tertiary" size="S" onClick={() => setAllMatching(true)}>
            {formatMessage({ id: getTranslation('bulk.selectAll'), defaultMessage: 'Select all {total} matching' }, { total })}
          </Button>
        ) : null}
        {allMatching ? (
          <Typography variant="omega" fontWeight="bold" data-testid="bulk-all">
            {formatMessage({ id: getTranslation('bulk.allSelected'), defaultMessage: 'All {total} matching numbers' }, { total })}
          </Typography>
        ) : null}
        {canUpdate ? (
          <>
            <Button variant="secondary" size="S" onClick={() => setOpen('reassign')}>
              {actionLabel.reassign}
            </Button>
            <Button variant="secondary" size="S" onClick={() => setOpen('answering')}>
              {actionLabel.answering}
            </Button>
          </>
        ) : null}
        {canDelete ? (
          <Button variant="danger-light" size="S" onClick={() => setOpen('release')}>
            {actionLabel.release}
          </Button>
        ) : null}
      </Flex>

      <Modal.Root open={open !== null} onOpenChange={(o: boolean) => !o && !progress && close()}>
        <Modal.Content>
          <Modal.Header>
            <Modal.Title>
              {formatMessage(
                { id: getTranslation('bulk.title'), defaultMessage: '{action}: {count, plural, one {# number} other {# numbers}}' },
                { action: open ? actionLabel[open] : '', count }
              )}
            </Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={4}>
              {open === 'reassign' ? (
                <>
                  <Field.Root name="bulk-office">
                    <Field.Label>{formatMessage({ id: getTranslation('bulk.office'), defaultMessage: 'New office' })}</Field.Label>
                    <SingleSelect value={office} onChange={(v: string | number) => setOffice(String(v))} onClear={() => setOffice('')}
                      placeholder={formatMessage({ id: getTranslation('bulk.keep'), defaultMessage: 'Keep as is' })}>
                      {refOptions(offices)}
                    </SingleSelect>
                  </Field.Root>
                  <Field.Root name="bulk-agent">
                    <Field.Label>{formatMessage({ id: getTranslation('bulk.agent'), defaultMessage: 'New agent' })}</Field.Label>
                    <SingleSelect value={agent} onChange={(v: string | number) => setAgent(String(v))} onClear={() => setAgent('')}
                      placeholder={formatMessage({ id: getTranslation('bulk.keep'), defaultMessage: 'Keep as is' })}>
                      <SingleSelectOption value={NO_AGENT}>{formatMessage({ id: getTranslation('bulk.noAgent'), defaultMessage: 'No agent' })}</SingleSelectOption>
                      {refOptions(agents)}
                    </SingleSelect>
                  </Field.Root>
                </>
              ) : null}
              {open === 'answering' ? (
                <>
                  <Field.Root name="bulk-response-type">
                    <Field.Label>{formatMessage({ id: getTranslation('bulk.responseType'), defaultMessage: 'Response type' })}</Field.Label>
                    <SingleSelect value={responseType} onChange={(v: string | number) => setResponseType(v === 'agent' ? 'agent' : 'bot')}>
                      <SingleSelectOption value="bot">{formatMessage({ id: getTranslation('bulk.responseType.bot'), defaultMessage: 'Chatbot' })}</SingleSelectOption>
                      <SingleSelectOption value="agent">{formatMessage({ id: getTranslation('bulk.responseType.agent'), defaultMessage: 'Agents’ inboxes' })}</SingleSelectOption>
                    </SingleSelect>
                  </Field.Root>
                  {responseType === 'agent' ? (
                    <Field.Root name="bulk-inboxes">
                      <Field.Label>{formatMessage({ id: getTranslation('bulk.inboxes'), defaultMessage: 'Inboxes' })}</Field.Label>
                      <InboxesSelect value={inboxes} offices={offices} agents={agents} onChange={setInboxes} onClear={() => setInboxes([])}
                        placeholder={formatMessage({ id: getTranslation('bulk.inboxes.placeholder'), defaultMessage: 'Choose at least one inbox' })} />
                    </Field.Root>
                  ) : null}
                </>
              ) : null}
              {open === 'release' ? (
                <Typography>
                  {formatMessage(
                    {
                      id: getTranslation('bulk.release.question'),
                      defaultMessage:
                        'Release {count, plural, one {# number} other {# numbers}} at Plivo and delete {count, plural, one {it} other {them}}? Numbers in use by a campaign are kept.',
                    },
                    { count }
                  )}
                </Typography>
              ) : null}
              <Typography variant="pi" textColor="neutral600">
                {formatMessage({
                  id: getTranslation('bulk.perRow'),
                  defaultMessage: 'Each number is checked as a single edit would be; a refused number does not stop the others.',
                })}
              </Typography>
              {progress ? (
                <Flex direction="column" alignItems="stretch" gap={1} data-testid="bulk-progress">
                  <ProgressBar value={progress.of ? Math.round((progress.done / progress.of) * 100) : 0} />
                  <Typography variant="pi">
                    {formatMessage({ id: getTranslation('bulk.progress'), defaultMessage: '{done} of {of} done' }, progress)}
                  </Typography>
                </Flex>
              ) : null}
              {error ? <Typography textColor="danger600">{error}</Typography> : null}
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary" disabled={Boolean(progress)}>
                {formatMessage({ id: getTranslation('action.cancel'), defaultMessage: 'Cancel' })}
              </Button>
            </Modal.Close>
            <Button variant={open === 'release' ? 'danger' : 'default'} onClick={() => void run()} disabled={!ready || Boolean(progress)} loading={Boolean(progress)}>
              {open ? actionLabel[open] : ''}
            </Button>
          </Modal.Footer>
        </Modal.Content>
      </Modal.Root>

      {/* The selection is cleared only when the result is closed: the bar (and this modal) unmount with it. */}
      <BulkResultModal
        result={result}
        onClose={() => {
          setResult(null);
          setAllMatching(false);
          selectRow([]);
        }}
      />
    </>
  );
};

/** The design system's table never wraps; a refusal's reason is a sentence and must (numbers and badges stay on one line). */
const Wrapping = styled(Box)`
  table {
    white-space: normal;
  }
  td:not(:last-child) {
    white-space: nowrap;
  }
`;

/** Each row as done or refused, with the reason the server gave. */
const BulkResultModal = ({ result, onClose }: { result: BulkResult | null; onClose: () => void }) => {
  const { formatMessage } = useIntl();
  return (
    <InfoModal
      open={result !== null}
      onClose={onClose}
      title={
        result
          ? formatMessage(
              { id: getTranslation('bulk.result.title'), defaultMessage: '{done} done, {refused} refused' },
              { done: result.done, refused: result.refused }
            )
          : ''
      }
    >
      <Wrapping data-testid="bulk-result">
        <SimpleTable
          rowCount={result?.results.length ?? 0}
          headers={[
            formatMessage({ id: getTranslation('bulk.result.number'), defaultMessage: 'Number' }),
            formatMessage({ id: getTranslation('bulk.result.status'), defaultMessage: 'Result' }),
            formatMessage({ id: getTranslation('bulk.result.reason'), defaultMessage: 'Reason' }),
          ]}
        >
          {(result?.results ?? []).map((r) => (
            <Tr key={r.documentId} data-result={r.status} data-row={r.documentId}>
              <Td><Typography>{r.phoneNumber ? nationalFormat(r.phoneNumber) : r.documentId}</Typography></Td>
              <Td>
                <Badge
                  backgroundColor={r.status === 'done' ? 'success100' : 'danger100'}
                  textColor={r.status === 'done' ? 'success700' : 'danger700'}
                >
                  {r.status === 'done'
                    ? formatMessage({ id: getTranslation('bulk.result.done'), defaultMessage: 'Done' })
                    : formatMessage({ id: getTranslation('bulk.result.refused'), defaultMessage: 'Refused' })}
                </Badge>
              </Td>
              <Td><Typography variant="pi" textColor="neutral600">{r.reason ?? ''}</Typography></Td>
            </Tr>
          ))}
        </SimpleTable>
      </Wrapping>
    </InfoModal>
  );
};
