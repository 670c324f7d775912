import { Badge, Box, Button, Field, Flex, Loader, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import {
  INBOX_POLL_MS,
  useCloseConversationMutation,
  useGetConversationQuery,
  useGetReassignOptionsQuery,
  useReassignConversationMutation,
} from '../../api/inbox';
import { useErrorMessage } from '../../utils/errors';
import { getTranslation } from '../../utils/getTranslation';
import { nationalFormat } from '../../utils/phone';
import { MessageBubble } from './MessageBubble';
import { OlderMessages } from '../../components/capacity/OlderMessages';
import { ReplyForm } from './ReplyForm';
import { useInboxLabel } from './useInboxLabel';
import { ContactOptOut } from '../../components/audit/ContactOptOut';

/** The selected conversation: who it is with, where it sits, its texts (polled), and what the user may do with it. */
export const ThreadPanel = ({ documentId, canReply, refreshed }: { documentId: string; canReply: boolean; refreshed: number }) => {
  const { formatMessage } = useIntl();
  const errorMessage = useErrorMessage();
  const inboxLabel = useInboxLabel();
  const { toggleNotification } = useNotification();
  const { data: thread, error, refetch } = useGetConversationQuery(documentId, { pollingInterval: INBOX_POLL_MS });
  const { data: options } = useGetReassignOptionsQuery(documentId, { skip: !canReply });
  const [close] = useCloseConversationMutation();
  const [reassign] = useReassignConversationMutation();
  const endRef = React.useRef<HTMLDivElement | null>(null);

  // The page's Refresh button: ask now, not at the next poll.
  React.useEffect(() => {
    if (refreshed) refetch();
  }, [refreshed, refetch]);

  React.useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [thread?.messages.length]);

  const run = async (work: Promise<unknown>, done: string) => {
    try {
      await work;
      toggleNotification({ type: 'success', message: done });
    } catch (err) {
      toggleNotification({ type: 'danger', message: errorMessage(err) });
    }
  };

  // A thread the user may no longer see (or that failed to load) says so; a background poll keeps the last answer.
  if (error && !thread) {
    return (
      <Box padding={6}>
        <Typography textColor="danger600">{errorMessage(error)}</Typography>
      </Box>
    );
  }
  if (!thread || thread.documentId !== documentId) {
    return (
      <Flex justifyContent="center" padding={8}>
        <Loader>{formatMessage({ id: getTranslation('inbox.thread.loading'), defaultMessage: 'Loading the conversation' })}</Loader>
      </Flex>
    );
  }

  const optedOut = Boolean(thread.contact?.optedOut);
  const current = thread.inbox ? `${thread.inbox.type}:${thread.inbox.documentId}` : undefined;

  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="thread">
      <Flex justifyContent="space-between" alignItems="flex-start" gap={4} wrap="wrap">
        <Box>
          <Typography variant="beta" tag="h2">
            {thread.contact?.name || nationalFormat(thread.contact?.phoneNumber)}
          </Typography>
          <Typography textColor="neutral600" tag="p">
            {thread.phoneNumber
              ? formatMessage(
                  { id: getTranslation('inbox.thread.route'), defaultMessage: '{contact} → {name} · {number}' },
                  { contact: thread.contact?.phoneNumber ?? '', name: thread.phoneNumber.name, number: nationalFormat(thread.phoneNumber.phoneNumber) }
                )
              : formatMessage(
                  { id: getTranslation('inbox.thread.routeReleased'), defaultMessage: '{contact} → a released number' },
                  { contact: thread.contact?.phoneNumber ?? '' }
                )}
          </Typography>
          <Flex gap={1} paddingTop={1} wrap="wrap">
            <Badge active>{inboxLabel(thread)}</Badge>
            {thread.campaign ? (
              <Badge>{formatMessage({ id: getTranslation('inbox.thread.campaign'), defaultMessage: 'Campaign · {name}' }, { name: thread.campaign.name })}</Badge>
            ) : null}
            {thread.status === 'closed' ? <Badge>{formatMessage({ id: getTranslation('inbox.closed'), defaultMessage: 'Closed' })}</Badge> : null}
            {optedOut ? <Badge textColor="danger600">{formatMessage({ id: getTranslation('inbox.optedOut'), defaultMessage: 'Opted out' })}</Badge> : null}
          </Flex>
          {thread.contact ? (
            <Box paddingTop={2}>
              <ContactOptOut conversation={documentId} contact={thread.contact.phoneNumber} optedOut={optedOut} canReply={canReply} />
            </Box>
          ) : null}
        </Box>
        {canReply ? (
          <Flex gap={2} alignItems="flex-end">
            {options && (options.offices.length + options.agents.length > 1 || !current) ? (
              <Box minWidth="16rem">
                <Field.Root name="reassign">
                  <Field.Label>{formatMessage({ id: getTranslation('inbox.reassign'), defaultMessage: 'Inbox' })}</Field.Label>
                  <SingleSelect
                    size="S"
                    value={current}
                    placeholder={formatMessage({ id: getTranslation('inbox.reassign.placeholder'), defaultMessage: 'Reassign to…' })}
                    onChange={(value: string | number) => {
                      const [kind, id] = String(value).split(':');
                      if (`${kind}:${id}` === current) return;
                      void run(
                        reassign({ documentId, [kind]: id }).unwrap(),
                        formatMessage({ id: getTranslation('inbox.reassigned'), defaultMessage: 'Conversation reassigned' })
                      );
                    }}
                  >
                    {options.offices.map((o) => (
                      <SingleSelectOption key={`office:${o.documentId}`} value={`office:${o.documentId}`}>
                        {formatMessage({ id: getTranslation('inbox.inbox.office'), defaultMessage: 'Office · {name}' }, { name: o.name })}
                      </SingleSelectOption>
                    ))}
                    {options.agents.map((a) => (
                      <SingleSelectOption key={`agent:${a.documentId}`} value={`agent:${a.documentId}`}>
                        {formatMessage({ id: getTranslation('inbox.inbox.agent'), defaultMessage: 'Agent · {name}' }, { name: a.name })}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
              </Box>
            ) : null}
            {thread.status === 'open' ? (
              <Button
                variant="secondary"
                startIcon={<Check />}
                onClick={() =>
                  void run(close(documentId).unwrap(), formatMessage({ id: getTranslation('inbox.closedDone'), defaultMessage: 'Conversation closed' }))
                }
              >
                {formatMessage({ id: getTranslation('inbox.close'), defaultMessage: 'Close' })}
              </Button>
            ) : null}
          </Flex>
        ) : null}
      </Flex>

      <Box background="neutral0" hasRadius padding={4} shadow="filterShadow" style={{ maxHeight: '55vh', overflowY: 'auto' }}>
        <Flex direction="column" alignItems="stretch" gap={3}>
          <OlderMessages documentId={documentId} oldest={thread.messages[0]?.documentId} shown={thread.messages.length} render={(m) => <MessageBubble key={m.documentId} m={m as unknown as Parameters<typeof MessageBubble>[0]['m']} />} />
          {thread.messages.length ? (
            thread.messages.map((m) => <MessageBubble key={m.documentId} m={m} />)
          ) : (
            <Typography>{formatMessage({ id: getTranslation('inbox.thread.empty'), defaultMessage: 'No texts yet.' })}</Typography>
          )}
          <div ref={endRef} />
        </Flex>
      </Box>

      {canReply ? <ReplyForm key={documentId} documentId={documentId} optedOut={optedOut} /> : null}
    </Flex>
  );
};
