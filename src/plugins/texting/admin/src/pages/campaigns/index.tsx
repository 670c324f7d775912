import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { PERMISSIONS } from '../../permissions';
import { CampaignEditPage } from './CampaignEditPage';
import { CampaignListPage } from './CampaignListPage';

/** Everything under /plugins/texting/campaigns (one `<Route path="campaigns/*">` in App.tsx). */
export const CampaignsRoutes = () => (
  <Page.Protect permissions={PERMISSIONS.campaignsRead}>
    <Routes>
      <Route index element={<CampaignListPage />} />
      <Route path="new" element={<CampaignEditPage />} />
      <Route path=":documentId" element={<CampaignEditPage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Page.Protect>
);
