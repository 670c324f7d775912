import { SubNav, useAuth } from '@strapi/strapi/admin';
import { Divider } from '@strapi/design-system';
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
  };
}

export const TextingNav = () => {
  const { formatMessage } = useIntl();
  const access = usePageAccess();
  const links = [
    { to: BASE, end: true, label: formatMessage({ id: getTranslation('nav.numbers'), defaultMessage: 'Phone Numbers' }), show: access.numbers },
    { to: `${BASE}/campaigns`, end: false, label: formatMessage({ id: getTranslation('nav.campaigns'), defaultMessage: 'Campaigns' }), show: access.campaigns },
    { to: `${BASE}/inbox`, end: false, label: formatMessage({ id: getTranslation('nav.inbox'), defaultMessage: 'Inbox' }), show: access.inbox },
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
              <SubNav.Link key={l.to} to={l.to} end={l.end} label={l.label} />
            ))}
          </SubNav.Section>,
        ]}
      </SubNav.Sections>
    </SubNav.Main>
  );
};
