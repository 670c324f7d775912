import { Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { Archive, Check, Clock } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import type { CampaignDetail, RecipientImportReport } from '../../../../shared/contracts';
import { Alert } from '../../components/Alert';
import { EditPageHeader } from '../../components/EditPageHeader';
import { getTranslation } from '../../utils/getTranslation';
import { CampaignFields } from './CampaignFields';
import { CampaignStatusBadge } from './CampaignStatusBadge';
import { campaignValuesOf, EMPTY_CAMPAIGN, useValidateCampaign, type CampaignFormErrors, type CampaignFormValues } from './formValues';
import { ProgressCard } from './ProgressCard';
import { RecipientsCard } from './RecipientsCard';
import { CAMPAIGNS_PATH, useCampaignCommands } from './useCampaignCommands';
import { RetryFailedButton } from '../../components/reliability/RetryFailedButton';
import { ArchiveImpact } from '../../components/impact/ArchiveImpact';

interface Props {
  campaign: CampaignDetail | null;
  canManage: boolean;
  /** Kept by the page: saving a new campaign remounts the form under its new id. */
  report: RecipientImportReport | null;
  setReport: (r: RecipientImportReport | null) => void;
}

/** A campaign's page: its state, what it is waiting for, its progress, its fields and its recipients. */
export const CampaignForm = ({ campaign, canManage, report, setReport }: Props) => {
  const { formatMessage } = useIntl();
  const validate = useValidateCampaign();
  const [values, setValues] = React.useState<CampaignFormValues>(campaign ? campaignValuesOf(campaign) : EMPTY_CAMPAIGN);
  const [errors, setErrors] = React.useState<CampaignFormErrors>({});
  const [paste, setPaste] = React.useState('');
  const [confirmArchive, setConfirmArchive] = React.useState(false);
  const { busy, save, importCsv, act } = useCampaignCommands({ campaign, setValues, setErrors, setReport, paste, setPaste });

  const status = campaign?.status ?? 'draft';
  const editable = canManage && (status === 'draft' || status === 'scheduled');
  const lateEditable = canManage && status === 'active'; // name, archive time, who answers
  const ownSingleUse = campaign?.phoneNumber?.numberType === 'single_use';

  const set = (patch: Partial<CampaignFormValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[k as keyof CampaignFormErrors];
      return next;
    });
  };

  const submit = (e?: React.FormEvent) => {
    e?.preventDefault();
    const local = validate(values, campaign);
    setErrors(local);
    if (!Object.keys(local).length) void save(values);
  };

  const actions = (
    <Flex gap={2}>
      <RetryFailedButton campaign={campaign} canManage={canManage} />
      {canManage && campaign && status !== 'archived' ? (
        <Button variant="danger-light" startIcon={<Archive />} onClick={() => setConfirmArchive(true)} loading={busy === 'archive'}>
          {formatMessage({ id: getTranslation('campaigns.action.archive'), defaultMessage: 'Archive' })}
        </Button>
      ) : null}
      {canManage && campaign && status === 'scheduled' ? (
        <Button variant="secondary" onClick={() => act('unschedule')} loading={busy === 'unschedule'}>
          {formatMessage({ id: getTranslation('campaigns.action.unschedule'), defaultMessage: 'Back to draft' })}
        </Button>
      ) : null}
      {canManage && campaign && status === 'draft' ? (
        <Button variant="secondary" startIcon={<Clock />} onClick={() => act('schedule')} loading={busy === 'schedule'}>
          {formatMessage({ id: getTranslation('campaigns.action.schedule'), defaultMessage: 'Schedule' })}
        </Button>
      ) : null}
      {editable || lateEditable ? (
        <Button type="submit" form="campaign-form" startIcon={<Check />} loading={busy === 'save'}>
          {formatMessage({ id: getTranslation('action.save'), defaultMessage: 'Save' })}
        </Button>
      ) : null}
    </Flex>
  );

  const title = campaign ? campaign.name : formatMessage({ id: getTranslation('campaigns.new.title'), defaultMessage: 'New campaign' });
  return (
    <Page.Main>
      <EditPageHeader
        title={title}
        back={CAMPAIGNS_PATH}
        subtitle={
          campaign
            ? formatMessage(
                {
                  id: getTranslation('campaigns.edit.subtitle'),
                  defaultMessage: '{office} · {count, plural, one {# recipient} other {# recipients}}',
                },
                {
                  office: campaign.office?.name ?? formatMessage({ id: getTranslation('campaigns.noOffice'), defaultMessage: 'No office' }),
                  count: campaign.recipientCount,
                }
              )
            : formatMessage({ id: getTranslation('campaigns.new.subtitle'), defaultMessage: 'Texts from one of your office’s numbers' })
        }
        badges={campaign ? <CampaignStatusBadge status={campaign.status} /> : null}
        actions={actions}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {errors._form ? (
            <Alert
              variant="danger"
              title={formatMessage({ id: getTranslation('campaigns.notDone'), defaultMessage: 'Not done' })}
              onClose={() => setErrors((e) => ({ ...e, _form: undefined }))}
            >
              {errors._form}
            </Alert>
          ) : null}
          {campaign?.hold ? (
            <Alert variant="warning" title={formatMessage({ id: getTranslation('campaigns.hold'), defaultMessage: 'Waiting' })}>
              {campaign.hold}
            </Alert>
          ) : null}
          {campaign?.releaseError ? (
            <Alert
              variant="danger"
              title={formatMessage({ id: getTranslation('campaigns.releaseError.title'), defaultMessage: 'Single-use number not released yet' })}
            >
              {formatMessage(
                { id: getTranslation('campaigns.releaseError'), defaultMessage: '{error} It is retried automatically.' },
                { error: campaign.releaseError }
              )}
            </Alert>
          ) : null}
          {campaign && status !== 'draft' ? <ProgressCard campaign={campaign} /> : null}
          <form id="campaign-form" onSubmit={submit} noValidate>
            <CampaignFields campaign={campaign} values={values} errors={errors} editable={editable} lateEditable={lateEditable} set={set} />
          </form>
          <RecipientsCard
            campaign={campaign}
            editable={editable}
            report={report}
            error={errors.recipients}
            paste={paste}
            setPaste={setPaste}
            importing={busy === 'import'}
            onImport={(csv, mode) => void importCsv(csv, mode)}
          />
        </Flex>
      </Layouts.Content>
      <Dialog.Root open={confirmArchive} onOpenChange={setConfirmArchive}>
        <ConfirmDialog
          title={formatMessage({ id: getTranslation('campaigns.archive.confirm.title'), defaultMessage: 'Archive this campaign?' })}
          onConfirm={() => {
            setConfirmArchive(false);
            void act('archive');
          }}
        >
          <Flex direction="column" gap={3}>
          {confirmArchive && campaign ? <ArchiveImpact documentId={campaign.documentId} /> : null}
          <Typography textAlign="center">
            {ownSingleUse
              ? formatMessage({
                  id: getTranslation('campaigns.archive.confirm.singleUse'),
                  defaultMessage:
                    "Texts not sent yet will not be sent, and replies follow the number's own settings again. Its single-use number is released at Plivo.",
                })
              : formatMessage({
                  id: getTranslation('campaigns.archive.confirm'),
                  defaultMessage: "Texts not sent yet will not be sent, and replies follow the number's own settings again.",
                })}
          </Typography>
          </Flex>
        </ConfirmDialog>
      </Dialog.Root>
    </Page.Main>
  );
};
