import { SubNav, useAuth } from '@strapi/strapi/admin';
import { Badge, Divider } from '@strapi/design-system';
import { UNREAD_POLL_MS, useGetUnreadNotificationCountQuery } from '../api/notifications';
import { useIntl } from 'react-intl';
import { PERMISSIONS } from '../permissions';
import { getTranslation } from '../utils/getTranslation';

const BASE = '/plugins/texting';

/**
 * Which of the plugin's pages the user may open, read from the signed-in user's permissions as they load
 * (as `Page.Protect` does). `useRBAC` is not used here: on a hard reload it can check before the permissions
 * have arrived and keep that empty answer, and it names every `…read` action `canRead`.
 */
export function usePageAccess() {
  const isLoading = useAuth('TextingNav', (s) => s.isLoading);
  const permissions = useAuth('TextingNav', (s) => s.permissions);
  const has = (required: Array<{ action: string }>) => (permissions ?? []).some((p) => p.action === required[0].action);
  return {
    isLoading: isLoading || !permissions,
    numbers: has(PERMISSIONS.numbersRead),
    campaigns: has(PERMISSIONS.campaignsRead),
    inbox: has(PERMISSIONS.inboxRead),
    /** The Provider page: numbers.read. Notifications: numbers.read or campaigns.read (the server scopes them). */
    provider: has(PERMISSIONS.numbersRead),
    notifications: has(PERMISSIONS.numbersRead) || has(PERMISSIONS.campaignsRead),
  };
}

export const TextingNav = () => {
  const { formatMessage } = useIntl();
  const access = usePageAccess();
  // The unread count on the Notifications link, refreshed every 30 s and after any read mark.
  const { data: unread = 0 } = useGetUnreadNotificationCountQuery(undefined, {
    skip: access.isLoading || !access.notifications,
    pollingInterval: UNREAD_POLL_MS,
  });
  const links: Array<{ to: string; end: boolean; label: string; show: boolean; badge?: number }> = [
    { to: BASE, end: true, label: formatMessage({ id: getTranslation('nav.numbers'), defaultMessage: 'Phone Numbers' }), show: access.numbers },
    { to: `${BASE}/campaigns`, end: false, label: formatMessage({ id: getTranslation('nav.campaigns'), defaultMessage: 'Campaigns' }), show: access.campaigns },
    { to: `${BASE}/inbox`, end: false, label: formatMessage({ id: getTranslation('nav.inbox'), defaultMessage: 'Inbox' }), show: access.inbox },
    { to: `${BASE}/provider`, end: false, label: formatMessage({ id: getTranslation('nav.provider'), defaultMessage: 'Provider' }), show: access.provider },
    {
      to: `${BASE}/notifications`,
      end: false,
      label: formatMessage({ id: getTranslation('nav.notifications'), defaultMessage: 'Notifications' }),
      show: access.notifications,
      badge: unread,
    },
    { to: `${BASE}/numbers/released`, end: true, label: formatMessage({ id: getTranslation('nav.released'), defaultMessage: 'Released numbers' }), show: access.numbers },
    { to: `${BASE}/opt-outs`, end: false, label: formatMessage({ id: getTranslation('nav.optOuts'), defaultMessage: 'Opt-out log' }), show: access.inbox },
  ].filter((l) => l.show);
  const title = formatMessage({ id: getTranslation('plugin.name'), defaultMessage: 'Texting' });
  return (
    <SubNav.Main aria-label={title}>
      <SubNav.Header label={title} />
      <Divider />
      <SubNav.Sections>
        {[
          <SubNav.Section key="texting" label={formatMessage({ id: getTranslation('nav.pages'), defaultMessage: 'Pages' })}>
            {links.map((l) => (
              <SubNav.Link
                key={l.to}
                to={l.to}
                end={l.end}
                label={l.label}
                endAction={
                  l.badge ? (
                    <Badge
                      active
                      data-testid="unread-count"
                      aria-label={formatMessage({ id: getTranslation('nav.unread'), defaultMessage: '{count, plural, one {# unread} other {# unread}}' }, { count: l.badge })}
                    >
                      {l.badge}
                    </Badge>
                  ) : undefined
                }
              />
            ))}
          </SubNav.Section>,
        ]}
      </SubNav.Sections>
    </SubNav.Main>
  );
};
