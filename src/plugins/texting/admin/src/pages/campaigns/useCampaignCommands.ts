import { useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router-dom';
import type { CampaignAnswer, CampaignDetail, RecipientImportReport } from '../../../../shared/contracts';
import {
  useCreateCampaignMutation,
  useImportCampaignRecipientsMutation,
  useTransitionCampaignMutation,
  useUpdateCampaignMutation,
  type CampaignTransition,
} from '../../api/campaigns';
import { fieldErrors, useErrorMessage } from '../../utils/errors';
import { getTranslation } from '../../utils/getTranslation';
import { nationalFormat } from '../../utils/phone';
import { campaignBodyOf, campaignValuesOf, type CampaignFormErrors, type CampaignFormValues } from './formValues';

export const CAMPAIGNS_PATH = '/plugins/texting/campaigns';

interface Options {
  campaign: CampaignDetail | null;
  setValues: (values: CampaignFormValues) => void;
  setErrors: (errors: CampaignFormErrors) => void;
  setReport: (report: RecipientImportReport | null) => void;
  paste: string;
  setPaste: (text: string) => void;
}

/** The campaign page's writes (save, import, schedule, unschedule, archive), each told to the user in a notification. */
export const useCampaignCommands = ({ campaign, setValues, setErrors, setReport, paste, setPaste }: Options) => {
  const { formatMessage } = useIntl();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const [create] = useCreateCampaignMutation();
  const [update] = useUpdateCampaignMutation();
  const [importRecipients] = useImportCampaignRecipientsMutation();
  const [transition] = useTransitionCampaignMutation();
  const [busy, setBusy] = React.useState<'save' | 'import' | CampaignTransition | null>(null);

  const fail = (err: unknown, what: string) => {
    const byField = fieldErrors(err);
    setErrors(Object.keys(byField).length ? (byField as CampaignFormErrors) : { _form: errorMessage(err) });
    toggleNotification({
      type: 'danger',
      message: formatMessage({ id: getTranslation('campaigns.failed'), defaultMessage: '{what}: {error}' }, { what, error: errorMessage(err) }),
    });
  };

  const after = (answer: CampaignAnswer, message: string) => {
    setValues(campaignValuesOf(answer.data));
    if (answer.meta?.import) setReport(answer.meta.import);
    toggleNotification({ type: 'success', message });
  };

  const run = async (kind: NonNullable<typeof busy>, work: () => Promise<void>) => {
    setBusy(kind);
    try {
      await work();
    } finally {
      setBusy(null);
    }
  };

  const save = (values: CampaignFormValues) =>
    run('save', async () => {
      try {
        if (!campaign) {
          const created = await create(campaignBodyOf(values, null)).unwrap();
          let answer = created;
          if (paste.trim()) {
            answer = await importRecipients({ documentId: created.data.documentId, body: { csv: paste, mode: 'append' } }).unwrap();
          }
          setPaste('');
          after(
            answer,
            created.meta?.singleUseNumber
              ? formatMessage(
                  {
                    id: getTranslation('campaigns.saved.singleUse'),
                    defaultMessage: 'Saved. Single-use number {number} was bought for it (pending carrier registration).',
                  },
                  { number: nationalFormat(created.meta.singleUseNumber) }
                )
              : formatMessage({ id: getTranslation('campaigns.saved.draft'), defaultMessage: 'Campaign saved as a draft.' })
          );
          navigate(`${CAMPAIGNS_PATH}/${created.data.documentId}`, { replace: true });
        } else {
          after(
            await update({ documentId: campaign.documentId, body: campaignBodyOf(values, campaign) }).unwrap(),
            formatMessage({ id: getTranslation('campaigns.saved'), defaultMessage: 'Campaign saved.' })
          );
        }
      } catch (err) {
        fail(err, formatMessage({ id: getTranslation('form.notSaved'), defaultMessage: 'Not saved' }));
      }
    });

  const importCsv = (csv: string, mode: 'append' | 'replace') =>
    run('import', async () => {
      if (!campaign) return;
      try {
        const answer = await importRecipients({ documentId: campaign.documentId, body: { csv, mode } }).unwrap();
        setPaste('');
        after(answer, formatMessage({ id: getTranslation('campaigns.imported'), defaultMessage: 'Recipients imported.' }));
      } catch (err) {
        fail(err, formatMessage({ id: getTranslation('campaigns.imported.failed'), defaultMessage: 'Recipients not imported' }));
      }
    });

  const act = (action: CampaignTransition) =>
    run(action, async () => {
      if (!campaign) return;
      try {
        const answer = await transition({ documentId: campaign.documentId, action }).unwrap();
        const released = answer.meta?.released;
        const releaseFailed = answer.meta?.releaseFailed;
        const text =
          action === 'schedule'
            ? formatMessage({ id: getTranslation('campaigns.scheduled'), defaultMessage: 'Campaign scheduled. It starts at its send time.' })
            : action === 'unschedule'
              ? formatMessage({ id: getTranslation('campaigns.unscheduled'), defaultMessage: 'Campaign is a draft again.' })
              : releaseFailed
                ? formatMessage(
                    {
                      id: getTranslation('campaigns.archived.releaseFailed'),
                      defaultMessage: 'Campaign archived. Its single-use number could not be released yet ({reason}); it is retried automatically.',
                    },
                    { reason: releaseFailed.reason }
                  )
                : released
                  ? formatMessage(
                      { id: getTranslation('campaigns.archived.released'), defaultMessage: 'Campaign archived; its single-use number {number} was released.' },
                      { number: nationalFormat(released) }
                    )
                  : formatMessage({ id: getTranslation('campaigns.archived'), defaultMessage: 'Campaign archived. Its number follows its own settings again.' });
        after(answer, text);
      } catch (err) {
        fail(
          err,
          action === 'schedule'
            ? formatMessage({ id: getTranslation('campaigns.schedule.failed'), defaultMessage: 'Not scheduled' })
            : action === 'archive'
              ? formatMessage({ id: getTranslation('campaigns.archive.failed'), defaultMessage: 'Not archived' })
              : formatMessage({ id: getTranslation('campaigns.change.failed'), defaultMessage: 'Not changed' })
        );
      }
    });

  return { busy, save, importCsv, act };
};
