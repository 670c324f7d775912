import { Button, Field, Flex, Grid, IconButton, Modal, Table, Tbody, Td, Textarea, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Pencil, Plus, Trash } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import * as React from 'react';
import { DEFAULT_SEND_WINDOW, DEFAULT_TIMEZONE, officeBodySchema, type OfficeRow } from '../../../../shared/contracts';
import { useCreateOfficeMutation, useDeleteOfficeMutation, useGetOfficesQuery, useUpdateOfficeMutation } from '../../api/settings';
import { PERMISSIONS } from '../../permissions';
import { checkWith, ConfirmDelete, EmptyRow, useMutationFeedback, useSettingsT, type FieldErrors } from './parts';

interface FormValues {
  name: string;
  timezone: string;
  start: string;
  end: string;
  helpText: string;
  botFallback: string;
  handoffKeyword: string;
}

const blank = (): FormValues => ({
  name: '',
  timezone: DEFAULT_TIMEZONE,
  start: DEFAULT_SEND_WINDOW.start,
  end: DEFAULT_SEND_WINDOW.end,
  helpText: '',
  botFallback: '',
  handoffKeyword: '',
});

const valuesOf = (o: OfficeRow): FormValues => ({
  name: o.name,
  timezone: o.timezone,
  start: o.sendWindow.start,
  end: o.sendWindow.end,
  helpText: o.helpText ?? '',
  botFallback: o.botFallback ?? '',
  handoffKeyword: o.handoffKeyword ?? '',
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
  const [values, setValues] = React.useState<FormValues>(office ? valuesOf(office) : blank());
  const [errors, setErrors] = React.useState<FieldErrors>({});
  const [create, { isLoading: creating }] = useCreateOfficeMutation();
  const [update, { isLoading: updating }] = useUpdateOfficeMutation();
  const feedback = useMutationFeedback();
  const set = (key: keyof FormValues) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setValues((v) => ({ ...v, [key]: e.target.value }));

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

  const field = (key: keyof FormValues, label: string, hint?: string, multiline = false, error = errors[key]) => (
    <Field.Root name={key} error={error} hint={hint}>
      <Field.Label>{label}</Field.Label>
      {multiline ? <Textarea value={values[key]} onChange={set(key)} /> : <TextInput value={values[key]} onChange={set(key)} />}
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );

  return (
    <Modal.Content>
      <form onSubmit={submit} noValidate aria-label={t('offices.form', 'Office')}>
        <Modal.Header>
          <Modal.Title>{office ? t('offices.edit', 'Edit {name}', { name: office.name }) : t('offices.add', 'Add an office')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Grid.Root gap={4}>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              {field('name', t('offices.name', 'Name'))}
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              {field('timezone', t('offices.timezone', 'Time zone'), t('offices.timezone.hint', 'IANA name, e.g. America/Chicago'))}
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              {field('start', t('offices.window.start', 'Campaign texts from'), t('offices.window.hint', 'Local time, HH:MM'), false, errors['sendWindow.start'] ?? errors.sendWindow)}
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              {field('end', t('offices.window.end', 'Campaign texts until'), t('offices.window.hint', 'Local time, HH:MM'), false, errors['sendWindow.end'])}
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              {field('helpText', t('offices.helpText', 'HELP reply'), t('offices.helpText.hint', 'Sent when someone texts HELP'), true)}
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              {field('botFallback', t('offices.botFallback', 'Bot fallback reply'), t('offices.botFallback.hint', 'Sent when the bot has no answer'), true)}
            </Grid.Item>
            <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
              {field('handoffKeyword', t('offices.handoff', 'Hand-off keyword'), t('offices.handoff.hint', 'A text with this word goes to a person'))}
            </Grid.Item>
          </Grid.Root>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('common.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button type="submit" loading={creating || updating}>
            {t('common.save', 'Save')}
          </Button>
        </Modal.Footer>
      </form>
    </Modal.Content>
  );
};

/** Settings → Texting → Offices. */
const OfficesPage = () => {
  const t = useSettingsT();
  const { data, isLoading } = useGetOfficesQuery({ sort: 'name:asc' });
  const [editing, setEditing] = React.useState<OfficeRow | 'new' | null>(null);
  const [deleting, setDeleting] = React.useState<OfficeRow | null>(null);
  const [remove] = useDeleteOfficeMutation();
  const feedback = useMutationFeedback();
  const offices = data?.data ?? [];

  if (isLoading) return <Page.Loading />;
  return (
    <Page.Main>
      <Page.Title>{t('offices.title', 'Offices')}</Page.Title>
      <Layouts.Header
        title={t('offices.title', 'Offices')}
        subtitle={t('offices.subtitle', '{count, plural, one {# office} other {# offices}}', { count: offices.length })}
        primaryAction={
          <Button startIcon={<Plus />} onClick={() => setEditing('new')}>
            {t('offices.add', 'Add an office')}
          </Button>
        }
      />
      <Layouts.Content>
        {offices.length === 0 ? (
          <EmptyRow>{t('offices.empty', 'No offices yet.')}</EmptyRow>
        ) : (
          <Table colCount={6} rowCount={offices.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('offices.name', 'Name')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('offices.timezone', 'Time zone')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('offices.window', 'Send window')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('offices.numbers', 'Numbers')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('offices.agents', 'Agents')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('common.actions', 'Actions')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {offices.map((o) => (
                <Tr key={o.documentId} data-office={o.name}>
                  <Td>
                    <Typography fontWeight="bold">{o.name}</Typography>
                  </Td>
                  <Td>
                    <Typography>{o.timezone}</Typography>
                  </Td>
                  <Td>
                    <Typography>{`${o.sendWindow.start}–${o.sendWindow.end}`}</Typography>
                  </Td>
                  <Td>
                    <Typography>{o.numberCount}</Typography>
                  </Td>
                  <Td>
                    <Typography>{o.agentCount}</Typography>
                  </Td>
                  <Td>
                    <Flex gap={1}>
                      <IconButton label={t('offices.editLabel', 'Edit {name}', { name: o.name })} variant="ghost" onClick={() => setEditing(o)}>
                        <Pencil />
                      </IconButton>
                      <IconButton label={t('offices.deleteLabel', 'Delete {name}', { name: o.name })} variant="ghost" onClick={() => setDeleting(o)}>
                        <Trash />
                      </IconButton>
                    </Flex>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>
      <Modal.Root open={editing !== null} onOpenChange={(open: boolean) => !open && setEditing(null)}>
        {editing !== null ? <OfficeForm office={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      </Modal.Root>
      <ConfirmDelete
        open={deleting !== null}
        title={t('offices.delete.title', 'Delete {name}?', { name: deleting?.name ?? '' })}
        body={t('offices.delete.body', 'An office that still has numbers or campaigns cannot be deleted; the error names them.')}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (deleting) await feedback(remove(deleting.documentId), t('offices.deleted', 'Office deleted'));
          setDeleting(null);
        }}
      />
    </Page.Main>
  );
};

export const ProtectedOfficesPage = () => (
  <Page.Protect permissions={PERMISSIONS.settings}>
    <OfficesPage />
  </Page.Protect>
);

export default ProtectedOfficesPage;
