import {
  Alert,
  Box,
  Field,
  Grid,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Textarea,
  Typography,
} from '@strapi/design-system';
import type { NumberInput, PhoneNumberDetail, Ref, ResponseType } from '../api/client';
import { InboxesSelect, refOptions } from './InboxesSelect';

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

export const valuesOf = (n: PhoneNumberDetail): NumberFormValues => {
  const offices = n.unsolicitedInboxes?.offices ?? n.inboxOffices ?? [];
  const agents = n.unsolicitedInboxes?.agents ?? n.inboxAgents ?? [];
  return {
    name: n.name ?? '',
    description: n.description ?? '',
    office: n.office?.documentId ?? null,
    agent: n.agent?.documentId ?? null,
    responseType: n.responseType ?? 'bot',
    inboxes: [...offices.map((o) => `office:${o.documentId}`), ...agents.map((a) => `agent:${a.documentId}`)],
  };
};

/** What the server takes (API.md); inboxes only matter for an agent-answered number. */
export const inputOf = (v: NumberFormValues): NumberInput => {
  const pick = (kind: string) =>
    v.responseType === 'agent' ? v.inboxes.filter((i) => i.startsWith(`${kind}:`)).map((i) => i.slice(kind.length + 1)) : [];
  return {
    name: v.name.trim(),
    description: v.description.trim(),
    office: v.office,
    agent: v.agent,
    responseType: v.responseType,
    unsolicitedInboxes: { offices: pick('office'), agents: pick('agent') },
  };
};

/** The rules the server enforces (the model's limits and rule 4), checked before sending. */
export const validate = (v: NumberFormValues): NumberFormErrors => {
  const errors: NumberFormErrors = {};
  if (!v.name.trim()) errors.name = 'Give the number a name.';
  else if (v.name.trim().length > 120) errors.name = 'At most 120 characters.';
  if (v.description.length > 1000) errors.description = 'At most 1000 characters.';
  if (!v.office) errors.office = 'Choose the office the number belongs to.';
  if (v.responseType === 'agent' && v.inboxes.length === 0)
    errors.inboxes = 'An agent-answered number needs at least one inbox (an office or an agent).';
  return errors;
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
export const clearErrorsFor =
  (patch: Partial<NumberFormValues>) =>
  (errors: NumberFormErrors): NumberFormErrors => {
    const next = { ...errors };
    for (const k of Object.keys(patch)) delete next[k as keyof NumberFormErrors];
    return next;
  };

/** The error that belongs to no field (`_form`), shown above the fields. */
export const FormErrorAlert = ({ title, errors, onClose }: { title: string; errors: NumberFormErrors; onClose: () => void }) =>
  errors._form ? (
    <Box paddingBottom={4}>
      <Alert variant="danger" title={title} closeLabel="Close" onClose={onClose}>
        {errors._form}
      </Alert>
    </Box>
  ) : null;

interface Props {
  values: NumberFormValues;
  errors: NumberFormErrors;
  offices: Ref[];
  agents: Ref[];
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
export const NumberFields = ({ values, errors, offices, agents, disabled, onChange }: Props) => (
  <Box>
    <Section title="Details">
      <Grid.Root gap={5}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root name="name" error={errors.name} required>
            <Field.Label>Name</Field.Label>
            <TextInput
              value={values.name}
              disabled={disabled}
              maxLength={120}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange({ name: e.target.value })}
            />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="office"
            error={errors.office}
            required
            hint="Only agents of this office can start a 1:1 text or a campaign from the number."
          >
            <Field.Label>Campus/Office</Field.Label>
            <SingleSelect
              placeholder="Choose an office"
              value={values.office ?? undefined}
              disabled={disabled}
              onChange={(v: string | number) => onChange({ office: String(v) })}
            >
              {refOptions(offices)}
            </SingleSelect>
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <Field.Root
            name="description"
            error={errors.description}
            hint="Who will use the number, or how it will be used."
          >
            <Field.Label>Description</Field.Label>
            <Textarea
              value={values.description}
              disabled={disabled}
              maxLength={1000}
              onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onChange({ description: e.target.value })}
            />
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root name="agent" error={errors.agent} hint="The person primarily responsible; for organisation only.">
            <Field.Label>Agent</Field.Label>
            <SingleSelect
              placeholder="No agent"
              value={values.agent ?? undefined}
              disabled={disabled}
              onClear={() => onChange({ agent: null })}
              onChange={(v: string | number) => onChange({ agent: String(v) })}
            >
              {refOptions(agents)}
            </SingleSelect>
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
      </Grid.Root>
    </Section>
    <Box paddingTop={6}>
      <Section title="Unsolicited Message Settings">
        <Typography variant="pi" textColor="neutral600" tag="p">
          How texts received outside an active campaign are answered. While a campaign is active, its own settings apply.
        </Typography>
        <Box paddingTop={4}>
          <Grid.Root gap={5}>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              <Field.Root
                name="responseType"
                error={errors.responseType}
                required
                hint={
                  values.responseType === 'agent'
                    ? 'Agent: the text goes to the inbox(es) below.'
                    : 'Bot: the chatbot answers the end user.'
                }
              >
                <Field.Label>Response Type</Field.Label>
                <SingleSelect
                  value={values.responseType}
                  disabled={disabled}
                  onChange={(v: string | number) => onChange({ responseType: v as ResponseType })}
                >
                  <SingleSelectOption value="bot">Bot</SingleSelectOption>
                  <SingleSelectOption value="agent">Agent</SingleSelectOption>
                </SingleSelect>
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            </Grid.Item>
            {values.responseType === 'agent' ? (
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="inboxes"
                  error={errors.inboxes}
                  required
                  hint="Offices and/or people who receive texts that are not part of an active campaign."
                >
                  <Field.Label>Unsolicited Messages Inbox(es)</Field.Label>
                  <InboxesSelect
                    placeholder="Choose offices and/or agents"
                    value={values.inboxes}
                    offices={offices}
                    agents={agents}
                    disabled={disabled}
                    onClear={() => onChange({ inboxes: [] })}
                    onChange={(v) => onChange({ inboxes: v })}
                  />
                  <Field.Hint />
                  <Field.Error />
                </Field.Root>
              </Grid.Item>
            ) : null}
          </Grid.Root>
        </Box>
      </Section>
    </Box>
  </Box>
);
