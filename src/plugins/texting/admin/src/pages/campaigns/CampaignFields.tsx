import { DateTimePicker, Field, Grid, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { CampaignDetail, ResponseType } from '../../../../shared/contracts';
import { useDirectory } from '../../api/directory';
import { Card } from '../../components/Card';
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

  return (
    <Card title={formatMessage({ id: getTranslation('campaigns.form.section'), defaultMessage: 'Campaign' })}>
      <Grid.Root gap={5}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root name="name" error={errors.name} required>
            <Field.Label>{formatMessage({ id: getTranslation('campaigns.form.name'), defaultMessage: 'Name' })}</Field.Label>
            <TextInput
              value={values.name}
              disabled={!(editable || lateEditable)}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ name: e.target.value })}
            />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="office"
            error={errors.office}
            required
            hint={formatMessage({ id: getTranslation('campaigns.form.office.hint'), defaultMessage: "Only this office's reusable numbers are offered" })}
          >
            <Field.Label>{formatMessage({ id: getTranslation('campaigns.form.office'), defaultMessage: 'Office' })}</Field.Label>
            <SingleSelect
              value={values.office ?? ''}
              disabled={!editable || ownSingleUse}
              placeholder={formatMessage({ id: getTranslation('form.chooseOffice'), defaultMessage: 'Choose an office' })}
              onChange={(v: string | number) => set({ office: String(v), phoneNumber: null })}
            >
              {refOptions(offices)}
            </SingleSelect>
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <NumberChoice campaign={campaign} values={values} errors={errors} editable={editable} set={set} />
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          <MessageField value={values.message} error={errors.message} disabled={!editable} onChange={(message) => set({ message })} />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="sendAt"
            error={errors.sendAt}
            hint={formatMessage({
              id: getTranslation('campaigns.form.sendAt.hint'),
              defaultMessage: "Texts go out within the office's texting hours (8:00–21:00 local by default)",
            })}
          >
            <Field.Label>{formatMessage({ id: getTranslation('campaigns.form.sendAt'), defaultMessage: 'Send at' })}</Field.Label>
            <DateTimePicker value={values.sendAt} disabled={!editable} onChange={(d?: Date) => set({ sendAt: d ?? null })} clearLabel={clearLabel} />
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="archiveAt"
            error={errors.archiveAt}
            hint={formatMessage({ id: getTranslation('campaigns.form.archiveAt.hint'), defaultMessage: 'Then the number follows its own settings again' })}
          >
            <Field.Label>{formatMessage({ id: getTranslation('campaigns.form.archiveAt'), defaultMessage: 'Archive at' })}</Field.Label>
            <DateTimePicker
              value={values.archiveAt}
              disabled={!(editable || lateEditable)}
              onChange={(d?: Date) => set({ archiveAt: d ?? null })}
              clearLabel={clearLabel}
            />
            <Field.Hint />
            <Field.Error />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="responseType"
            hint={formatMessage({ id: getTranslation('campaigns.form.responseType.hint'), defaultMessage: 'Who answers replies while the campaign is active' })}
          >
            <Field.Label>{formatMessage({ id: getTranslation('campaigns.form.responseType'), defaultMessage: 'Replies go to' })}</Field.Label>
            <SingleSelect value={values.responseType} disabled={!(editable || lateEditable)} onChange={(v: string | number) => set({ responseType: v as ResponseType })}>
              <SingleSelectOption value="bot">{formatMessage({ id: getTranslation('campaigns.form.responseType.bot'), defaultMessage: 'Bot' })}</SingleSelectOption>
              <SingleSelectOption value="agent">
                {formatMessage({ id: getTranslation('campaigns.form.responseType.agent'), defaultMessage: 'Agent inboxes' })}
              </SingleSelectOption>
            </SingleSelect>
            <Field.Hint />
          </Field.Root>
        </Grid.Item>
        {values.responseType === 'agent' ? (
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name="inboxes" error={errors.inboxes} required>
              <Field.Label>{formatMessage({ id: getTranslation('campaigns.form.inboxes'), defaultMessage: 'Inboxes' })}</Field.Label>
              <InboxesSelect
                value={values.inboxes}
                offices={offices}
                agents={agents}
                disabled={!(editable || lateEditable)}
                placeholder={formatMessage({ id: getTranslation('campaigns.form.inboxes.placeholder'), defaultMessage: 'Offices and agents' })}
                onChange={(v) => set({ inboxes: v })}
              />
              <Field.Error />
            </Field.Root>
          </Grid.Item>
        ) : null}
      </Grid.Root>
    </Card>
  );
};
