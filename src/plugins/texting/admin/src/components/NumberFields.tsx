import { Box, Grid, SingleSelect, SingleSelectOption, TextInput, Textarea, Typography } from '@strapi/design-system';
import * as React from 'react';
import { useIntl } from 'react-intl';
import {
  NUMBER_DESCRIPTION_MAX,
  NUMBER_NAME_MAX,
  numberUpdateBody,
  type Named,
  type NumberInput,
  type PhoneNumberDetail,
  type ResponseType,
} from '../../../shared/contracts';
import { useDirectory } from '../api/directory';
import { getTranslation } from '../utils/getTranslation';
import { RESPONSE_TYPE_LABEL } from '../utils/labels';
import { issuesByField, maximumOf } from '../utils/validation';
import { Alert } from './Alert';
import { FormField } from './FormField';
import { InboxesSelect, inboxIdsOf, inboxValuesOf, refOptions } from './InboxesSelect';

/** The form's own state: the inbox multi-select holds `office:<id>` / `agent:<id>` values. */
export interface NumberFormValues {
  name: string;
  description: string;
  office: string | null;
  agent: string | null;
  responseType: ResponseType;
  inboxes: string[];
}

export type NumberFormErrors = Partial<Record<keyof NumberFormValues | 'phoneNumber' | '_form', string>>;

export const EMPTY_VALUES: NumberFormValues = {
  name: '',
  description: '',
  office: null,
  agent: null,
  responseType: 'bot',
  inboxes: [],
};

export const valuesOf = (n: PhoneNumberDetail): NumberFormValues => ({
  name: n.name ?? '',
  description: n.description ?? '',
  office: n.office?.documentId ?? null,
  agent: n.agent?.documentId ?? null,
  responseType: n.responseType ?? 'bot',
  inboxes: inboxValuesOf(n.unsolicitedInboxes),
});

/** What the server takes (API.md); inboxes only matter for an agent-answered number. */
export const inputOf = (v: NumberFormValues): NumberInput => ({
  name: v.name.trim(),
  description: v.description.trim(),
  office: v.office ?? '',
  agent: v.agent,
  responseType: v.responseType,
  unsolicitedInboxes: v.responseType === 'agent' ? inboxIdsOf(v.inboxes) : { offices: [], agents: [] },
});

/**
 * The server's own schema (`numberUpdateBody` in shared/contracts) checks the body before it is sent; rule 4
 * (an agent-answered number needs an inbox) is the server's too, checked on every path into the data.
 */
const useValidateNumber = () => {
  const { formatMessage } = useIntl();
  return (v: NumberFormValues): NumberFormErrors => {
    const issues = issuesByField(numberUpdateBody, inputOf(v));
    const errors: NumberFormErrors = {};
    const tooLong = (max: number) =>
      formatMessage({ id: getTranslation('form.error.tooLong'), defaultMessage: 'At most {max} characters.' }, { max });
    if (issues.name) {
      const max = maximumOf(issues.name);
      errors.name = max ? tooLong(max) : formatMessage({ id: getTranslation('numbers.form.error.name'), defaultMessage: 'Give the number a name.' });
    }
    if (issues.description) errors.description = tooLong(maximumOf(issues.description) ?? NUMBER_DESCRIPTION_MAX);
    if (issues.office || !v.office) {
      errors.office = formatMessage({ id: getTranslation('numbers.form.error.office'), defaultMessage: 'Choose the office the number belongs to.' });
    }
    if (v.responseType === 'agent' && v.inboxes.length === 0) {
      errors.inboxes = formatMessage({
        id: getTranslation('numbers.form.error.inboxes'),
        defaultMessage: 'An agent-answered number needs at least one inbox (an office or an agent).',
      });
    }
    return errors;
  };
};

/** Server field paths (`details.errors[].path[0]`) onto this form's fields. */
export const formErrorsOf = (byPath: Record<string, string>): NumberFormErrors => {
  const out: NumberFormErrors = {};
  for (const [path, message] of Object.entries(byPath)) {
    const key = (
      path === 'unsolicitedInboxes' || path === 'inboxOffices' || path === 'inboxAgents'
        ? 'inboxes'
        : ['name', 'description', 'office', 'agent', 'responseType', 'phoneNumber'].includes(path)
          ? path
          : '_form'
    ) as keyof NumberFormErrors;
    out[key] = out[key] ? `${out[key]} ${message}` : message;
  }
  return out;
};

