import { Badge, Box, EmptyStateLayout, Flex, Loader, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { ConversationRow } from '../../../../shared/contracts';
import { getTranslation } from '../../utils/getTranslation';
import { nationalFormat } from '../../utils/phone';
import { SHORT_DATE_TIME, useInboxLabel } from './useInboxLabel';

const ConversationItem = ({ c, selected, onSelect }: { c: ConversationRow; selected: boolean; onSelect: () => void }) => {
  const { formatMessage, formatDate } = useIntl();
  const inboxLabel = useInboxLabel();
  return (
    <Box
      tag="button"
      type="button"
      onClick={onSelect}
      data-conversation={c.documentId}
      aria-current={selected ? 'true' : undefined}
      background={selected ? 'primary100' : 'neutral0'}
      borderColor={selected ? 'primary200' : 'neutral150'}
      hasRadius
      padding={3}
      width="100%"
      style={{ textAlign: 'left', cursor: 'pointer', borderStyle: 'solid', borderWidth: 1 }}
    >
      <Flex justifyContent="space-between" gap={2}>
        <Typography fontWeight="bold" ellipsis>
          {c.contact?.name || nationalFormat(c.contact?.phoneNumber)}
        </Typography>
        <Typography variant="pi" textColor="neutral500">
          {c.lastMessageAt ? formatDate(c.lastMessageAt, SHORT_DATE_TIME) : ''}
        </Typography>
      </Flex>
      <Typography variant="omega" textColor="neutral700" ellipsis tag="p">
        {c.lastMessagePreview ?? ''}
      </Typography>
      <Flex gap={1} paddingTop={1} wrap="wrap">
        <Badge>{inboxLabel(c)}</Badge>
        {c.campaign ? <Badge>{c.campaign.name}</Badge> : null}
        {c.status === 'closed' ? <Badge>{formatMessage({ id: getTranslation('inbox.closed'), defaultMessage: 'Closed' })}</Badge> : null}
        {c.contact?.optedOut ? (
          <Badge textColor="danger600">{formatMessage({ id: getTranslation('inbox.optedOut'), defaultMessage: 'Opted out' })}</Badge>
        ) : null}
      </Flex>
    </Box>
  );
};

/** The conversations of the user's inboxes, newest first; the selected one is highlighted. */
export const ConversationList = ({
  rows,
  selected,
  onSelect,
}: {
  rows: ConversationRow[] | undefined;
  selected: string | null;
  onSelect: (documentId: string) => void;
}) => {
  const { formatMessage } = useIntl();
  if (!rows) return <Loader>{formatMessage({ id: getTranslation('inbox.loading'), defaultMessage: 'Loading conversations' })}</Loader>;
  if (!rows.length) {
    return <EmptyStateLayout content={formatMessage({ id: getTranslation('inbox.empty'), defaultMessage: 'No conversations here.' })} hasRadius shadow="tableShadow" />;
  }
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      {rows.map((c) => (
        <ConversationItem key={c.documentId} c={c} selected={c.documentId === selected} onSelect={() => onSelect(c.documentId)} />
      ))}
    </Flex>
  );
};
