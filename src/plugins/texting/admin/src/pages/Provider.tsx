import { Badge, Button, Dialog, Flex, Grid, Link, Modal, Td, Tr, Typography } from '@strapi/design-system';
import { ArrowClockwise, Check, Download, Trash } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page, useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import type { ProviderNumber, ProviderOverview } from '../../../shared/contracts';
import {
  useActivateNumberMutation,
  useGetProviderOverviewQuery,
  useImportUnmanagedNumberMutation,
  useReleaseUnmanagedNumberMutation,
  useSyncProviderMutation,
} from '../api/provider';
import { Alert } from '../components/Alert';
import { Card } from '../components/Card';
import { SimpleTable } from '../components/SimpleTable';
import { EMPTY_VALUES, NumberForm, formErrorsOf, inputOf, useNumberForm } from '../components/NumberFields';
import { fieldErrors, useErrorMessage } from '../utils/errors';
import { getTranslation } from '../utils/getTranslation';
import { nationalFormat } from '../utils/phone';

const NUMBER_PATH = '/plugins/texting/numbers';

/** Plivo's account: who it is and its prepaid balance (org-level users only). */
const AccountCard = ({ account }: { account: NonNullable<ProviderOverview['account']> }) => {
  const { formatMessage, formatNumber } = useIntl();
  const status = {
    ok: formatMessage({ id: getTranslation('provider.account.ok'), defaultMessage: 'Connected' }),
    unauthorized: formatMessage({ id: getTranslation('provider.account.unauthorized'), defaultMessage: 'Credentials refused' }),
    unreachable: formatMessage({ id: getTranslation('provider.account.unreachable'), defaultMessage: 'Plivo did not answer' }),
    not_configured: formatMessage({ id: getTranslation('provider.account.notConfigured'), defaultMessage: 'Not configured' }),
    error: formatMessage({ id: getTranslation('provider.account.error'), defaultMessage: 'Error' }),
  }[account.status];
  const balance = account.balance !== null && Number.isFinite(Number(account.balance)) ? formatNumber(Number(account.balance), { style: 'currency', currency: 'USD' }) : '—';
  return (
    <Card title={formatMessage({ id: getTranslation('provider.account'), defaultMessage: 'Plivo account' })} testId="provider-account">
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex gap={2}>
          <Badge active={account.status === 'ok'}>{status}</Badge>
          {account.name ? <Typography>{account.name}</Typography> : null}
        </Flex>
        {account.message ? <Typography textColor="danger600">{account.message}</Typography> : null}
        <Typography data-testid="provider-balance">
          {formatMessage({ id: getTranslation('provider.balance'), defaultMessage: 'Balance: {balance}' }, { balance })}
        </Typography>
        {account.billingMode ? (
          <Typography textColor="neutral600" variant="pi">
            {formatMessage(
              { id: getTranslation('provider.billing'), defaultMessage: 'Billing: {mode} · auto-recharge {recharge, select, true {on} other {off}}' },
              { mode: account.billingMode, recharge: String(account.autoRecharge === true) }
            )}
          </Typography>
        ) : null}
      </Flex>
    </Card>
  );
};

const NumberTable = ({ rows, testId, action }: { rows: ProviderNumber[]; testId: string; action?: (row: ProviderNumber) => React.ReactNode }) => {
  const { formatMessage, formatDate } = useIntl();
  return (
    <SimpleTable
      rowCount={rows.length}
      data-testid={testId}
      headers={[
        formatMessage({ id: getTranslation('numbers.column.phoneNumber'), defaultMessage: 'Phone Number' }),
        formatMessage({ id: getTranslation('numbers.column.name'), defaultMessage: 'Name' }),
        formatMessage({ id: getTranslation('numbers.column.office'), defaultMessage: 'Office' }),
        formatMessage({ id: getTranslation('provider.since'), defaultMessage: 'Since' }),
        ...(action ? [formatMessage({ id: getTranslation('numbers.column.actions'), defaultMessage: 'Actions' })] : []),
      ]}
    >
      {rows.map((r) => (
        <Tr key={r.documentId}>
          <Td>
            <Link tag={NavLink} to={`${NUMBER_PATH}/${r.documentId}`}>{nationalFormat(r.phoneNumber)}</Link>
          </Td>
          <Td><Typography>{r.name}</Typography></Td>
          <Td><Typography>{r.office?.name ?? '—'}</Typography></Td>
          <Td><Typography>{r.createdAt ? formatDate(r.createdAt, { dateStyle: 'medium' }) : '—'}</Typography></Td>
          {action ? <Td>{action(r)}</Td> : null}
        </Tr>
      ))}
    </SimpleTable>
  );
};

