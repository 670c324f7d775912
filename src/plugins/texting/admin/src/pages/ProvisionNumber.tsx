import {
  Box,
  Button,
  EmptyStateLayout,
  Field,
  Flex,
  Radio,
  Td,
  TextInput,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Check, Search } from '@strapi/icons';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router-dom';
import { availableNumbersQuery, type AvailableNumber } from '../../../shared/contracts';
import { useLazySearchAvailableNumbersQuery, useProvisionPhoneNumberMutation } from '../api/numbers';
import { Alert } from '../components/Alert';
import { Card } from '../components/Card';
import { NumberForm, formErrorsOf, inputOf, useNumberForm } from '../components/NumberFields';
import { EditPageHeader } from '../components/EditPageHeader';
import { LoadingBlock } from '../components/LoadingBlock';
import { SimpleTable } from '../components/SimpleTable';
import { PERMISSIONS } from '../permissions';
import { errorStatus, fieldErrors, useErrorMessage } from '../utils/errors';
import { getTranslation } from '../utils/getTranslation';
import { nationalFormat } from '../utils/phone';

const LIST_PATH = '/plugins/texting';

/** The seed's "How do I set up a reusable phone number?": area code → pick a number → details → provision. */
const ProvisionForm = () => {
  const navigate = useNavigate();
  const { formatMessage, formatNumber } = useIntl();
  const errorMessage = useErrorMessage();
  const { toggleNotification } = useNotification();
  const [searchNumbers, { isFetching: searching }] = useLazySearchAvailableNumbersQuery();
  const [provision, { isLoading: submitting }] = useProvisionPhoneNumberMutation();

  const [areaCode, setAreaCode] = React.useState('');
  const [areaError, setAreaError] = React.useState<string>();
  const [available, setAvailable] = React.useState<AvailableNumber[] | null>(null);
  const [selected, setSelected] = React.useState<string>('');
  const form = useNumberForm();
  const { errors, setErrors } = form;
  const [showNote, setShowNote] = React.useState(true);

  const search = async (e?: React.FormEvent) => {
    e?.preventDefault();
    // The server's own query schema decides what an area code is.
    if (!availableNumbersQuery.safeParse({ areaCode }).success) {
      setAreaError(formatMessage({ id: getTranslation('form.error.areaCode'), defaultMessage: 'Enter a 3-digit area code, e.g. 415.' }));
      return;
    }
    setAreaError(undefined);
    setSelected('');
    try {
      setAvailable(await searchNumbers({ areaCode }).unwrap());
    } catch (err) {
      setAvailable(null);
      setAreaError(fieldErrors(err).areaCode ?? errorMessage(err));
    }
  };

  const submit = async (e?: React.FormEvent) => {
    e?.preventDefault();
    const pickNumber = selected
      ? {}
      : { phoneNumber: formatMessage({ id: getTranslation('provision.error.pickNumber'), defaultMessage: 'Search an area code and select a number.' }) };
    if (!form.check(pickNumber)) return;
    try {
      const row = await provision({ phoneNumber: selected, ...inputOf(form.values) }).unwrap();
      toggleNotification({
        type: 'success',
        message: formatMessage(
          {
            id: getTranslation('provision.done'),
            defaultMessage: '{number} is provisioned. It stays pending until carrier registration completes (2–10 days).',
          },
          { number: nationalFormat(row.phoneNumber) }
        ),
      });
      navigate(`${LIST_PATH}?_q=${encodeURIComponent(row.phoneNumber)}`);
    } catch (err) {
      const status = errorStatus(err);
      const byField = formErrorsOf(fieldErrors(err));
      if (!Object.keys(byField).length) {
        // A 409 on provisioning is about the chosen number (sold meanwhile, already rented or already ours).
        if (status === 409) byField.phoneNumber = errorMessage(err);
        else byField._form = errorMessage(err);
      }
      setErrors(byField);
      toggleNotification({
        type: 'danger',
        message:
          status === 502
            ? formatMessage({ id: getTranslation('provision.error.plivo'), defaultMessage: 'Plivo did not sell the number: {error}' }, { error: errorMessage(err) })
            : formatMessage({ id: getTranslation('provision.error.failed'), defaultMessage: 'The number was not provisioned: {error}' }, { error: errorMessage(err) }),
      });
    }
  };

  const provisionButton = (
    <Button type="submit" form="provision-form" startIcon={<Check />} loading={submitting} disabled={submitting}>
      {formatMessage({ id: getTranslation('numbers.provision'), defaultMessage: 'Provision number' })}
    </Button>
  );
  const title = formatMessage({ id: getTranslation('provision.title'), defaultMessage: 'Provision a phone number' });

  return (
    <Page.Main>
      <EditPageHeader
        title={title}
        back={LIST_PATH}
        subtitle={formatMessage({ id: getTranslation('provision.subtitle'), defaultMessage: 'Buy a number at Plivo for one of your offices' })}
        actions={provisionButton}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {showNote ? (
            <Alert
              variant="default"
              title={formatMessage({ id: getTranslation('provision.note.title'), defaultMessage: 'Activation takes time.' })}
              onClose={() => setShowNote(false)}
            >
              {formatMessage({
                id: getTranslation('provision.note'),
                defaultMessage:
                  'Due to industry-wide phone number registration changes, it can take 2–10 days for a newly provisioned number to become active. Until then it is listed as Pending activation.',
              })}
            </Alert>
          ) : null}
          <Card>
            <Box paddingBottom={4}>
              <Typography variant="delta" tag="h2">
                {formatMessage({ id: getTranslation('provision.numberSection'), defaultMessage: 'Phone number' })}
              </Typography>
            </Box>
            <form onSubmit={search} aria-label={formatMessage({ id: getTranslation('provision.searchForm'), defaultMessage: 'Search available numbers' })}>
              <Flex gap={4} alignItems="flex-start">
                <Box width="20rem">
                  <Field.Root
                    name="areaCode"
                    error={areaError}
                    required
                    hint={formatMessage({ id: getTranslation('provision.areaCode.hint'), defaultMessage: '3 digits, e.g. 415' })}
                  >
                    <Field.Label>{formatMessage({ id: getTranslation('form.areaCode'), defaultMessage: 'Area code' })}</Field.Label>
                    <TextInput
                      value={areaCode}
                      inputMode="numeric"
                      maxLength={3}
                      placeholder="415"
                      onChange={(e: React.ChangeEvent<HTMLInputElement>) => setAreaCode(e.target.value.replace(/\D/g, ''))}
                    />
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                </Box>
                <Box paddingTop={6}>
                  <Button type="submit" variant="secondary" startIcon={<Search />} loading={searching} size="L">
                    {formatMessage({ id: getTranslation('provision.search'), defaultMessage: 'Search numbers' })}
                  </Button>
                </Box>
              </Flex>
            </form>
            <Box paddingTop={4}>
              {searching ? (
                <LoadingBlock>{formatMessage({ id: getTranslation('provision.searching'), defaultMessage: 'Searching numbers' })}</LoadingBlock>
              ) : available === null ? null : available.length === 0 ? (
                <EmptyStateLayout
                  content={formatMessage(
                    { id: getTranslation('provision.noneAvailable'), defaultMessage: 'Plivo has no numbers available in area code {areaCode} right now.' },
                    { areaCode }
                  )}
                />
              ) : (
                <Radio.Group
                  aria-label={formatMessage({ id: getTranslation('provision.available'), defaultMessage: 'Available numbers' })}
                  value={selected}
                  onValueChange={(v: string) => {
                    setSelected(v);
                    setErrors((e) => ({ ...e, phoneNumber: undefined }));
                  }}
                >
                  <SimpleTable
                    rowCount={available.length}
                    headers={[
                      { hidden: formatMessage({ id: getTranslation('provision.column.select'), defaultMessage: 'Select' }) },
                      formatMessage({ id: getTranslation('provision.column.number'), defaultMessage: 'Number' }),
                      formatMessage({ id: getTranslation('provision.column.city'), defaultMessage: 'City' }),
                      formatMessage({ id: getTranslation('provision.column.region'), defaultMessage: 'Region' }),
                      formatMessage({ id: getTranslation('provision.column.rent'), defaultMessage: 'Monthly rent' }),
                    ]}
                  >
                    {available.map((n) => (
                      <Tr key={n.phoneNumber} onClick={() => setSelected(n.phoneNumber)} style={{ cursor: 'pointer' }} data-available={n.phoneNumber}>
                        <Td>
                          <Radio.Item
                            value={n.phoneNumber}
                            aria-label={formatMessage(
                              { id: getTranslation('provision.selectNumber'), defaultMessage: 'Select {number}' },
                              { number: nationalFormat(n.phoneNumber) }
                            )}
                          />
                        </Td>
                        <Td>
                          <Typography fontWeight="bold" title={n.phoneNumber}>
                            {nationalFormat(n.phoneNumber)}
                          </Typography>
                        </Td>
                        <Td><Typography>{n.city || '-'}</Typography></Td>
                        <Td><Typography>{n.region || '-'}</Typography></Td>
                        <Td>
                          <Typography>
                            {n.monthlyRentalRate === null || n.monthlyRentalRate === undefined
                              ? '-'
                              : formatNumber(Number(n.monthlyRentalRate), { style: 'currency', currency: 'USD' })}
                          </Typography>
                        </Td>
                      </Tr>
                    ))}
                  </SimpleTable>
                </Radio.Group>
              )}
              {errors.phoneNumber ? (
                <Box paddingTop={2}>
                  <Typography variant="pi" textColor="danger600" data-field-error="phoneNumber">
                    {errors.phoneNumber}
                  </Typography>
                </Box>
              ) : null}
            </Box>
          </Card>
          <form id="provision-form" onSubmit={submit} noValidate>
            <Card>
              <NumberForm errorTitle={formatMessage({ id: getTranslation('provision.error.title'), defaultMessage: 'Not provisioned' })} form={form} />
              <Flex paddingTop={6} justifyContent="flex-end">
                {provisionButton}
              </Flex>
            </Card>
          </form>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export const ProvisionNumberPage = () => {
  const { isLoading, allowedActions } = useRBAC(PERMISSIONS.numbersProvision);
  if (isLoading) return <Page.Loading />;
  if (!allowedActions.canProvision) return <Page.NoPermissions />;
  return <ProvisionForm />;
};
