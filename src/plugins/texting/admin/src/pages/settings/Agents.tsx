import { getTranslation } from '../../utils/getTranslation';
import { MultiSelect, MultiSelectOption, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { agentBodySchema, type AgentRow } from '../../../../shared/contracts';
import {
  useCreateAgentMutation,
  useDeleteAgentMutation,
  useGetAdminUsersQuery,
  useGetAgentsQuery,
  useGetOfficesQuery,
  useUpdateAgentMutation,
} from '../../api/settings';
import { FormField, FormModal, SettingsTablePage, useRecordSave, withSettingsPermission } from './parts';

const AgentForm = ({ agent, onClose }: { agent: AgentRow | null; onClose: () => void }) => {
  const { formatMessage } = useIntl();
  const [name, setName] = React.useState(agent?.name ?? '');
  const [user, setUser] = React.useState<string>(agent?.user ? String(agent.user.id) : '');
  const [offices, setOffices] = React.useState<string[]>(agent?.offices.map((o) => o.documentId) ?? []);
  const { data: officeList } = useGetOfficesQuery({ sort: 'name:asc' });
  const { data: users } = useGetAdminUsersQuery();
  const [create, { isLoading: creating }] = useCreateAgentMutation();
  const [update, { isLoading: updating }] = useUpdateAgentMutation();
  const { errors, save } = useRecordSave(agentBodySchema, agent, { create, update }, onClose);

  const submit = () =>
    void save(
      { name, user: user ? Number(user) : null, offices },
      agent
        ? formatMessage({ id: getTranslation('settings.agents.saved'), defaultMessage: 'Agent saved' })
        : formatMessage({ id: getTranslation('settings.agents.created'), defaultMessage: 'Agent created' })
    );

  const none = formatMessage({ id: getTranslation('settings.agents.user.none'), defaultMessage: 'No admin user' });
  return (
    <FormModal
      label={formatMessage({ id: getTranslation('settings.agents.form'), defaultMessage: 'Agent' })}
      title={agent ? formatMessage({ id: getTranslation('settings.agents.edit'), defaultMessage: 'Edit {name}' }, { name: agent.name }) : formatMessage({ id: getTranslation('settings.agents.add'), defaultMessage: 'Add an agent' })}
      onSubmit={submit}
      saving={creating || updating}
    >
      <FormField name="name" label={formatMessage({ id: getTranslation('settings.agents.name'), defaultMessage: 'Display name' })} error={errors.name} required>
        <TextInput value={name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setName(e.target.value)} />
      </FormField>
      <FormField name="user" label={formatMessage({ id: getTranslation('settings.agents.user'), defaultMessage: 'Admin user' })} hint={formatMessage({ id: getTranslation('settings.agents.user.hint'), defaultMessage: 'The Strapi admin user who texts as this agent' })} error={errors.user}>
        <SingleSelect value={user} onChange={(v: string | number) => setUser(String(v))} placeholder={none}>
          <SingleSelectOption value="">{none}</SingleSelectOption>
          {(users ?? []).map((u) => (
            <SingleSelectOption key={u.id} value={String(u.id)}>
              {[u.firstname, u.lastname].filter(Boolean).join(' ') || u.email} ({u.email})
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </FormField>
      <FormField name="offices" label={formatMessage({ id: getTranslation('settings.agents.offices'), defaultMessage: 'Offices' })} error={errors.offices}>
        <MultiSelect value={offices} onChange={(v: string[]) => setOffices(v)} withTags placeholder={formatMessage({ id: getTranslation('settings.agents.offices.placeholder'), defaultMessage: 'Choose offices' })}>
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
  const { formatMessage } = useIntl();
  const { data, isLoading } = useGetAgentsQuery({ sort: 'name:asc' });
  const [remove] = useDeleteAgentMutation();
  const agents = data?.data ?? [];
  return (
    <SettingsTablePage<AgentRow>
      isLoading={isLoading}
      title={formatMessage({ id: getTranslation('settings.agents.title'), defaultMessage: 'Agents' })}
      subtitle={formatMessage({ id: getTranslation('settings.agents.subtitle'), defaultMessage: '{count, plural, one {# agent} other {# agents}}' }, { count: agents.length })}
      addLabel={formatMessage({ id: getTranslation('settings.agents.add'), defaultMessage: 'Add an agent' })}
      emptyText={formatMessage({ id: getTranslation('settings.agents.empty'), defaultMessage: 'No agents yet.' })}
      rows={agents}
      rowData={(a) => ['agent', a.name]}
      columns={[
        { label: formatMessage({ id: getTranslation('settings.agents.name'), defaultMessage: 'Display name' }), render: (a) => a.name },
        { label: formatMessage({ id: getTranslation('settings.agents.user'), defaultMessage: 'Admin user' }), render: (a) => a.user?.email ?? '—' },
        { label: formatMessage({ id: getTranslation('settings.agents.offices'), defaultMessage: 'Offices' }), render: (a) => a.offices.map((o) => o.name).join(', ') || '—' },
      ]}
      editLabel={(a) => formatMessage({ id: getTranslation('settings.agents.editLabel'), defaultMessage: 'Edit {name}' }, { name: a.name })}
      deleteLabel={(a) => formatMessage({ id: getTranslation('settings.agents.deleteLabel'), defaultMessage: 'Delete {name}' }, { name: a.name })}
      deleteTitle={(a) => formatMessage({ id: getTranslation('settings.agents.delete.title'), defaultMessage: 'Delete {name}?' }, { name: a?.name ?? '' })}
      deleteBody={formatMessage({ id: getTranslation('settings.agents.delete.body'), defaultMessage: 'The admin user keeps their account; they no longer text as this agent.' })}
      onDelete={(a) => remove(a.documentId)}
      deleted={formatMessage({ id: getTranslation('settings.agents.deleted'), defaultMessage: 'Agent deleted' })}
      renderForm={(a, close) => <AgentForm agent={a} onClose={close} />}
    />
  );
};

export default withSettingsPermission(AgentsPage);
