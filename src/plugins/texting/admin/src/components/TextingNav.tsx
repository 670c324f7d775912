import { SubNav, useAuth } from '@strapi/strapi/admin';
import { Divider } from '@strapi/design-system';
import { PERMISSIONS } from '../permissions';

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
  const access = usePageAccess();
  const links = [
    { to: BASE, end: true, label: 'Phone Numbers', show: access.numbers },
    { to: `${BASE}/campaigns`, end: false, label: 'Campaigns', show: access.campaigns },
    { to: `${BASE}/inbox`, end: false, label: 'Inbox', show: access.inbox },
  ].filter((l) => l.show);
  return (
    <SubNav.Main aria-label="Texting">
      <SubNav.Header label="Texting" />
      <Divider />
      <SubNav.Sections>
        {[
          <SubNav.Section key="texting" label="Pages">
            {links.map((l) => (
              <SubNav.Link key={l.to} to={l.to} end={l.end} label={l.label} />
            ))}
          </SubNav.Section>,
        ]}
      </SubNav.Sections>
    </SubNav.Main>
  );
};
