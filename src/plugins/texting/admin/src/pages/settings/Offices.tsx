import { getTranslation } from '../../utils/getTranslation';
import { Textarea, TextInput } from '@strapi/design-system';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { DEFAULT_SEND_WINDOW, DEFAULT_TIMEZONE, officeBodySchema, type OfficeRow } from '../../../../shared/contracts';
import { useCreateOfficeMutation, useDeleteOfficeMutation, useGetOfficesQuery, useUpdateOfficeMutation } from '../../api/settings';
import { FormField, FormModal, SettingsTablePage, useRecordSave, withSettingsPermission } from './parts';

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
  const { formatMessage } = useIntl();
  const [values, setValues] = React.useState<FormValues>(valuesOf(office));
  const [create, { isLoading: creating }] = useCreateOfficeMutation();
  const [update, { isLoading: updating }] = useUpdateOfficeMutation();
  const { errors, save } = useRecordSave(officeBodySchema, office, { create, update }, onClose);
  const bind = (key: keyof FormValues) => ({
    value: values[key],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setValues((v) => ({ ...v, [key]: e.target.value })),
  });

  const submit = () =>
    void save(
      bodyOf(values),
      office
        ? formatMessage({ id: getTranslation('settings.offices.saved'), defaultMessage: 'Office saved' })
        : formatMessage({ id: getTranslation('settings.offices.created'), defaultMessage: 'Office created' })
    );

  const windowHint = formatMessage({ id: getTranslation('settings.offices.window.hint'), defaultMessage: 'Local time, HH:MM' });
  return (
    <FormModal
      label={formatMessage({ id: getTranslation('settings.offices.form'), defaultMessage: 'Office' })}
      title={office ? formatMessage({ id: getTranslation('settings.offices.edit'), defaultMessage: 'Edit {name}' }, { name: office.name }) : formatMessage({ id: getTranslation('settings.offices.add'), defaultMessage: 'Add an office' })}
      onSubmit={submit}
      saving={creating || updating}
    >
      <FormField half name="name" label={formatMessage({ id: getTranslation('settings.offices.name'), defaultMessage: 'Name' })} error={errors.name} required>
        <TextInput {...bind('name')} />
      </FormField>
      <FormField half name="timezone" label={formatMessage({ id: getTranslation('settings.offices.timezone'), defaultMessage: 'Time zone' })} hint={formatMessage({ id: getTranslation('settings.offices.timezone.hint'), defaultMessage: 'IANA name, e.g. America/Chicago' })} error={errors.timezone} required>
        <TextInput {...bind('timezone')} />
      </FormField>
      <FormField half name="start" label={formatMessage({ id: getTranslation('settings.offices.window.start'), defaultMessage: 'Campaign texts from' })} hint={windowHint} error={errors['sendWindow.start'] ?? errors.sendWindow}>
        <TextInput {...bind('start')} />
      </FormField>
      <FormField half name="end" label={formatMessage({ id: getTranslation('settings.offices.window.end'), defaultMessage: 'Campaign texts until' })} hint={windowHint} error={errors['sendWindow.end']}>
        <TextInput {...bind('end')} />
      </FormField>
      <FormField name="helpText" label={formatMessage({ id: getTranslation('settings.offices.helpText'), defaultMessage: 'HELP reply' })} hint={formatMessage({ id: getTranslation('settings.offices.helpText.hint'), defaultMessage: 'Sent when someone texts HELP' })} error={errors.helpText}>
        <Textarea {...bind('helpText')} />
      </FormField>
      <FormField name="botFallback" label={formatMessage({ id: getTranslation('settings.offices.botFallback'), defaultMessage: 'Bot fallback reply' })} hint={formatMessage({ id: getTranslation('settings.offices.botFallback.hint'), defaultMessage: 'Sent when the bot has no answer' })} error={errors.botFallback}>
        <Textarea {...bind('botFallback')} />
      </FormField>
      <FormField half name="handoffKeyword" label={formatMessage({ id: getTranslation('settings.offices.handoff'), defaultMessage: 'Hand-off keyword' })} hint={formatMessage({ id: getTranslation('settings.offices.handoff.hint'), defaultMessage: 'A text with this word goes to a person' })} error={errors.handoffKeyword}>
        <TextInput {...bind('handoffKeyword')} />
      </FormField>
    </FormModal>
  );
};

/** Settings → Texting → Offices. */
const OfficesPage = () => {
  const { formatMessage } = useIntl();
  const { data, isLoading } = useGetOfficesQuery({ sort: 'name:asc' });
  const [remove] = useDeleteOfficeMutation();
  const offices = data?.data ?? [];
  return (
    <SettingsTablePage<OfficeRow>
      isLoading={isLoading}
      title={formatMessage({ id: getTranslation('settings.offices.title'), defaultMessage: 'Offices' })}
      subtitle={formatMessage({ id: getTranslation('settings.offices.subtitle'), defaultMessage: '{count, plural, one {# office} other {# offices}}' }, { count: offices.length })}
      addLabel={formatMessage({ id: getTranslation('settings.offices.add'), defaultMessage: 'Add an office' })}
      emptyText={formatMessage({ id: getTranslation('settings.offices.empty'), defaultMessage: 'No offices yet.' })}
      rows={offices}
      rowData={(o) => ['office', o.name]}
      columns={[
        { label: formatMessage({ id: getTranslation('settings.offices.name'), defaultMessage: 'Name' }), render: (o) => o.name },
        { label: formatMessage({ id: getTranslation('settings.offices.timezone'), defaultMessage: 'Time zone' }), render: (o) => o.timezone },
        { label: formatMessage({ id: getTranslation('settings.offices.window'), defaultMessage: 'Send window' }), render: (o) => `${o.sendWindow.start}–${o.sendWindow.end}` },
        { label: formatMessage({ id: getTranslation('settings.offices.numbers'), defaultMessage: 'Numbers' }), render: (o) => o.numberCount },
        { label: formatMessage({ id: getTranslation('settings.offices.agents'), defaultMessage: 'Agents' }), render: (o) => o.agentCount },
      ]}
      editLabel={(o) => formatMessage({ id: getTranslation('settings.offices.editLabel'), defaultMessage: 'Edit {name}' }, { name: o.name })}
      deleteLabel={(o) => formatMessage({ id: getTranslation('settings.offices.deleteLabel'), defaultMessage: 'Delete {name}' }, { name: o.name })}
      deleteTitle={(o) => formatMessage({ id: getTranslation('settings.offices.delete.title'), defaultMessage: 'Delete {name}?' }, { name: o?.name ?? '' })}
      deleteBody={formatMessage({ id: getTranslation('settings.offices.delete.body'), defaultMessage: 'An office that still has numbers or campaigns cannot be deleted; the error names them.' })}
      onDelete={(o) => remove(o.documentId)}
      deleted={formatMessage({ id: getTranslation('settings.offices.deleted'), defaultMessage: 'Office deleted' })}
      renderForm={(o, close) => <OfficeForm office={o} onClose={close} />}
    />
  );
};

export default withSettingsPermission(OfficesPage);
