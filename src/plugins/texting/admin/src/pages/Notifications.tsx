import { Badge, Box, Button, Flex, Link, Switch, Field, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl, type MessageDescriptor } from 'react-intl';
import { NavLink } from 'react-router-dom';
import { styled } from 'styled-components';
import type { NotificationKind, NotificationRow } from '../../../shared/contracts';
import {
  useGetNotificationSettingsQuery,
  useListNotificationsQuery,
  useMarkNotificationsMutation,
  useUpdateNotificationSettingsMutation,
} from '../api/notifications';
import { useErrorMessage } from '../utils/errors';
import { getTranslation } from '../utils/getTranslation';
import { NOTIFICATION_NEXT_STEP, NOTIFICATION_REASON_LABEL } from '../utils/labels';
import { nationalFormat } from '../utils/phone';

const PAGE_SIZE = 20;

/** The design system's table never wraps: a long explanation would push When and Actions out of sight. */
const Wrapping = styled.div`
  white-space: normal;
  overflow-wrap: anywhere;
`;

const TEXT: Record<NotificationKind, MessageDescriptor> = {
  number_active: { id: getTranslation('notifications.kind.number_active'), defaultMessage: '{number} is active: it can send and receive texts.' },
  release_failed: { id: getTranslation('notifications.kind.release_failed'), defaultMessage: 'Releasing {number} at Plivo failed; it is kept.' },
  number_missing: { id: getTranslation('notifications.kind.number_missing'), defaultMessage: '{number} is no longer on the Plivo account.' },
  campaign_started: { id: getTranslation('notifications.kind.campaign_started'), defaultMessage: 'Campaign “{campaign}” started sending from {number}.' },
  campaign_finished: { id: getTranslation('notifications.kind.campaign_finished'), defaultMessage: 'Campaign “{campaign}” finished (archived).' },
  campaign_paused: { id: getTranslation('notifications.kind.campaign_paused'), defaultMessage: 'Campaign “{campaign}” is paused: sending stopped.' },
};

/**
 * Why, under the notification's text: for a known reason (the kind of Plivo failure), a translated sentence saying
 * what to check and what happens next, with the recorded text (partly Plivo's own English) as a technical detail
 * below it; a notification without a reason code (older ones) shows its recorded text as it is.
 */
const Reason = ({ n }: { n: NotificationRow }) => {
  const { formatMessage } = useIntl();
  const next = NOTIFICATION_NEXT_STEP[n.kind];
  const label = n.reason ? NOTIFICATION_REASON_LABEL[n.reason] : undefined;
  if (!label) {
    return n.detail ? (
      <Typography variant="pi" textColor="neutral600">
        {n.detail}
      </Typography>
    ) : null;
  }
  return (
    <>
      <Typography variant="omega" textColor="neutral800" data-testid="notification-reason">
        {formatMessage(label)}
        {next && n.reason !== 'released_not_deleted' ? ` ${formatMessage(next)}` : ''}
      </Typography>
      {n.detail ? (
        <Typography variant="pi" textColor="neutral600" data-testid="notification-detail">
          {formatMessage({ id: getTranslation('notifications.technicalDetail'), defaultMessage: 'Technical detail: {detail}' }, { detail: n.detail })}
        </Typography>
      ) : null}
    </>
  );
};

const linkOf = (n: NotificationRow) =>
  n.campaign ? `/plugins/texting/campaigns/${n.campaign.documentId}` : n.numberDocumentId ? `/plugins/texting/numbers/${n.numberDocumentId}` : null;

/** "Email me these notifications": an agent's own choice, offered where Strapi's email plugin is configured. */
const EmailChoice = () => {
  const { formatMessage } = useIntl();
  const errorMessage = useErrorMessage();
  const { toggleNotification } = useNotification();
  const { data } = useGetNotificationSettingsQuery();
  const [update, { isLoading }] = useUpdateNotificationSettingsMutation();
  if (!data?.emailAvailable || !data.isAgent) return null;
  return (
    <Field.Root name="notifyByEmail">
      <Flex gap={2}>
        <Switch
          checked={data.email}
          disabled={isLoading}
          onCheckedChange={(checked: boolean) =>
            void update({ email: checked })
              .unwrap()
              .catch((err: unknown) => toggleNotification({ type: 'danger', message: errorMessage(err) }))
          }
          aria-label={formatMessage({ id: getTranslation('notifications.email'), defaultMessage: 'Also e-mail me my offices’ notifications' })}
        />
        <Field.Label>{formatMessage({ id: getTranslation('notifications.email'), defaultMessage: 'Also e-mail me my offices’ notifications' })}</Field.Label>
      </Flex>
    </Field.Root>
  );
};

/**
 * Texting → Notifications (issue 13): numbers that became active, failed releases, numbers missing at Plivo,
 * campaigns started, finished or paused — newest first, read or unread for this user. The server shows only the
 * user's offices' events.
 */
