import { SubNav, useRBAC } from '@strapi/strapi/admin';
import { Divider } from '@strapi/design-system';
import { PERMISSIONS } from '../permissions';

const BASE = '/plugins/texting';

export const PAGE_PERMISSIONS = {
  numbers: PERMISSIONS.numbersRead,
  campaigns: PERMISSIONS.campaignsRead,
  inbox: PERMISSIONS.inboxRead,
};

/** The plugin's own side navigation, as the Content Manager and Settings have: one link per page the user may open. */
export const TextingNav = () => {
  const { allowedActions } = useRBAC(PAGE_PERMISSIONS);
  const links = [
    { to: BASE, end: true, label: 'Phone Numbers', show: allowedActions.canNumbers },
    { to: `${BASE}/campaigns`, end: false, label: 'Campaigns', show: allowedActions.canCampaigns },
    { to: `${BASE}/inbox`, end: false, label: 'Inbox', show: allowedActions.canInbox },
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