/** setErrors updater: a changed field's error no longer applies. */
const clearErrorsFor =
  (patch: Partial<NumberFormValues>) =>
  (errors: NumberFormErrors): NumberFormErrors => {
    const next = { ...errors };
    for (const k of Object.keys(patch)) delete next[k as keyof NumberFormErrors];
    return next;
  };

/** The error that belongs to no field (`_form`), shown above the fields. */
const FormErrorAlert = ({ title, errors, onClose }: { title: string; errors: NumberFormErrors; onClose: () => void }) =>
  errors._form ? (
    <Box paddingBottom={4}>
      <Alert variant="danger" title={title} onClose={onClose}>
        {errors._form}
      </Alert>
    </Box>
  ) : null;

interface Props {
  values: NumberFormValues;
  errors: NumberFormErrors;
  offices: Named[];
  agents: Named[];
  disabled?: boolean;
  onChange: (patch: Partial<NumberFormValues>) => void;
}

const Section = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Box>
    <Box paddingBottom={4}>
      <Typography variant="delta" tag="h2">
        {title}
      </Typography>
    </Box>
    {children}
  </Box>
);

/** Name, Description, Campus/Office, Agent and the Unsolicited Message Settings (provision and edit). */
export const NumberFields = ({ values, errors, offices, agents, disabled, onChange }: Props) => {
  const { formatMessage } = useIntl();
  return (
    <Box>
      <Section title={formatMessage({ id: getTranslation('numbers.form.details'), defaultMessage: 'Details' })}>
        <Grid.Root gap={5}>
          <FormField name="name" error={errors.name} required label={formatMessage({ id: getTranslation('numbers.form.name'), defaultMessage: 'Name' })}>
            <TextInput
              value={values.name}
              disabled={disabled}
              maxLength={NUMBER_NAME_MAX}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange({ name: e.target.value })}
            />
          </FormField>
          <FormField
            name="office"
            error={errors.office}
            required
            label={formatMessage({ id: getTranslation('numbers.form.office'), defaultMessage: 'Campus/Office' })}
            hint={formatMessage({
              id: getTranslation('numbers.form.office.hint'),
              defaultMessage: 'Only agents of this office can start a 1:1 text or a campaign from the number.',
            })}
          >
            <SingleSelect
              placeholder={formatMessage({ id: getTranslation('form.chooseOffice'), defaultMessage: 'Choose an office' })}
              value={values.office ?? undefined}
              disabled={disabled}
              onChange={(v: string | number) => onChange({ office: String(v) })}
            >
              {refOptions(offices)}
            </SingleSelect>
          </FormField>
          <FormField
            name="description"
            col={12}
            error={errors.description}
            label={formatMessage({ id: getTranslation('numbers.form.description'), defaultMessage: 'Description' })}
            hint={formatMessage({ id: getTranslation('numbers.form.description.hint'), defaultMessage: 'Who will use the number, or how it will be used.' })}
          >
            <Textarea
              value={values.description}
              disabled={disabled}
              maxLength={NUMBER_DESCRIPTION_MAX}
              onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onChange({ description: e.target.value })}
            />
          </FormField>
          <FormField
            name="agent"
            error={errors.agent}
            label={formatMessage({ id: getTranslation('numbers.form.agent'), defaultMessage: 'Agent' })}
            hint={formatMessage({ id: getTranslation('numbers.form.agent.hint'), defaultMessage: 'The person primarily responsible; for organisation only.' })}
          >
            <SingleSelect
              placeholder={formatMessage({ id: getTranslation('numbers.form.agent.none'), defaultMessage: 'No agent' })}
              value={values.agent ?? undefined}
              disabled={disabled}
              onClear={() => onChange({ agent: null })}
              onChange={(v: string | number) => onChange({ agent: String(v) })}
            >
              {refOptions(agents)}
            </SingleSelect>
          </FormField>
        </Grid.Root>
      </Section>
      <Box paddingTop={6}>
        <Section title={formatMessage({ id: getTranslation('numbers.form.unsolicited'), defaultMessage: 'Unsolicited Message Settings' })}>
          <Typography variant="pi" textColor="neutral600" tag="p">
            {formatMessage({
              id: getTranslation('numbers.form.unsolicited.intro'),
              defaultMessage: 'How texts received outside an active campaign are answered. While a campaign is active, its own settings apply.',
            })}
          </Typography>
          <Box paddingTop={4}>
            <Grid.Root gap={5}>
              <FormField
                name="responseType"
                error={errors.responseType}
                required
                label={formatMessage({ id: getTranslation('numbers.form.responseType'), defaultMessage: 'Response Type' })}
                hint={
                  values.responseType === 'agent'
                    ? formatMessage({ id: getTranslation('numbers.form.responseType.agentHint'), defaultMessage: 'Agent: the text goes to the inbox(es) below.' })
                    : formatMessage({ id: getTranslation('numbers.form.responseType.botHint'), defaultMessage: 'Bot: the chatbot answers the end user.' })
                }
              >
                <SingleSelect value={values.responseType} disabled={disabled} onChange={(v: string | number) => onChange({ responseType: v as ResponseType })}>
                  <SingleSelectOption value="bot">{formatMessage(RESPONSE_TYPE_LABEL.bot)}</SingleSelectOption>
                  <SingleSelectOption value="agent">{formatMessage(RESPONSE_TYPE_LABEL.agent)}</SingleSelectOption>
                </SingleSelect>
              </FormField>
              {values.responseType === 'agent' ? (
                <FormField
                  name="inboxes"
                  error={errors.inboxes}
                  required
                  label={formatMessage({ id: getTranslation('numbers.form.inboxes'), defaultMessage: 'Unsolicited Messages Inbox(es)' })}
                  hint={formatMessage({
                    id: getTranslation('numbers.form.inboxes.hint'),
                    defaultMessage: 'Offices and/or people who receive texts that are not part of an active campaign.',
                  })}
                >
                  <InboxesSelect
                    placeholder={formatMessage({ id: getTranslation('numbers.form.inboxes.placeholder'), defaultMessage: 'Choose offices and/or agents' })}
                    value={values.inboxes}
                    offices={offices}
                    agents={agents}
                    disabled={disabled}
                    onClear={() => onChange({ inboxes: [] })}
                    onChange={(v) => onChange({ inboxes: v })}
                  />
                </FormField>
              ) : null}
            </Grid.Root>
          </Box>
        </Section>
      </Box>
    </Box>
  );
};

