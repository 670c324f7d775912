import {
  Alert,
  Box,
  Button,
  EmptyStateLayout,
  Field,
  Flex,
  Loader,
  Radio,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { Check, Search } from '@strapi/icons';
import { BackButton, Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router-dom';
import {
  errorMessage,
  errorStatus,
  fieldErrors,
  useDirectory,
  useTextingClient,
  type AvailableNumber,
} from '../api/client';
import { Card } from '../components/Card';
import {
  EMPTY_VALUES,
  FormErrorAlert,
  NumberFields,
  clearErrorsFor,
  formErrorsOf,
  inputOf,
  validate,
  type NumberFormErrors,
  type NumberFormValues,
} from '../components/NumberFields';
import { SimulatedBadge } from '../components/SimulatedBadge';
import { PERMISSIONS } from '../permissions';
import { nationalFormat } from '../utils/phone';

const LIST_PATH = '/plugins/texting';

/** The seed's "How do I set up a reusable phone number?": area code → pick a number → details → provision. */
const ProvisionForm = () => {
  const client = useTextingClient();
  const navigate = useNavigate();
  const { formatNumber } = useIntl();
  const { toggleNotification } = useNotification();
  const { offices, agents } = useDirectory();

  const [areaCode, setAreaCode] = React.useState('');
  const [areaError, setAreaError] = React.useState<string>();
  const [searching, setSearching] = React.useState(false);
  const [available, setAvailable] = React.useState<AvailableNumber[] | null>(null);
  const [selected, setSelected] = React.useState<string>('');
  const [values, setValues] = React.useState<NumberFormValues>(EMPTY_VALUES);
  const [errors, setErrors] = React.useState<NumberFormErrors>({});
  const [submitting, setSubmitting] = React.useState(false);
  const [showNote, setShowNote] = React.useState(true);

  const search = async (e?: React.FormEvent) => {
    e?.preventDefault();
    if (!/^[2-9]\d{2}$/.test(areaCode)) {
      setAreaError('Enter a 3-digit area code, e.g. 415.');
      return;
    }
    setAreaError(undefined);
    setSearching(true);
    setSelected('');
    try {
      setAvailable(await client.availableNumbers(areaCode));
    } catch (err) {
      setAvailable(null);
      const byField = fieldErrors(err);
      setAreaError(byField.areaCode ?? errorMessage(err));
    } finally {
      setSearching(false);
    }
  };

  const submit = async (e?: React.FormEvent) => {
    e?.preventDefault();
    const local = validate(values);
    if (!selected) local.phoneNumber = 'Search an area code and select a number.';
    setErrors(local);
    if (Object.keys(local).length) return;
    setSubmitting(true);
    try {
      const row = await client.provision({ phoneNumber: selected, ...inputOf(values) });
      toggleNotification({
        type: 'success',
        message: `${nationalFormat(row.phoneNumber)} is provisioned. It stays pending until carrier registration completes (2–10 days).`,
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
            ? `Plivo did not sell the number: ${errorMessage(err)}`
            : `The number was not provisioned: ${errorMessage(err)}`,
      });
    } finally {
      setSubmitting(false);
    }
  };

  const provisionButton = (
    <Button type="submit" form="provision-form" startIcon={<Check />} loading={submitting} disabled={submitting}>
      Provision number
    </Button>
  );

  return (
    <Page.Main>
      <Page.Title>Provision a phone number</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={LIST_PATH} />}
        title="Provision a phone number"
        subtitle="Buy a number at Plivo for one of your offices"
        secondaryAction={<SimulatedBadge />}
        primaryAction={provisionButton}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {showNote ? (
            <Alert variant="default" title="Activation takes time." closeLabel="Close" onClose={() => setShowNote(false)}>
              Due to industry-wide phone number registration changes, it can take 2–10 days for a newly provisioned number
              to become active. Until then it is listed as Pending activation.
            </Alert>
          ) : null}
          <Card>
            <Box paddingBottom={4}>
              <Typography variant="delta" tag="h2">
                Phone number
              </Typography>
            </Box>
            <form onSubmit={search} aria-label="Search available numbers">
              <Flex gap={4} alignItems="flex-start">
                <Box width="20rem">
                  <Field.Root name="areaCode" error={areaError} required hint="3 digits, e.g. 415">
                    <Field.Label>Area code</Field.Label>
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
                    Search numbers
                  </Button>
                </Box>
              </Flex>
            </form>
            <Box paddingTop={4}>
              {searching ? (
                <Flex justifyContent="center" padding={6}>
                  <Loader small>Searching numbers</Loader>
                </Flex>
              ) : available === null ? null : available.length === 0 ? (
                <EmptyStateLayout content={`Plivo has no numbers available in area code ${areaCode} right now.`} />
              ) : (
                <Radio.Group
                  aria-label="Available numbers"
                  value={selected}
                  onValueChange={(v: string) => {
                    setSelected(v);
                    setErrors((e) => ({ ...e, phoneNumber: undefined }));
                  }}
                >
                  <Table colCount={5} rowCount={available.length + 1}>
                    <Thead>
                      <Tr>
                        <Th>
                          <VisuallyHidden>Select</VisuallyHidden>
                        </Th>
                        <Th><Typography variant="sigma">Number</Typography></Th>
                        <Th><Typography variant="sigma">City</Typography></Th>
                        <Th><Typography variant="sigma">Region</Typography></Th>
                        <Th><Typography variant="sigma">Monthly rent</Typography></Th>
                      </Tr>
                    </Thead>
                    <Tbody>
                      {available.map((n) => (
                        <Tr key={n.phoneNumber} onClick={() => setSelected(n.phoneNumber)} style={{ cursor: 'pointer' }} data-available={n.phoneNumber}>
                          <Td>
                            <Radio.Item value={n.phoneNumber} aria-label={`Select ${nationalFormat(n.phoneNumber)}`} />
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
                    </Tbody>
                  </Table>
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
              <FormErrorAlert title="Not provisioned" errors={errors} onClose={() => setErrors((e) => ({ ...e, _form: undefined }))} />
              <NumberFields
                values={values}
                errors={errors}
                offices={offices}
                agents={agents}
                onChange={(patch) => {
                  setValues((v) => ({ ...v, ...patch }));
                  setErrors(clearErrorsFor(patch));
                }}
              />
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
