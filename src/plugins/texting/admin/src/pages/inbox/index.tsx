import { Box, Button, EmptyStateLayout, Flex, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';
import { ArrowClockwise, Plus } from '@strapi/icons';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { NavLink, useSearchParams } from 'react-router-dom';
import type { ConversationStatusFilter } from '../../../../shared/contracts';
import { INBOX_POLL_MS, useListConversationsQuery } from '../../api/inbox';
import { PERMISSIONS } from '../../permissions';
import { useErrorMessage } from '../../utils/errors';
import { getTranslation } from '../../utils/getTranslation';
import { ConversationList } from './ConversationList';
import { NewTextModal } from './NewTextModal';
import { ThreadPanel } from './ThreadPanel';

/**
 * Texting → Inbox: the conversations of the user's own agent inbox and of their offices' inboxes
 * (super admins see all), the thread of the selected one, and a reply box. The server decides what the
 * user may see and do; this page only shows it. The selected conversation is in the URL (`?c=`).
 */
const InboxContent = () => {
  const { formatMessage } = useIntl();
  const errorMessage = useErrorMessage();
  const [params, setParams] = useSearchParams();
  const selected = params.get('c');
  const [status, setStatus] = React.useState<ConversationStatusFilter>('open');
  const [q, setQ] = React.useState('');
  const [newOpen, setNewOpen] = React.useState(false);
  const { allowedActions } = useRBAC(PERMISSIONS.inboxReply);
  const canReply = Boolean(allowedActions.canReply);
  const [refreshed, setRefreshed] = React.useState(0);
  const { data, error, isLoading, refetch } = useListConversationsQuery(
    { status, pageSize: 100, ...(q.trim() ? { q: q.trim() } : {}) },
    { pollingInterval: INBOX_POLL_MS }
  );
  const total = data?.meta.pagination.total;

  const select = (documentId: string) => setParams({ c: documentId });
  // The list and the open thread ask again now, not at their next poll.
  const refresh = () => {
    refetch();
    setRefreshed((n) => n + 1);
  };
  const title = formatMessage({ id: getTranslation('inbox.title'), defaultMessage: 'Inbox' });

  return (
    <Page.Main aria-busy={isLoading}>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={
          total === undefined
            ? formatMessage({ id: getTranslation('inbox.subtitle'), defaultMessage: 'Texts to your offices and to you' })
            : formatMessage({ id: getTranslation('inbox.count'), defaultMessage: '{total, plural, one {# conversation} other {# conversations}}' }, { total })
        }
        primaryAction={
          canReply ? (
            <Button startIcon={<Plus />} size="S" onClick={() => setNewOpen(true)}>
              {formatMessage({ id: getTranslation('inbox.new'), defaultMessage: 'New text' })}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Action
        startActions={
          <Flex gap={2}>
            <Box minWidth="12rem">
              <SingleSelect
                size="S"
                aria-label={formatMessage({ id: getTranslation('inbox.status'), defaultMessage: 'Status' })}
                value={status}
                onChange={(v: string | number) => setStatus(String(v) as ConversationStatusFilter)}
              >
                <SingleSelectOption value="open">{formatMessage({ id: getTranslation('inbox.status.open'), defaultMessage: 'Open' })}</SingleSelectOption>
                <SingleSelectOption value="closed">{formatMessage({ id: getTranslation('inbox.status.closed'), defaultMessage: 'Closed' })}</SingleSelectOption>
                <SingleSelectOption value="all">{formatMessage({ id: getTranslation('inbox.status.all'), defaultMessage: 'All' })}</SingleSelectOption>
              </SingleSelect>
            </Box>
            <Box minWidth="16rem">
              <TextInput
                size="S"
                aria-label={formatMessage({ id: getTranslation('inbox.search'), defaultMessage: 'Search by contact' })}
                placeholder={formatMessage({ id: getTranslation('inbox.search'), defaultMessage: 'Search by contact' })}
                value={q}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setQ(e.target.value)}
              />
            </Box>
          </Flex>
        }
        endActions={
          <Flex gap={2}>
            <Button variant="tertiary" size="S" startIcon={<ArrowClockwise />} onClick={refresh}>
              {formatMessage({ id: getTranslation('inbox.refresh'), defaultMessage: 'Refresh' })}
            </Button>
            <Button tag={NavLink} to="/plugins/texting" variant="tertiary" size="S">
              {formatMessage({ id: getTranslation('nav.numbers'), defaultMessage: 'Phone Numbers' })}
            </Button>
          </Flex>
        }
      />
      <Layouts.Content>
        {error && !data ? (
          <EmptyStateLayout content={errorMessage(error)} hasRadius shadow="tableShadow" />
        ) : (
          <Flex alignItems="flex-start" gap={6}>
            <Box style={{ flex: '0 0 24rem' }} data-testid="conversation-list">
              <ConversationList rows={data?.data} selected={selected} onSelect={select} />
            </Box>
            <Box style={{ flex: 1, minWidth: 0 }}>
              {selected ? (
                <ThreadPanel documentId={selected} canReply={canReply} refreshed={refreshed} />
              ) : (
                <Box padding={8} background="neutral0" hasRadius shadow="filterShadow">
                  <Typography textColor="neutral600">
                    {formatMessage({ id: getTranslation('inbox.choose'), defaultMessage: 'Choose a conversation to read it and reply.' })}
                  </Typography>
                </Box>
              )}
            </Box>
          </Flex>
        )}
      </Layouts.Content>
      <NewTextModal
        open={newOpen}
        onClose={() => setNewOpen(false)}
        onSent={(conversation) => {
          setNewOpen(false);
          select(conversation);
        }}
      />
    </Page.Main>
  );
};

/** Texting → Inbox (one `<Route path="inbox" …>` in App.tsx); guarded by the inbox read action. */
export const InboxPage = () => (
  <Page.Protect permissions={PERMISSIONS.inboxRead}>
    <InboxContent />
  </Page.Protect>
);
