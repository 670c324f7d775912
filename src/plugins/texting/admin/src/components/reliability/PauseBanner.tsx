import * as React from 'react';
import { Alert, Box } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useGetDispatchStatusQuery } from '../../api/reliability';
import { getTranslation } from '../../utils/getTranslation';

/** How often an open Texting page asks whether sending is paused (one small GET). */
const POLL_MS = 15_000;

/**
 * "Paused: Plivo unavailable since 14:02 — 503 Service Unavailable", above every Texting page (campaign page
 * included) while sending is paused; nothing otherwise. Sending resumes by itself: the banner says so.
 */
export const PauseBanner = () => {
  const { formatMessage, formatTime } = useIntl();
  const { data } = useGetDispatchStatusQuery(undefined, { pollingInterval: POLL_MS });
  // Closing hides this pause only: a new pause (another `since`) shows again.
  const [closed, setClosed] = React.useState<string | null>(null);
  if (!data?.paused || closed === data.since) return null;
  const cause =
    data.kind === 'account'
      ? formatMessage({ id: getTranslation('reliability.pause.account'), defaultMessage: 'Plivo refused the account' })
      : formatMessage({ id: getTranslation('reliability.pause.outage'), defaultMessage: 'Plivo unavailable' });
  return (
    <Box paddingLeft={10} paddingRight={10} paddingTop={4}>
      <Alert
        variant="danger"
        onClose={() => setClosed(data.since)}
        closeLabel={formatMessage({ id: getTranslation('reliability.pause.close'), defaultMessage: 'Close' })}
        title={formatMessage(
          { id: getTranslation('reliability.pause.title'), defaultMessage: 'Paused: {cause} since {time} — {reason}' },
          { cause, time: data.since ? formatTime(data.since, { hour: '2-digit', minute: '2-digit' }) : '?', reason: data.reason ?? '' }
        )}
      >
        {formatMessage({
          id: getTranslation('reliability.pause.body'),
          defaultMessage: 'No text is lost: every text waits in the queue and sending resumes by itself once Plivo accepts again.',
        })}
      </Alert>
    </Box>
  );
};
