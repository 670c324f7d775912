import { Badge, Box, Button, Dialog, Divider, Flex, Grid, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { useParams } from 'react-router-dom';
import type { CampaignSummary, PhoneNumberDetail } from '../../../shared/contracts';
import { useGetPhoneNumberQuery, useUpdatePhoneNumberMutation } from '../api/numbers';
import { Card as PageCard } from '../components/Card';
import { EffectiveBehaviour } from '../components/EffectiveBehaviour';
import { NumberHealth } from '../components/NumberHealth';
import { NumberHistory } from '../components/NumberHistory';
import { MoveImpact } from '../components/impact/NumberImpact';
import { TestRouting } from '../components/TestRouting';
import { NumberForm, formErrorsOf, inputOf, useNumberForm, valuesOf } from '../components/NumberFields';
import { EditPageHeader } from '../components/EditPageHeader';
import { StatusBadge } from '../components/StatusBadge';
import { PERMISSIONS } from '../permissions';
import { errorStatus, fieldErrors, useErrorMessage } from '../utils/errors';
import { getTranslation } from '../utils/getTranslation';
import { CAMPAIGN_STATUS_LABEL, NUMBER_TYPE_LABEL, useLabel } from '../utils/labels';
import { nationalFormat } from '../utils/phone';

const LIST_PATH = '/plugins/texting';

/** This page's cards have one padding all round. */
const Card = (props: Omit<React.ComponentProps<typeof PageCard>, 'padding'>) => <PageCard {...props} padding={6} />;

const ScheduledList = ({ campaigns }: { campaigns: CampaignSummary[] }) => {
  const { formatMessage, formatDate } = useIntl();
  const label = useLabel();
  const when = (v: string | null) => (v ? formatDate(v, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
  if (!campaigns.length) {
    return (
      <Typography textColor="neutral600">
        {formatMessage({ id: getTranslation('scheduled.none'), defaultMessage: 'No campaigns are scheduled on this number.' })}
      </Typography>
    );
  }
  return (
    <Flex direction="column" alignItems="stretch" gap={3} tag="ul">
      {campaigns.map((c, i) => (
        <Box key={c.documentId} tag="li">
          {i > 0 ? (
            <Box paddingBottom={3}>
              <Divider />
            </Box>
          ) : null}
          <Flex justifyContent="space-between" gap={2}>
            <Typography fontWeight="bold">{c.name}</Typography>
            <Badge>{label(CAMPAIGN_STATUS_LABEL, c.status)}</Badge>
          </Flex>
          <Typography variant="pi" textColor="neutral600" tag="p">
            {formatMessage(
              { id: getTranslation('scheduled.when'), defaultMessage: 'Sends {sendAt} · archives {archiveAt}' },
              { sendAt: when(c.sendAt), archiveAt: when(c.archiveAt) }
            )}
          </Typography>
        </Box>
      ))}
    </Flex>
  );
};

const EditForm = ({ number, canUpdate }: { number: PhoneNumberDetail; canUpdate: boolean }) => {
  const { formatMessage } = useIntl();
  const label = useLabel();
  const errorMessage = useErrorMessage();
  const { toggleNotification } = useNotification();
  const [update, { isLoading: saving }] = useUpdatePhoneNumberMutation();
  const form = useNumberForm(() => valuesOf(number));
  const { values, setValues, setErrors } = form;
  const initial = React.useMemo(() => JSON.stringify(valuesOf(number)), [number]);
  const modified = JSON.stringify(values) !== initial;

  React.useEffect(() => {
    setValues(valuesOf(number));
  }, [number]);

  const [confirmMove, setConfirmMove] = React.useState(false);
  const moving = Boolean(values.office) && values.office !== (number.office?.documentId ?? null);

  /** A move to another office first lists the campaigns and inboxes it affects; the admin confirms it. */
  const save = (e?: React.FormEvent) => {
    e?.preventDefault();
    if (!form.check()) return;
    if (moving) setConfirmMove(true);
    else void commit();
  };

  const commit = async () => {
    setConfirmMove(false);
    try {
      // The page's own query is invalidated by the update: it refetches the saved number.
      await update({ documentId: number.documentId, body: inputOf(values) }).unwrap();
      toggleNotification({
        type: 'success',
        message: formatMessage({ id: getTranslation('edit.saved'), defaultMessage: '{number} was saved.' }, { number: nationalFormat(number.phoneNumber) }),
      });
    } catch (err) {
      const byField = formErrorsOf(fieldErrors(err));
      // A 409 here is the office rule: an in-use number cannot move to another office.
      if (!Object.keys(byField).length) {
        if (errorStatus(err) === 409) byField.office = errorMessage(err);
        else byField._form = errorMessage(err);
      }
      setErrors(byField);
      toggleNotification({
        type: 'danger',
        message: formatMessage({ id: getTranslation('form.notSaved.error'), defaultMessage: 'Not saved: {error}' }, { error: errorMessage(err) }),
      });
    }
  };

  const saveButton = canUpdate ? (
    <Button type="submit" form="edit-number-form" startIcon={<Check />} loading={saving} disabled={!modified || saving}>
      {formatMessage({ id: getTranslation('action.save'), defaultMessage: 'Save' })}
    </Button>
  ) : undefined;

  return (
    <Page.Main>
      <EditPageHeader
        title={nationalFormat(number.phoneNumber)}
        pageTitle={formatMessage({ id: getTranslation('edit.pageTitle'), defaultMessage: '{number} · Phone Numbers' }, { number: nationalFormat(number.phoneNumber) })}
        back={LIST_PATH}
        subtitle={
          <Flex gap={2} paddingTop={1}>
            <Typography variant="epsilon" textColor="neutral600">
              {number.name} · {label(NUMBER_TYPE_LABEL, number.numberType)} · {number.phoneNumber}
            </Typography>
            <StatusBadge status={number.status} reason={number.statusReason} />
          </Flex>
        }
        actions={saveButton}
      />
      <Layouts.Content>
        <Grid.Root gap={4}>
          <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
            <form id="edit-number-form" onSubmit={save} noValidate>
              <Card>
                <NumberForm errorTitle={formatMessage({ id: getTranslation('form.notSaved'), defaultMessage: 'Not saved' })} form={form} disabled={!canUpdate} />
              </Card>
            </form>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch" gap={4}>
            <Card title={formatMessage({ id: getTranslation('edit.whoAnswers'), defaultMessage: 'Who answers now' })} testId="who-answers">
              <EffectiveBehaviour number={number} />
            </Card>
            <Card title={formatMessage({ id: getTranslation('edit.scheduled'), defaultMessage: 'Scheduled campaigns' })} testId="scheduled-campaigns">
              <ScheduledList campaigns={number.scheduledCampaigns ?? []} />
            </Card>
          </Grid.Item>
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <Card title={formatMessage({ id: getTranslation('edit.health'), defaultMessage: 'Health' })} testId="health">
              <NumberHealth documentId={number.documentId} />
            </Card>
          </Grid.Item>
          {canUpdate ? (
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Card title={formatMessage({ id: getTranslation('testRouting.title'), defaultMessage: 'Test routing' })} testId="test-routing-card">
                <TestRouting documentId={number.documentId} />
              </Card>
            </Grid.Item>
          ) : null}
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <Card title={formatMessage({ id: getTranslation('edit.history'), defaultMessage: 'History' })} testId="history">
              <NumberHistory documentId={number.documentId} />
            </Card>
          </Grid.Item>
        </Grid.Root>
      </Layouts.Content>
      <Dialog.Root open={confirmMove} onOpenChange={setConfirmMove}>
        <ConfirmDialog
          title={formatMessage({ id: getTranslation('impact.move.title'), defaultMessage: 'Move to another office?' })}
          onConfirm={() => void commit()}
          variant="default"
        >
          {confirmMove && values.office ? <MoveImpact documentId={number.documentId} office={values.office} /> : null}
        </ConfirmDialog>
      </Dialog.Root>
    </Page.Main>
  );
};

export const EditNumberPage = () => {
  const { formatMessage } = useIntl();
  const errorMessage = useErrorMessage();
  const { documentId } = useParams<{ documentId: string }>();
  const { data, error, isLoading } = useGetPhoneNumberQuery(documentId ?? '', { skip: !documentId });
  const { allowedActions, isLoading: loadingRights } = useRBAC(PERMISSIONS.numbersUpdate);

  if (isLoading || loadingRights) return <Page.Loading />;
  if (error || !data) {
    return (
      <Page.Error
        content={
          errorStatus(error) === 404
            ? formatMessage({ id: getTranslation('edit.notFound'), defaultMessage: 'This number does not exist (any more).' })
            : formatMessage({ id: getTranslation('edit.loadError'), defaultMessage: 'This number could not be loaded: {error}' }, { error: errorMessage(error) })
        }
      />
    );
  }
  return <EditForm number={data} canUpdate={Boolean(allowedActions.canUpdate)} />;
};
