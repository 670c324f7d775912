import {
  Button,
  Field,
  Flex,
  Grid,
  IconButton,
  Modal,
  MultiSelect,
  MultiSelectOption,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Pencil, Plus, Trash } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import * as React from 'react';
import { agentBodySchema, type AgentRow } from '../../../../shared/contracts';
import {
  useCreateAgentMutation,
  useDeleteAgentMutation,
  useGetAdminUsersQuery,
  useGetAgentsQuery,
  useGetOfficesQuery,
  useUpdateAgentMutation,
} from '../../api/settings';
import { PERMISSIONS } from '../../permissions';
import { checkWith, ConfirmDelete, EmptyRow, useMutationFeedback, useSettingsT, type FieldErrors } from './parts';

const AgentForm = ({ agent, onClose }: { agent: AgentRow | null; onClose: () => void }) => {
  const t = useSettingsT();
  const [name, setName] = React.useState(agent?.name ?? '');
  const [user, setUser] = React.useState<string>(agent?.user ? String(agent.user.id) : '');
  const [offices, setOffices] = React.useState<string[]>(agent?.offices.map((o) => o.documentId) ?? []);
  const [errors, setErrors] = React.useState<FieldErrors>({});
  const { data: officeList } = useGetOfficesQuery({ sort: 'name:asc' });
  const { data: users } = useGetAdminUsersQuery();
  const [create, { isLoading: creating }] = useCreateAgentMutation();
  const [update, { isLoading: updating }] = useUpdateAgentMutation();
  const feedback = useMutationFeedback();

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const body = { name, user: user ? Number(user) : null, offices };
    const checked = checkWith(agentBodySchema, body);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    const done = agent
      ? await feedback(update({ documentId: agent.documentId, body }), t('agents.saved', 'Agent saved'))
      : await feedback(create(body), t('agents.created', 'Agent created'));
    if (done) onClose();
  };

  return (
    <Modal.Content>
      <form onSubmit={submit} noValidate aria-label={t('agents.form', 'Agent')}>
        <Modal.Header>
          <Modal.Title>{agent ? t('agents.edit', 'Edit {name}', { name: agent.name }) : t('agents.add', 'Add an agent')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Grid.Root gap={4}>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Field.Root name="name" error={errors.name} required>
                <Field.Label>{t('agents.name', 'Display name')}</Field.Label>
                <TextInput value={name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} />
                <Field.Error />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Field.Root name="user" error={errors.user} hint={t('agents.user.hint', 'The Strapi admin user who texts as this agent')}>
                <Field.Label>{t('agents.user', 'Admin user')}</Field.Label>
                <SingleSelect value={user} onChange={(v: string | number) => setUser(String(v))} placeholder={t('agents.user.none', 'No admin user')}>
                  <SingleSelectOption value="">{t('agents.user.none', 'No admin user')}</SingleSelectOption>
                  {(users ?? []).map((u) => (
                    <SingleSelectOption key={u.id} value={String(u.id)}>
                      {[u.firstname, u.lastname].filter(Boolean).join(' ') || u.email} ({u.email})
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Field.Root name="offices" error={errors.offices}>
                <Field.Label>{t('agents.offices', 'Offices')}</Field.Label>
                <MultiSelect value={offices} onChange={(v: string[]) => setOffices(v)} withTags placeholder={t('agents.offices.placeholder', 'Choose offices')}>
                  {(officeList?.data ?? []).map((o) => (
                    <MultiSelectOption key={o.documentId} value={o.documentId}>
                      {o.name}
                    </MultiSelectOption>
                  ))}
                </MultiSelect>
                <Field.Error />
              </Field.Root>
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

/** Settings → Texting → Agents. */
const AgentsPage = () => {
  const t = useSettingsT();
  const { data, isLoading } = useGetAgentsQuery({ sort: 'name:asc' });
  const [editing, setEditing] = React.useState<AgentRow | 'new' | null>(null);
  const [deleting, setDeleting] = React.useState<AgentRow | null>(null);
  const [remove] = useDeleteAgentMutation();
  const feedback = useMutationFeedback();
  const agents = data?.data ?? [];

  if (isLoading) return <Page.Loading />;
  return (
    <Page.Main>
      <Page.Title>{t('agents.title', 'Agents')}</Page.Title>
      <Layouts.Header
        title={t('agents.title', 'Agents')}
        subtitle={t('agents.subtitle', '{count, plural, one {# agent} other {# agents}}', { count: agents.length })}
        primaryAction={
          <Button startIcon={<Plus />} onClick={() => setEditing('new')}>
            {t('agents.add', 'Add an agent')}
          </Button>
        }
      />
      <Layouts.Content>
        {agents.length === 0 ? (
          <EmptyRow>{t('agents.empty', 'No agents yet.')}</EmptyRow>
        ) : (
          <Table colCount={4} rowCount={agents.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('agents.name', 'Display name')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('agents.user', 'Admin user')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('agents.offices', 'Offices')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('common.actions', 'Actions')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {agents.map((a) => (
                <Tr key={a.documentId} data-agent={a.name}>
                  <Td>
                    <Typography fontWeight="bold">{a.name}</Typography>
                  </Td>
                  <Td>
                    <Typography>{a.user?.email ?? '—'}</Typography>
                  </Td>
                  <Td>
                    <Typography>{a.offices.map((o) => o.name).join(', ') || '—'}</Typography>
                  </Td>
                  <Td>
                    <Flex gap={1}>
                      <IconButton label={t('agents.editLabel', 'Edit {name}', { name: a.name })} variant="ghost" onClick={() => setEditing(a)}>
                        <Pencil />
                      </IconButton>
                      <IconButton label={t('agents.deleteLabel', 'Delete {name}', { name: a.name })} variant="ghost" onClick={() => setDeleting(a)}>
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
        {editing !== null ? <AgentForm agent={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      </Modal.Root>
      <ConfirmDelete
        open={deleting !== null}
        title={t('agents.delete.title', 'Delete {name}?', { name: deleting?.name ?? '' })}
        body={t('agents.delete.body', 'The admin user keeps their account; they no longer text as this agent.')}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (deleting) await feedback(remove(deleting.documentId), t('agents.deleted', 'Agent deleted'));
          setDeleting(null);
        }}
      />
    </Page.Main>
  );
};

export const ProtectedAgentsPage = () => (
  <Page.Protect permissions={PERMISSIONS.settings}>
    <AgentsPage />
  </Page.Protect>
);

export default ProtectedAgentsPage;
