import { MultiSelect, MultiSelectOption, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import { Page } from '@strapi/strapi/admin';
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
import { checkWith, FormField, FormModal, SettingsTablePage, useMutationFeedback, useSettingsT, type FieldErrors } from './parts';

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

  const none = t('agents.user.none', 'No admin user');
  return (
    <FormModal
      label={t('agents.form', 'Agent')}
      title={agent ? t('agents.edit', 'Edit {name}', { name: agent.name }) : t('agents.add', 'Add an agent')}
      onSubmit={submit}
      saving={creating || updating}
    >
      <FormField name="name" label={t('agents.name', 'Display name')} error={errors.name} required>
        <TextInput value={name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} />
      </FormField>
      <FormField name="user" label={t('agents.user', 'Admin user')} hint={t('agents.user.hint', 'The Strapi admin user who texts as this agent')} error={errors.user}>
        <SingleSelect value={user} onChange={(v: string | number) => setUser(String(v))} placeholder={none}>
          <SingleSelectOption value="">{none}</SingleSelectOption>
          {(users ?? []).map((u) => (
            <SingleSelectOption key={u.id} value={String(u.id)}>
              {[u.firstname, u.lastname].filter(Boolean).join(' ') || u.email} ({u.email})
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </FormField>
      <FormField name="offices" label={t('agents.offices', 'Offices')} error={errors.offices}>
        <MultiSelect value={offices} onChange={(v: string[]) => setOffices(v)} withTags placeholder={t('agents.offices.placeholder', 'Choose offices')}>
          {(officeList?.data ?? []).map((o) => (
            <MultiSelectOption key={o.documentId} value={o.documentId}>
              {o.name}
            </MultiSelectOption>
          ))}
        </MultiSelect>
      </FormField>
    </FormModal>
  );
};

/** Settings → Texting → Agents. */
const AgentsPage = () => {
  const t = useSettingsT();
  const { data, isLoading } = useGetAgentsQuery({ sort: 'name:asc' });
  const [remove] = useDeleteAgentMutation();
  const feedback = useMutationFeedback();
  const agents = data?.data ?? [];
  if (isLoading) return <Page.Loading />;
  return (
    <SettingsTablePage<AgentRow>
      title={t('agents.title', 'Agents')}
      subtitle={t('agents.subtitle', '{count, plural, one {# agent} other {# agents}}', { count: agents.length })}
      addLabel={t('agents.add', 'Add an agent')}
      emptyText={t('agents.empty', 'No agents yet.')}
      rows={agents}
      rowData={(a) => ['agent', a.name]}
      columns={[
        { label: t('agents.name', 'Display name'), render: (a) => a.name },
        { label: t('agents.user', 'Admin user'), render: (a) => a.user?.email ?? '—' },
        { label: t('agents.offices', 'Offices'), render: (a) => a.offices.map((o) => o.name).join(', ') || '—' },
      ]}
      editLabel={(a) => t('agents.editLabel', 'Edit {name}', { name: a.name })}
      deleteLabel={(a) => t('agents.deleteLabel', 'Delete {name}', { name: a.name })}
      deleteTitle={(a) => t('agents.delete.title', 'Delete {name}?', { name: a?.name ?? '' })}
      deleteBody={t('agents.delete.body', 'The admin user keeps their account; they no longer text as this agent.')}
      onDelete={(a) => feedback(remove(a.documentId), t('agents.deleted', 'Agent deleted'))}
      renderForm={(a, close) => <AgentForm agent={a} onClose={close} />}
    />
  );
};

export const ProtectedAgentsPage = () => (
  <Page.Protect permissions={PERMISSIONS.settings}>
    <AgentsPage />
  </Page.Protect>
);

export default ProtectedAgentsPage;
