import * as React from 'react';
import { useIntl } from 'react-intl';
import type { RecipientImportReport } from '../../../../shared/contracts';
import { Alert } from '../../components/Alert';
import { getTranslation } from '../../utils/getTranslation';
import { nationalFormat } from '../../utils/phone';

const LINES_SHOWN = 10;

/** The import's answer, line by line. (An Alert's body is a paragraph: only inline content inside it.) */
export const ImportReport = ({ report }: { report: RecipientImportReport }) => {
  const { formatMessage, formatList } = useIntl();
  const invalid = report.invalid.slice(0, LINES_SHOWN).map((i) =>
    formatMessage(
      { id: getTranslation('campaigns.import.invalidLine'), defaultMessage: 'Line {line}: "{value}" — {reason}' },
      { line: i.line, value: i.value, reason: i.reason }
    )
  );
  if (report.invalid.length > LINES_SHOWN) {
    invalid.push(
      formatMessage(
        { id: getTranslation('campaigns.import.moreInvalid'), defaultMessage: '…and {count, plural, one {# more invalid line} other {# more invalid lines}}' },
        { count: report.invalid.length - LINES_SHOWN }
      )
    );
  }
  const optedOut = report.optedOut.slice(0, LINES_SHOWN).map((o) =>
    formatMessage(
      { id: getTranslation('campaigns.import.optedOutLine'), defaultMessage: 'line {line} ({number})' },
      { line: o.line, number: nationalFormat(o.phoneNumber) }
    )
  );
  return (
    <Alert
      variant={report.invalid.length ? 'warning' : 'success'}
      title={formatMessage({ id: getTranslation('campaigns.import.title'), defaultMessage: 'Recipients imported' })}
    >
      {formatMessage(
        {
          id: getTranslation('campaigns.import.summary'),
          defaultMessage:
            '{accepted, number} added, {duplicates, plural, one {# duplicate} other {# duplicates}} collapsed, {invalid, number} invalid, {optedOut, number} opted out and excluded; {total, number} in the list.',
        },
        {
          accepted: report.accepted,
          duplicates: report.duplicates,
          invalid: report.invalid.length,
          optedOut: report.optedOut.length,
          total: report.total,
        }
      )}
      {invalid.map((line) => (
        <React.Fragment key={line}>
          <br />
          {line}
        </React.Fragment>
      ))}
      {optedOut.length ? (
        <>
          <br />
          {formatMessage(
            { id: getTranslation('campaigns.import.optedOut'), defaultMessage: 'Opted out: {lines}' },
            { lines: formatList(optedOut, { type: 'unit' }) }
          )}
        </>
      ) : null}
    </Alert>
  );
};
