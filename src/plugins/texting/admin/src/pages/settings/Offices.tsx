import { Textarea, TextInput } from '@strapi/design-system';
import { Page } from '@strapi/strapi/admin';
import * as React from 'react';
import { DEFAULT_SEND_WINDOW, DEFAULT_TIMEZONE, officeBodySchema, type OfficeRow } from '../../../../shared/contracts';
import { useCreateOfficeMutation, useDeleteOfficeMutation, useGetOfficesQuery, useUpdateOfficeMutation } from '../../api/settings';
import { PERMISSIONS } from '../../permissions';
import { checkWith, FormField, FormModal, SettingsTablePage, useMutationFeedback, useSettingsT, type FieldErrors } from './parts';

interface FormValues {
  name: string;
  timezone: string;
  start: string;
  end: string;
  helpText: string;
  botFallback: string;
  handoffKeyword: string;
}

const valuesOf = (o: OfficeRow | null): FormValues => ({
  name: o?.name ?? '',
  timezone: o?.timezone ?? DEFAULT_TIMEZONE,
  start: o?.sendWindow.start ?? DEFAULT_SEND_WINDOW.start,
  end: o?.sendWindow.end ?? DEFAULT_SEND_WINDOW.end,
  helpText: o?.helpText ?? '',
  botFallback: o?.botFallback ?? '',
  handoffKeyword: o?.handoffKeyword ?? '',
});

const bodyOf = (v: FormValues) => ({
  name: v.name,
  timezone: v.timezone,
  sendWindow: { start: v.start, end: v.end },
  helpText: v.helpText || null,
  botFallback: v.botFallback || null,
  handoffKeyword: v.handoffKeyword || null,
});

const OfficeForm = ({ office, onClose }: { office: OfficeRow | null; onClose: () => void }) => {
  const t = useSettingsT();
  const [values, setValues] = React.useState<FormValues>(valuesOf(office));
  const [errors, setErrors] = React.useState<FieldErrors>({});
  const [create, { isLoading: creating }] = useCreateOfficeMutation();
  const [update, { isLoading: updating }] = useUpdateOfficeMutation();
  const feedback = useMutationFeedback();
  const bind = (key: keyof FormValues) => ({
    value: values[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setValues((v) => ({ ...v, [key]: e.target.value })),
  });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const checked = checkWith(officeBodySchema, bodyOf(values));
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    const done = office
      ? await feedback(update({ documentId: office.documentId, body: bodyOf(values) }), t('offices.saved', 'Office saved'))
      : await feedback(create(bodyOf(values)), t('offices.created', 'Office created'));
    if (done) onClose();
  };

  const windowHint = t('offices.window.hint', 'Local time, HH:MM');
  return (
    <FormModal
      label={t('offices.form', 'Office')}
      title={office ? t('offices.edit', 'Edit {name}', { name: office.name }) : t('offices.add', 'Add an office')}
      onSubmit={submit}
      saving={creating || updating}
    >
      <FormField half name="name" label={t('offices.name', 'Name')} error={errors.name} required>
        <TextInput {...bind('name')} />
      </FormField>
      <FormField half name="timezone" label={t('offices.timezone', 'Time zone')} hint={t('offices.timezone.hint', 'IANA name, e.g. America/Chicago')} error={errors.timezone} required>
        <TextInput {...bind('timezone')} />
      </FormField>
      <FormField half name="start" label={t('offices.window.start', 'Campaign texts from')} hint={windowHint} error={errors['sendWindow.start'] ?? errors.sendWindow}>
        <TextInput {...bind('start')} />
      </FormField>
      <FormField half name="end" label={t('offices.window.end', 'Campaign texts until')} hint={windowHint} error={errors['sendWindow.end']}>
        <TextInput {...bind('end')} />
      </FormField>
      <FormField name="helpText" label={t('offices.helpText', 'HELP reply')} hint={t('offices.helpText.hint', 'Sent when someone texts HELP')} error={errors.helpText}>
        <Textarea {...bind('helpText')} />
      </FormField>
      <FormField name="botFallback" label={t('offices.botFallback', 'Bot fallback reply')} hint={t('offices.botFallback.hint', 'Sent when the bot has no answer')} error={errors.botFallback}>
        <Textarea {...bind('botFallback')} />
      </FormField>
      <FormField half name="handoffKeyword" label={t('offices.handoff', 'Hand-off keyword')} hint={t('offices.handoff.hint', 'A text with this word goes to a person')} error={errors.handoffKeyword}>
        <TextInput {...bind('handoffKeyword')} />
      </FormField>
    </FormModal>
  );
};

/** Settings → Texting → Offices. */
const OfficesPage = () => {
  const t = useSettingsT();
  const { data, isLoading } = useGetOfficesQuery({ sort: 'name:asc' });
  const [remove] = useDeleteOfficeMutation();
  const feedback = useMutationFeedback();
  const offices = data?.data ?? [];
  if (isLoading) return <Page.Loading />;
  return (
    <SettingsTablePage<OfficeRow>
      title={t('offices.title', 'Offices')}
      subtitle={t('offices.subtitle', '{count, plural, one {# office} other {# offices}}', { count: offices.length })}
      addLabel={t('offices.add', 'Add an office')}
      emptyText={t('offices.empty', 'No offices yet.')}
      rows={offices}
      rowData={(o) => ['office', o.name]}
      columns={[
        { label: t('offices.name', 'Name'), render: (o) => o.name },
        { label: t('offices.timezone', 'Time zone'), render: (o) => o.timezone },
        { label: t('offices.window', 'Send window'), render: (o) => `${o.sendWindow.start}–${o.sendWindow.end}` },
        { label: t('offices.numbers', 'Numbers'), render: (o) => o.numberCount },
        { label: t('offices.agents', 'Agents'), render: (o) => o.agentCount },
      ]}
      editLabel={(o) => t('offices.editLabel', 'Edit {name}', { name: o.name })}
      deleteLabel={(o) => t('offices.deleteLabel', 'Delete {name}', { name: o.name })}
      deleteTitle={(o) => t('offices.delete.title', 'Delete {name}?', { name: o?.name ?? '' })}
      deleteBody={t('offices.delete.body', 'An office that still has numbers or campaigns cannot be deleted; the error names them.')}
      onDelete={(o) => feedback(remove(o.documentId), t('offices.deleted', 'Office deleted'))}
      renderForm={(o, close) => <OfficeForm office={o} onClose={close} />}
    />
  );
};

export const ProtectedOfficesPage = () => (
  <Page.Protect permissions={PERMISSIONS.settings}>
    <OfficesPage />
  </Page.Protect>
);

export default ProtectedOfficesPage;
