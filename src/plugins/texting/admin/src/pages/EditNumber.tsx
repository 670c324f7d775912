import { Badge, Box, Button, Divider, Flex, Grid, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { BackButton, Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { useParams } from 'react-router-dom';
import {
  errorMessage,
  errorStatus,
  fieldErrors,
  useDirectory,
  usePhoneNumber,
  useTextingClient,
  type CampaignSummary,
  type PhoneNumberDetail,
} from '../api/client';
import { Card as PageCard } from '../components/Card';
import { EffectiveBehaviour } from '../components/EffectiveBehaviour';
import { NumberHistory } from '../components/NumberHistory';
import { TestRouting } from '../components/TestRouting';
import {
  FormErrorAlert,
  NumberFields,
  clearErrorsFor,
  formErrorsOf,
  inputOf,
  validate,
  valuesOf,
  type NumberFormErrors,
  type NumberFormValues,
} from '../components/NumberFields';
import { SimulatedBadge } from '../components/SimulatedBadge';
import { StatusBadge } from '../components/StatusBadge';
import { PERMISSIONS } from '../permissions';
import { CAMPAIGN_STATUS_LABEL, NUMBER_TYPE_LABEL } from '../utils/labels';
import { nationalFormat } from '../utils/phone';

const LIST_PATH = '/plugins/texting';

/** This page's cards have one padding all round. */
const Card = (props: Omit<React.ComponentProps<typeof PageCard>, 'padding'>) => <PageCard {...props} padding={6} />;

const ScheduledList = ({ campaigns }: { campaigns: CampaignSummary[] }) => {
  const { formatDate } = useIntl();
  const when = (v: string | null) => (v ? formatDate(v, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
  if (!campaigns.length) {
    return <Typography textColor="neutral600">No campaigns are scheduled on this number.</Typography>;
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
            <Badge>{CAMPAIGN_STATUS_LABEL[c.status ?? c.state ?? 'scheduled']}</Badge>
          </Flex>
          <Typography variant="pi" textColor="neutral600" tag="p">
            Sends {when(c.sendAt)} · archives {when(c.archiveAt)}
          </Typography>
        </Box>
      ))}
    </Flex>
  );
};

const EditForm = ({ number, canUpdate, onSaved }: { number: PhoneNumberDetail; canUpdate: boolean; onSaved: () => void }) => {
  const client = useTextingClient();
  const { toggleNotification } = useNotification();
  const { offices, agents } = useDirectory();
  const [values, setValues] = React.useState<NumberFormValues>(() => valuesOf(number));
  const [errors, setErrors] = React.useState<NumberFormErrors>({});
  const [saving, setSaving] = React.useState(false);
  const initial = React.useMemo(() => JSON.stringify(valuesOf(number)), [number]);
  const modified = JSON.stringify(values) !== initial;

  React.useEffect(() => {
    setValues(valuesOf(number));
  }, [number]);

  const save = async (e?: React.FormEvent) => {
    e?.preventDefault();
    const local = validate(values);
    setErrors(local);
    if (Object.keys(local).length) return;
    setSaving(true);
    try {
      await client.updateNumber(number.documentId, inputOf(values));
      toggleNotification({ type: 'success', message: `${nationalFormat(number.phoneNumber)} was saved.` });
      onSaved();
    } catch (err) {
      const byField = formErrorsOf(fieldErrors(err));
      // A 409 here is the office rule: an in-use number cannot move to another office.
      if (!Object.keys(byField).length) {
        if (errorStatus(err) === 409) byField.office = errorMessage(err);
        else byField._form = errorMessage(err);
      }
      setErrors(byField);
      toggleNotification({ type: 'danger', message: `Not saved: ${errorMessage(err)}` });
    } finally {
      setSaving(false);
    }
  };

  const saveButton = canUpdate ? (
    <Button type="submit" form="edit-number-form" startIcon={<Check />} loading={saving} disabled={!modified || saving}>
      Save
    </Button>
  ) : undefined;

  return (
    <Page.Main>
      <Page.Title>{`${nationalFormat(number.phoneNumber)} · Phone Numbers`}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={LIST_PATH} />}
        title={nationalFormat(number.phoneNumber)}
        subtitle={
          <Flex gap={2} paddingTop={1}>
            <Typography variant="epsilon" textColor="neutral600">
              {number.name} · {NUMBER_TYPE_LABEL[number.numberType] ?? number.numberType} · {number.phoneNumber}
            </Typography>
            <StatusBadge status={number.status} reason={number.statusReason} />
          </Flex>
        }
        secondaryAction={<SimulatedBadge />}
        primaryAction={saveButton}
      />
      <Layouts.Content>
        <Grid.Root gap={4}>
          <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
            <form id="edit-number-form" onSubmit={save} noValidate>
              <Card>
                <FormErrorAlert title="Not saved" errors={errors} onClose={() => setErrors((x) => ({ ...x, _form: undefined }))} />
                <NumberFields
                  values={values}
                  errors={errors}
                  offices={offices}
                  agents={agents}
                  disabled={!canUpdate}
                  onChange={(patch) => {
                    setValues((v) => ({ ...v, ...patch }));
                    setErrors(clearErrorsFor(patch));
                  }}
                />
              </Card>
            </form>
          </Grid.Item>
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch" gap={4}>
            <Card title="Who answers now" testId="who-answers">
              <EffectiveBehaviour number={number} />
            </Card>
            <Card title="Scheduled campaigns" testId="scheduled-campaigns">
              <ScheduledList campaigns={number.scheduledCampaigns ?? []} />
            </Card>
          </Grid.Item>
          {canUpdate ? (
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Card title="Test routing" testId="test-routing-card">
                <TestRouting documentId={number.documentId} />
              </Card>
            </Grid.Item>
          ) : null}
          <Grid.Item col={12} direction="column" alignItems="stretch">
            <Card title="History" testId="history">
              <NumberHistory key={number.updatedAt ?? ''} documentId={number.documentId} />
            </Card>
          </Grid.Item>
        </Grid.Root>
      </Layouts.Content>
    </Page.Main>
  );
};

export const EditNumberPage = () => {
  const { documentId } = useParams<{ documentId: string }>();
  const { data, error, isLoading, refetch } = usePhoneNumber(documentId);
  const { allowedActions, isLoading: loadingRights } = useRBAC(PERMISSIONS.numbersUpdate);

  if ((isLoading && !data) || loadingRights) return <Page.Loading />;
  if (error || !data) {
    return (
      <Page.Error
        content={errorStatus(error) === 404 ? 'This number does not exist (any more).' : `This number could not be loaded: ${errorMessage(error)}`}
      />
    );
  }
  return <EditForm number={data} canUpdate={Boolean(allowedActions.canUpdate)} onSaved={refetch} />;
};