const Empty = ({ text }: { text: string }) => (
  <Typography textColor="neutral600" tag="p">
    {text}
  </Typography>
);

/** "Import into an office": the provisioning form's fields, through the same rules on the server. */
const ImportModal = ({ phoneNumber, onClose }: { phoneNumber: string | null; onClose: () => void }) => {
  const { formatMessage } = useIntl();
  const errorMessage = useErrorMessage();
  const { toggleNotification } = useNotification();
  const [importNumber, { isLoading }] = useImportUnmanagedNumberMutation();
  const form = useNumberForm();
  const { setValues, setErrors } = form;
  React.useEffect(() => {
    setValues(EMPTY_VALUES);
    setErrors({});
  }, [phoneNumber]);

  const submit = async () => {
    if (!phoneNumber || !form.check()) return;
    try {
      await importNumber({ phoneNumber, ...inputOf(form.values) }).unwrap();
      toggleNotification({
        type: 'success',
        message: formatMessage({ id: getTranslation('provider.import.done'), defaultMessage: '{number} is now managed here.' }, { number: nationalFormat(phoneNumber) }),
      });
      onClose();
    } catch (err) {
      const byField = formErrorsOf(fieldErrors(err));
      if (!Object.keys(byField).length) byField._form = errorMessage(err);
      setErrors(byField);
    }
  };

  return (
    <Modal.Root open={phoneNumber !== null} onOpenChange={(o: boolean) => !o && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>
            {formatMessage({ id: getTranslation('provider.import.title'), defaultMessage: 'Import {number} into an office' }, { number: phoneNumber ? nationalFormat(phoneNumber) : '' })}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <NumberForm
            errorTitle={formatMessage({ id: getTranslation('provider.import.failed'), defaultMessage: 'The number was not imported' })}
            form={form}
            disabled={isLoading}
          />
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{formatMessage({ id: getTranslation('action.cancel'), defaultMessage: 'Cancel' })}</Button>
          </Modal.Close>
          <Button onClick={() => void submit()} loading={isLoading} startIcon={<Download />}>
            {formatMessage({ id: getTranslation('provider.import'), defaultMessage: 'Import into an office' })}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

/**
 * Texting → Provider (issue 13): the Plivo account and balance, the last sync and "Sync now", numbers pending
 * activation ("Activate now"), numbers missing at Plivo, and numbers rented at Plivo but not managed here
 * ("Import into an office", "Release"). The server decides what the user sees (office scoping; unmanaged
 * numbers and the account are org-level) and says what they may do (`may`).
 */
export const ProviderPage = () => {
  const { formatMessage, formatDate } = useIntl();
  const errorMessage = useErrorMessage();
  const { toggleNotification } = useNotification();
  const { data, isLoading, error } = useGetProviderOverviewQuery();
  const [sync, { isLoading: syncing }] = useSyncProviderMutation();
  const [activate] = useActivateNumberMutation();
  const [release] = useReleaseUnmanagedNumberMutation();
  const [importing, setImporting] = React.useState<string | null>(null);
  const [releasing, setReleasing] = React.useState<string | null>(null);

  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      toggleNotification({ type: 'success', message: done });
    } catch (err) {
      toggleNotification({ type: 'danger', message: errorMessage(err) });
    }
  };

  const title = formatMessage({ id: getTranslation('provider.title'), defaultMessage: 'Provider' });
  if (isLoading) return <Page.Loading />;
  if (error || !data) return <Page.Error />;

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={
          data.lastSync
            ? formatMessage(
                { id: getTranslation('provider.lastSync'), defaultMessage: 'Last sync: {at}' },
                { at: formatDate(data.lastSync.at, { dateStyle: 'medium', timeStyle: 'short' }) }
              )
            : formatMessage({ id: getTranslation('provider.neverSynced'), defaultMessage: 'Not synced with Plivo yet' })
        }
        primaryAction={
          data.may.sync ? (
            <Button
              startIcon={<ArrowClockwise />}
              loading={syncing}
              onClick={() => void run(() => sync().unwrap(), formatMessage({ id: getTranslation('provider.synced'), defaultMessage: 'Synced with Plivo.' }))}
            >
              {formatMessage({ id: getTranslation('provider.syncNow'), defaultMessage: 'Sync now' })}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {data.lastSync && !data.lastSync.ok ? (
            <Alert variant="danger" title={formatMessage({ id: getTranslation('provider.syncFailed'), defaultMessage: 'The last sync failed' })}>
              {data.lastSync.error}
            </Alert>
          ) : null}
          {data.account ? (
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <AccountCard account={data.account} />
              </Grid.Item>
            </Grid.Root>
          ) : null}
          <Card title={formatMessage({ id: getTranslation('provider.pending'), defaultMessage: 'Pending activation' })} testId="provider-pending">
            {data.pending.length ? (
              <NumberTable
                rows={data.pending}
                testId="provider-pending-table"
                action={
                  data.may.activate
                    ? (r) => (
                        <Button
                          variant="secondary"
                          size="S"
                          startIcon={<Check />}
                          onClick={() =>
                            void run(
                              () => activate(r.documentId).unwrap(),
                              formatMessage({ id: getTranslation('provider.activated'), defaultMessage: '{number} is active.' }, { number: nationalFormat(r.phoneNumber) })
                            )
                          }
                        >
                          {formatMessage({ id: getTranslation('provider.activateNow'), defaultMessage: 'Activate now' })}
                        </Button>
                      )
                    : undefined
                }
              />
            ) : (
              <Empty text={formatMessage({ id: getTranslation('provider.pending.none'), defaultMessage: 'No number is waiting for activation.' })} />
            )}
          </Card>
          <Card title={formatMessage({ id: getTranslation('provider.missing'), defaultMessage: 'Missing at Plivo' })} testId="provider-missing">
            {data.missing.length ? (
              <NumberTable rows={data.missing} testId="provider-missing-table" />
            ) : (
              <Empty text={formatMessage({ id: getTranslation('provider.missing.none'), defaultMessage: 'Every number here is on the Plivo account.' })} />
            )}
          </Card>
          {data.unmanaged ? (
            <Card title={formatMessage({ id: getTranslation('provider.unmanaged'), defaultMessage: 'Rented at Plivo, not managed here' })} testId="provider-unmanaged">
              {data.unmanaged.length ? (
                <SimpleTable
                  rowCount={data.unmanaged.length}
                  headers={[
                    formatMessage({ id: getTranslation('numbers.column.phoneNumber'), defaultMessage: 'Phone Number' }),
                    formatMessage({ id: getTranslation('numbers.column.actions'), defaultMessage: 'Actions' }),
                  ]}
                >
                  {data.unmanaged.map((u) => (
                    <Tr key={u.phoneNumber}>
                      <Td><Typography>{nationalFormat(u.phoneNumber)}</Typography></Td>
                      <Td>
                        <Flex gap={2}>
                          {data.may.import ? (
                            <Button variant="secondary" size="S" startIcon={<Download />} onClick={() => setImporting(u.phoneNumber)}>
                              {formatMessage({ id: getTranslation('provider.import'), defaultMessage: 'Import into an office' })}
                            </Button>
                          ) : null}
                          {data.may.release ? (
                            <Button variant="danger-light" size="S" startIcon={<Trash />} onClick={() => setReleasing(u.phoneNumber)}>
                              {formatMessage({ id: getTranslation('provider.release'), defaultMessage: 'Release' })}
                            </Button>
                          ) : null}
                        </Flex>
                      </Td>
                    </Tr>
                  ))}
                </SimpleTable>
              ) : (
                <Empty
                  text={formatMessage({
                    id: getTranslation('provider.unmanaged.none'),
                    defaultMessage: 'The last sync found no number on the Plivo account that is not managed here.',
                  })}
                />
              )}
            </Card>
          ) : null}
        </Flex>
      </Layouts.Content>
      <ImportModal phoneNumber={importing} onClose={() => setImporting(null)} />
      <Dialog.Root open={releasing !== null} onOpenChange={(open) => !open && setReleasing(null)}>
        <ConfirmDialog
          title={formatMessage({ id: getTranslation('provider.release.title'), defaultMessage: 'Release this number at Plivo?' })}
          onConfirm={() => {
            const phoneNumber = releasing;
            setReleasing(null);
            if (phoneNumber) {
              void run(
                () => release(phoneNumber).unwrap(),
                formatMessage({ id: getTranslation('provider.released'), defaultMessage: '{number} was released.' }, { number: nationalFormat(phoneNumber) })
              );
            }
          }}
        >
          <Typography textAlign="center">
            {formatMessage(
              { id: getTranslation('provider.release.question'), defaultMessage: '{number} goes back to Plivo and cannot be recovered.' },
              { number: releasing ? nationalFormat(releasing) : '' }
            )}
          </Typography>
        </ConfirmDialog>
      </Dialog.Root>
    </Page.Main>
  );
};

export default ProviderPage;
