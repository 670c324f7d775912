import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { ThreadMessage } from '../../../../shared/contracts';
import { getTranslation } from '../../utils/getTranslation';
import { MESSAGE_STATUS_LABEL, useLabel } from '../../utils/labels';
import { SHORT_DATE_TIME } from './useInboxLabel';

/** One text of a thread: the contact's on the left, ours on the right (red when it failed), the routing reason on hover. */
export const MessageBubble = ({ m }: { m: ThreadMessage }) => {
  const { formatMessage, formatDate } = useIntl();
  const label = useLabel();
  const out = m.direction === 'outbound';
  const who = out
    ? (m.sentBy?.name ??
      (m.automatic
        ? formatMessage({ id: getTranslation('inbox.message.automatic'), defaultMessage: 'Automatic reply' })
        : formatMessage({ id: getTranslation('inbox.message.sent'), defaultMessage: 'Sent' })))
    : formatMessage({ id: getTranslation('inbox.message.contact'), defaultMessage: 'Contact' });
  const failed = m.status === 'failed' || m.status === 'undelivered';
  const failure = m.failureReason ?? (m.errorCode ? formatMessage({ id: getTranslation('inbox.message.errorCode'), defaultMessage: 'error {code}' }, { code: m.errorCode }) : null);
  return (
    <Flex justifyContent={out ? 'flex-end' : 'flex-start'} data-message={m.documentId} data-direction={m.direction}>
      <Box background={out ? (failed ? 'danger100' : 'primary100') : 'neutral100'} hasRadius padding={3} maxWidth="70%" title={m.routingReason ?? undefined}>
        <Typography tag="p" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {m.body}
        </Typography>
        <Typography variant="pi" textColor="neutral500" tag="p">
          {who} · {formatDate(m.createdAt, SHORT_DATE_TIME)}
          {out ? ` · ${label(MESSAGE_STATUS_LABEL, m.status)}` : ''}
          {failed && failure ? ` (${failure})` : ''}
        </Typography>
      </Box>
    </Flex>
  );
};