export const NotificationsPage = () => {
  const { formatMessage, formatDate } = useIntl();
  const errorMessage = useErrorMessage();
  const { toggleNotification } = useNotification();
  const [page, setPage] = React.useState(1);
  const [unreadOnly, setUnreadOnly] = React.useState(false);
  const { data, isLoading, error } = useListNotificationsQuery({ page, pageSize: PAGE_SIZE, unread: unreadOnly });
  const [mark] = useMarkNotificationsMutation();

  const markThem = (body: { ids?: number[]; all?: true; read: boolean }) =>
    void mark(body)
      .unwrap()
      .catch((err: unknown) => toggleNotification({ type: 'danger', message: errorMessage(err) }));

  const title = formatMessage({ id: getTranslation('notifications.title'), defaultMessage: 'Notifications' });
  if (isLoading) return <Page.Loading />;
  if (error || !data) return <Page.Error />;
  const unread = data.meta.unread;

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={formatMessage({ id: getTranslation('notifications.unread'), defaultMessage: '{count, plural, =0 {Nothing unread} one {# unread} other {# unread}}' }, { count: unread })}
        primaryAction={
          <Button startIcon={<Check />} disabled={unread === 0} onClick={() => markThem({ all: true, read: true })}>
            {formatMessage({ id: getTranslation('notifications.markAllRead'), defaultMessage: 'Mark all as read' })}
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Flex justifyContent="space-between">
            <Flex gap={2}>
              <Button variant={unreadOnly ? 'tertiary' : 'secondary'} onClick={() => { setUnreadOnly(false); setPage(1); }}>
                {formatMessage({ id: getTranslation('notifications.filter.all'), defaultMessage: 'All' })}
              </Button>
              <Button variant={unreadOnly ? 'secondary' : 'tertiary'} onClick={() => { setUnreadOnly(true); setPage(1); }}>
                {formatMessage({ id: getTranslation('notifications.filter.unread'), defaultMessage: 'Unread' })}
              </Button>
            </Flex>
            <EmailChoice />
          </Flex>
          {data.data.length === 0 ? (
            <Box background="neutral0" hasRadius padding={8}>
              <Typography textColor="neutral600">
                {formatMessage({ id: getTranslation('notifications.none'), defaultMessage: 'No notifications.' })}
              </Typography>
            </Box>
          ) : (
            <Table colCount={3} rowCount={data.data.length + 1} data-testid="notifications-table">
              <Thead>
                <Tr>
                  <Th><Typography variant="sigma">{formatMessage({ id: getTranslation('notifications.column.what'), defaultMessage: 'What happened' })}</Typography></Th>
                  <Th><Typography variant="sigma">{formatMessage({ id: getTranslation('notifications.column.when'), defaultMessage: 'When' })}</Typography></Th>
                  <Th><Typography variant="sigma">{formatMessage({ id: getTranslation('numbers.column.actions'), defaultMessage: 'Actions' })}</Typography></Th>
                </Tr>
              </Thead>
              <Tbody>
                {data.data.map((n) => {
                  const link = linkOf(n);
                  const values = { number: n.phoneNumber ? nationalFormat(n.phoneNumber) : '', campaign: n.campaign?.name ?? '' };
                  // A release that Plivo did but whose removal here failed: not "releasing failed", whatever the kind says.
                  const text =
                    n.reason === 'released_not_deleted'
                      ? formatMessage({ id: getTranslation('notifications.kind.released_not_deleted'), defaultMessage: '{number} was released at Plivo but is still listed here.' }, values)
                      : formatMessage(TEXT[n.kind], values);
                  return (
                    <Tr key={n.id} data-testid="notification-row" data-read={n.read ? 'true' : 'false'}>
                      <Td>
                        <Wrapping>
                          <Flex direction="column" alignItems="flex-start" gap={1}>
                            <Flex gap={2}>
                              {n.read ? null : <Badge active>{formatMessage({ id: getTranslation('notifications.new'), defaultMessage: 'New' })}</Badge>}
                              {link ? (
                                <Link tag={NavLink} to={link} onClick={() => (n.read ? undefined : markThem({ ids: [n.id], read: true }))}>
                                  {text}
                                </Link>
                              ) : (
                                <Typography fontWeight={n.read ? 'regular' : 'bold'}>{text}</Typography>
                              )}
                            </Flex>
                            <Reason n={n} />
                          </Flex>
                        </Wrapping>
                      </Td>
                      <Td>
                        <Typography>{formatDate(n.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</Typography>
                      </Td>
                      <Td>
                        <Button variant="tertiary" size="S" onClick={() => markThem({ ids: [n.id], read: !n.read })}>
                          {n.read
                            ? formatMessage({ id: getTranslation('notifications.markUnread'), defaultMessage: 'Mark as unread' })
                            : formatMessage({ id: getTranslation('notifications.markRead'), defaultMessage: 'Mark as read' })}
                        </Button>
                      </Td>
                    </Tr>
                  );
                })}
              </Tbody>
            </Table>
          )}
          {data.meta.pagination.pageCount > 1 ? (
            <Flex gap={2} justifyContent="flex-end">
              <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                {formatMessage({ id: getTranslation('notifications.previous'), defaultMessage: 'Newer' })}
              </Button>
              <Button variant="tertiary" disabled={page >= data.meta.pagination.pageCount} onClick={() => setPage((p) => p + 1)}>
                {formatMessage({ id: getTranslation('notifications.next'), defaultMessage: 'Older' })}
              </Button>
            </Flex>
          ) : null}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default NotificationsPage;
