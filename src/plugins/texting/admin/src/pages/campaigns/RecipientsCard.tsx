import { Button, Field, Flex, Table, Tbody, Td, Textarea, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Upload } from '@strapi/icons';
import * as React from 'react';
import { useIntl } from 'react-intl';
import type { CampaignDetail, RecipientImportReport } from '../../../../shared/contracts';
import { Card } from '../../components/Card';
import { getTranslation } from '../../utils/getTranslation';
import { nationalFormat } from '../../utils/phone';
import { ImportReport } from './ImportReport';

const RECIPIENTS_SHOWN = 25;

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
  const fileInput = React.useRef<HTMLInputElement>(null);

  const onFile = async (e: React.ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) onImport(await file.text(), 'append');
  };

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
                <Button variant="tertiary" startIcon={<Upload />} onClick={() => fileInput.current?.click()}>
                  {formatMessage({ id: getTranslation('campaigns.recipients.importFile'), defaultMessage: 'Import a CSV file' })}
                </Button>
                <input
                  ref={fileInput}
                  type="file"
                  accept=".csv,text/csv,text/plain"
                  hidden
                  onChange={onFile}
                  aria-label={formatMessage({ id: getTranslation('campaigns.recipients.file'), defaultMessage: 'CSV file' })}
                />
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
        {campaign && campaign.recipients.length ? (
          <Table colCount={2} rowCount={Math.min(RECIPIENTS_SHOWN, campaign.recipients.length) + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">{formatMessage({ id: getTranslation('campaigns.recipients.column.number'), defaultMessage: 'Number' })}</Typography></Th>
                <Th><Typography variant="sigma">{formatMessage({ id: getTranslation('campaigns.recipients.column.name'), defaultMessage: 'Name' })}</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {campaign.recipients.slice(0, RECIPIENTS_SHOWN).map((r) => (
                <Tr key={r.phoneNumber}>
                  <Td><Typography>{nationalFormat(r.phoneNumber)}</Typography></Td>
                  <Td><Typography>{r.name ?? '-'}</Typography></Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        ) : null}
        {campaign && campaign.recipients.length > RECIPIENTS_SHOWN ? (
          <Typography variant="pi" textColor="neutral600">
            {formatMessage(
              { id: getTranslation('campaigns.recipients.more'), defaultMessage: '…and {count, number} more' },
              { count: campaign.recipients.length - RECIPIENTS_SHOWN }
            )}
          </Typography>
        ) : null}
      </Flex>
    </Card>
  );
};