/**
 * The number form's state, as the provisioning, edit and import forms keep it: its values, its errors, and
 * `check`, which shows what the server would refuse (and `more`, the page's own checks) before anything is sent.
 */
export const useNumberForm = (initial: NumberFormValues | (() => NumberFormValues) = EMPTY_VALUES) => {
  const validate = useValidateNumber();
  const [values, setValues] = React.useState<NumberFormValues>(initial);
  const [errors, setErrors] = React.useState<NumberFormErrors>({});
  const check = (more: NumberFormErrors = {}): boolean => {
    const found = { ...validate(values), ...more };
    setErrors(found);
    return Object.keys(found).length === 0;
  };
  return { values, setValues, errors, setErrors, check };
};

export type NumberFormState = ReturnType<typeof useNumberForm>;

/** The number's fields with the form's own error above them, as the provisioning and edit pages show them. */
export const NumberForm = ({ errorTitle, form, disabled }: { errorTitle: string; form: NumberFormState; disabled?: boolean }) => {
  const { values, errors, setValues, setErrors } = form;
  const { offices, agents } = useDirectory();
  return (
    <>
      <FormErrorAlert title={errorTitle} errors={errors} onClose={() => setErrors((e) => ({ ...e, _form: undefined }))} />
      <NumberFields
        values={values}
        errors={errors}
        offices={offices}
        agents={agents}
        disabled={disabled}
        onChange={(patch) => {
          setValues((v) => ({ ...v, ...patch }));
          setErrors(clearErrorsFor(patch));
        }}
      />
    </>
  );
};
