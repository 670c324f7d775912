import { DateTimePicker, Grid, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { CampaignDetail, ResponseType } from '../../../../shared/contracts';
import { useDirectory } from '../../api/directory';
import { Card } from '../../components/Card';
import { FormField } from '../../components/FormField';
import { InboxesSelect, refOptions } from '../../components/InboxesSelect';
import { getTranslation } from '../../utils/getTranslation';
import type { CampaignFormErrors, CampaignFormValues } from './formValues';
import { MessageField } from './MessageField';
import { NumberChoice } from './NumberChoice';

interface Props {
  campaign: CampaignDetail | null;
  values: CampaignFormValues;
  errors: CampaignFormErrors;
  /** Draft or scheduled: everything may change. */
  editable: boolean;
  /** Active: only the name, the archive time and who answers may change. */
  lateEditable: boolean;
  set: (patch: Partial<CampaignFormValues>) => void;
}

/** The campaign's own fields: name, office, number, message, times and who answers replies. */
export const CampaignFields = ({ campaign, values, errors, editable, lateEditable, set }: Props) => {
  const { formatMessage } = useIntl();
  const { offices, agents } = useDirectory();
  const ownSingleUse = campaign?.phoneNumber?.numberType === 'single_use';
  const clearLabel = formatMessage({ id: getTranslation('form.clear'), defaultMessage: 'Clear' });
  const late = editable || lateEditable;

  return (
    <Card title={formatMessage({ id: getTranslation('campaigns.form.section'), defaultMessage: 'Campaign' })}>
      <Grid.Root gap={5}>
        <FormField name="name" error={errors.name} required label={formatMessage({ id: getTranslation('campaigns.form.name'), defaultMessage: 'Name' })}>
          <TextInput value={values.name} disabled={!late} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ name: e.target.value })} />
        </FormField>
        <FormField
          name="office"
          error={errors.office}
          required
          label={formatMessage({ id: getTranslation('campaigns.form.office'), defaultMessage: 'Office' })}
          hint={formatMessage({ id: getTranslation('campaigns.form.office.hint'), defaultMessage: "Only this office's reusable numbers are offered" })}
        >
          <SingleSelect
            value={values.office ?? ''}
            disabled={!editable || ownSingleUse}
            placeholder={formatMessage({ id: getTranslation('form.chooseOffice'), defaultMessage: 'Choose an office' })}
            onChange={(v: string | number) => set({ office: String(v), phoneNumber: null })}
          >
            {refOptions(offices)}
          </SingleSelect>
        </FormField>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <NumberChoice campaign={campaign} values={values} errors={errors} editable={editable} set={set} />
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <MessageField value={values.message} error={errors.message} disabled={!editable} onChange={(message) => set({ message })} />
        </Grid.Item>
        <FormField
          name="sendAt"
          error={errors.sendAt}
          label={formatMessage({ id: getTranslation('campaigns.form.sendAt'), defaultMessage: 'Send at' })}
          hint={formatMessage({
            id: getTranslation('campaigns.form.sendAt.hint'),
            defaultMessage: "Texts go out within the office's texting hours (8:00–21:00 local by default)",
          })}
        >
          <DateTimePicker value={values.sendAt} disabled={!editable} onChange={(d?: Date) => set({ sendAt: d ?? null })} clearLabel={clearLabel} />
        </FormField>
        <FormField
          name="archiveAt"
          error={errors.archiveAt}
          label={formatMessage({ id: getTranslation('campaigns.form.archiveAt'), defaultMessage: 'Archive at' })}
          hint={formatMessage({ id: getTranslation('campaigns.form.archiveAt.hint'), defaultMessage: 'Then the number follows its own settings again' })}
        >
          <DateTimePicker value={values.archiveAt} disabled={!late} onChange={(d?: Date) => set({ archiveAt: d ?? null })} clearLabel={clearLabel} />
        </FormField>
        <FormField
          name="responseType"
          label={formatMessage({ id: getTranslation('campaigns.form.responseType'), defaultMessage: 'Replies go to' })}
          hint={formatMessage({ id: getTranslation('campaigns.form.responseType.hint'), defaultMessage: 'Who answers replies while the campaign is active' })}
        >
          <SingleSelect value={values.responseType} disabled={!late} onChange={(v: string | number) => set({ responseType: v as ResponseType })}>
            <SingleSelectOption value="bot">{formatMessage({ id: getTranslation('campaigns.form.responseType.bot'), defaultMessage: 'Bot' })}</SingleSelectOption>
            <SingleSelectOption value="agent">
              {formatMessage({ id: getTranslation('campaigns.form.responseType.agent'), defaultMessage: 'Agent inboxes' })}
            </SingleSelectOption>
          </SingleSelect>
        </FormField>
        {values.responseType === 'agent' ? (
          <FormField name="inboxes" error={errors.inboxes} required label={formatMessage({ id: getTranslation('campaigns.form.inboxes'), defaultMessage: 'Inboxes' })}>
            <InboxesSelect
              value={values.inboxes}
              offices={offices}
              agents={agents}
              disabled={!late}
              placeholder={formatMessage({ id: getTranslation('campaigns.form.inboxes.placeholder'), defaultMessage: 'Offices and agents' })}
              onChange={(v) => set({ inboxes: v })}
            />
          </FormField>
        ) : null}
      </Grid.Root>
    </Card>
  );
};
