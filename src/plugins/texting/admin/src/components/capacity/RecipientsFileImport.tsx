import { Button } from '@strapi/design-system';
import { Upload } from '@strapi/icons';
import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { IMPORT_FILE_MAX_BYTES, formatBytes } from '../../../../shared/contracts';
import { useImportRecipientsFileMutation } from '../../api/capacity';
import { getTranslation } from '../../utils/getTranslation';

/**
 * "Import a CSV file": the file goes up as multipart/form-data (up to 5 MB, about 100,000 rows), parsed on the
 * server in slices. The report is shown as a notification; the campaign's cached answers are invalidated (tags).
 */
export function RecipientsFileImport<A>({ documentId, onImported }: { documentId: string; onImported?: (answer: A) => void }) {
  const { formatMessage } = useIntl();
  const { formatAPIError } = useAPIErrorHandler();
  const { toggleNotification } = useNotification();
  const input = React.useRef<HTMLInputElement>(null);
  const [upload, { isLoading }] = useImportRecipientsFileMutation();

  const onFile = async (e: React.ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (file.size > IMPORT_FILE_MAX_BYTES) {
      toggleNotification({ type: 'danger', message: formatMessage({ id: getTranslation('capacity.import.tooBig'), defaultMessage: 'The file is {size}; a CSV file may be at most {limit}.' }, { size: formatBytes(file.size), limit: formatBytes(IMPORT_FILE_MAX_BYTES) }) });
      return;
    }
    const res = await upload({ documentId, file, mode: 'append' });
    if ('data' in res) {
      const r = res.data.meta.import;
      toggleNotification({
        type: 'success',
        message: formatMessage({ id: getTranslation('capacity.import.done'), defaultMessage: 'Imported: {accepted, number} added, {duplicates, number} duplicates, {invalid, number} invalid, {optedOut, number} opted out.' }, {
          accepted: r.accepted,
          duplicates: r.duplicates,
          invalid: r.invalid.length,
          optedOut: r.optedOut.length,
        }),
      });
      onImported?.(res.data as unknown as A);
      return;
    }
    toggleNotification({ type: 'danger', message: `${formatMessage({ id: getTranslation('capacity.import.failed'), defaultMessage: 'Recipients not imported' })}: ${formatAPIError(res.error as never)}` });
  };

  return (
    <>
      <Button variant="tertiary" startIcon={<Upload />} loading={isLoading} onClick={() => input.current?.click()}>
        {formatMessage({ id: getTranslation('capacity.import.button'), defaultMessage: 'Import a CSV file' })}
      </Button>
      <input ref={input} type="file" accept=".csv,text/csv,text/plain" hidden onChange={onFile} aria-label={formatMessage({ id: getTranslation('capacity.import.file'), defaultMessage: 'CSV file' })} />
    </>
  );
}
