import { Badge, Box, Field, Flex, Radio, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { CampaignDetail } from '../../../../shared/contracts';
import { useGetCampaignNumberOptionsQuery } from '../../api/campaigns';
import { getTranslation } from '../../utils/getTranslation';
import { NUMBER_TYPE_LABEL, STATUS_LABEL } from '../../utils/labels';
import { nationalFormat } from '../../utils/phone';
import type { CampaignFormErrors, CampaignFormValues } from './formValues';

interface Props {
  campaign: CampaignDetail | null;
  values: CampaignFormValues;
  errors: CampaignFormErrors;
  editable: boolean;
  set: (patch: Partial<CampaignFormValues>) => void;
}

/**
 * The number the campaign sends from (rule 2): one of its office's reusable numbers, or a single-use number
 * bought for it by area code. Once a single-use number is bought (or released) it is only shown.
 */
export const NumberChoice = ({ campaign, values, errors, editable, set }: Props) => {
  const { formatMessage, formatDate } = useIntl();
  const ownSingleUse = campaign?.phoneNumber?.numberType === 'single_use' ? campaign.phoneNumber : null;
  const { data: options } = useGetCampaignNumberOptionsQuery(values.office ?? '', { skip: !values.office });

  if (ownSingleUse || (campaign && !campaign.phoneNumber && campaign.fromNumber)) {
    return (
      <Flex gap={2}>
        <Typography fontWeight="bold">{nationalFormat(ownSingleUse?.phoneNumber ?? campaign?.fromNumber ?? '')}</Typography>
        <Badge>{formatMessage(NUMBER_TYPE_LABEL.single_use)}</Badge>
        {ownSingleUse?.status === 'pending' ? <Badge>{formatMessage(STATUS_LABEL.pending)}</Badge> : null}
        {campaign?.numberReleasedAt ? (
          <Typography textColor="neutral600">
            {formatMessage(
              { id: getTranslation('campaigns.number.released'), defaultMessage: 'released {date}' },
              { date: formatDate(campaign.numberReleasedAt, { dateStyle: 'medium' }) }
            )}
          </Typography>
        ) : null}
      </Flex>
    );
  }

  const label = formatMessage({ id: getTranslation('campaigns.number'), defaultMessage: 'Number' });
  return (
    <Field.Root name="phoneNumber" error={errors.phoneNumber ?? errors.areaCode}>
      <Field.Label>{label}</Field.Label>
      <Radio.Group
        aria-label={label}
        value={values.numberChoice}
        disabled={!editable}
        onValueChange={(v: string) => set({ numberChoice: v as CampaignFormValues['numberChoice'] })}
      >
        <Radio.Item value="reusable">
          {formatMessage({ id: getTranslation('campaigns.number.reusable'), defaultMessage: "One of the office's reusable numbers" })}
        </Radio.Item>
        <Radio.Item value="single_use">
          {formatMessage({
            id: getTranslation('campaigns.number.singleUse'),
            defaultMessage: 'A new single-use number (bought now, released when the campaign is archived)',
          })}
        </Radio.Item>
      </Radio.Group>
      <Box paddingTop={3} maxWidth="40rem">
        {values.numberChoice === 'reusable' ? (
          <SingleSelect
            aria-label={formatMessage({ id: getTranslation('campaigns.number.reusableLabel'), defaultMessage: 'Reusable number' })}
            value={values.phoneNumber ?? ''}
            disabled={!editable || !values.office}
            placeholder={
              values.office
                ? formatMessage({ id: getTranslation('campaigns.number.choose'), defaultMessage: 'Choose a number' })
                : formatMessage({ id: getTranslation('campaigns.number.officeFirst'), defaultMessage: 'Choose the office first' })
            }
            onChange={(v: string | number) => set({ phoneNumber: String(v) })}
          >
            {(options ?? []).map((n) => {
              const others = n.campaigns.filter((c) => c.documentId !== campaign?.documentId);
              return (
                <SingleSelectOption key={n.documentId} value={n.documentId}>
                  {formatMessage(
                    {
                      id: getTranslation('campaigns.number.option'),
                      defaultMessage:
                        '{number} — {name}{pending, select, yes { (pending activation)} other {}}{booked, select, none {} other { · booked: {booked}}}',
                    },
                    {
                      number: nationalFormat(n.phoneNumber),
                      name: n.name,
                      pending: n.pending ? 'yes' : 'no',
                      booked: others.length ? others.map((c) => c.name).join(', ') : 'none',
                    }
                  )}
                </SingleSelectOption>
              );
            })}
          </SingleSelect>
        ) : (
          <TextInput
            aria-label={formatMessage({ id: getTranslation('form.areaCode'), defaultMessage: 'Area code' })}
            placeholder={formatMessage({ id: getTranslation('campaigns.number.areaCode.placeholder'), defaultMessage: 'Area code, e.g. 415' })}
            value={values.areaCode}
            maxLength={3}
            disabled={!editable}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ areaCode: e.target.value.replace(/\D/g, '') })}
          />
        )}
      </Box>
      <Field.Error />
    </Field.Root>
  );
};
