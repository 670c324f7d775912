import { Button, Field, Flex, Textarea, Typography } from '@strapi/design-system';
import * as React from 'react';
import { useIntl } from 'react-intl';
import type { CampaignDetail, RecipientImportReport } from '../../../../shared/contracts';
import { Card } from '../../components/Card';
import { getTranslation } from '../../utils/getTranslation';
import { ImportReport } from './ImportReport';
import { CampaignRecipients } from '../../components/capacity/CampaignRecipients';
import { RecipientsFileImport } from '../../components/capacity/RecipientsFileImport';

interface Props {
  campaign: CampaignDetail | null;
  editable: boolean;
  report: RecipientImportReport | null;
  error?: string;
  /** The pasted numbers: a new campaign sends them when it is saved. */
  paste: string;
  setPaste: (text: string) => void;
  importing: boolean;
  onImport: (csv: string, mode: 'append' | 'replace') => void;
}

/** Who the campaign texts: paste or import numbers, and the first of them listed. */
export const RecipientsCard = ({ campaign, editable, report, error, paste, setPaste, importing, onImport }: Props) => {
  const { formatMessage } = useIntl();

  return (
    <Card
      title={
        campaign
          ? formatMessage({ id: getTranslation('campaigns.recipients.titleCount'), defaultMessage: 'Recipients ({count, number})' }, { count: campaign.recipientCount })
          : formatMessage({ id: getTranslation('campaigns.recipients.title'), defaultMessage: 'Recipients' })
      }
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        {report ? <ImportReport report={report} /> : null}
        {editable ? (
          <>
            <Field.Root
              name="recipients"
              error={error}
              hint={formatMessage({
                id: getTranslation('campaigns.recipients.hint'),
                defaultMessage: 'One per line: a number in any common format, optionally followed by a comma and a name',
              })}
            >
              <Field.Label>{formatMessage({ id: getTranslation('campaigns.recipients.paste'), defaultMessage: 'Paste numbers' })}</Field.Label>
              <Textarea
                value={paste}
                placeholder={'(617) 555-0100, Ana Ruiz\n+1 617 555 0101'}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setPaste(e.target.value)}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            {campaign ? (
              <Flex gap={2}>
                <Button variant="secondary" disabled={!paste.trim()} loading={importing} onClick={() => onImport(paste, 'append')}>
                  {formatMessage({ id: getTranslation('campaigns.recipients.add'), defaultMessage: 'Add pasted numbers' })}
                </Button>
                <Button variant="tertiary" disabled={!paste.trim()} onClick={() => onImport(paste, 'replace')}>
                  {formatMessage({ id: getTranslation('campaigns.recipients.replace'), defaultMessage: 'Replace the list' })}
                </Button>
                <RecipientsFileImport documentId={campaign.documentId} />
              </Flex>
            ) : (
              <Typography variant="pi" textColor="neutral600">
                {formatMessage({
                  id: getTranslation('campaigns.recipients.newNote'),
                  defaultMessage: 'Pasted numbers are added when the campaign is saved; a CSV file can be imported after that.',
                })}
              </Typography>
            )}
          </>
        ) : null}
        {campaign ? <CampaignRecipients documentId={campaign.documentId} version={campaign.updatedAt} /> : null}
      </Flex>
    </Card>
  );
};
