import { Layouts, Page } from '@strapi/strapi/admin';
import { Navigate, Route, Routes } from 'react-router-dom';
import { TextingNav, usePageAccess } from '../components/TextingNav';
import { PERMISSIONS } from '../permissions';
import { EditNumberPage } from './EditNumber';
import { PhoneNumbersPage } from './PhoneNumbers';
import { ProvisionNumberPage } from './ProvisionNumber';
import { CampaignsRoutes } from './campaigns';
import { InboxPage } from './inbox';
import { PauseBanner } from '../components/reliability/PauseBanner';
import { ProviderPage } from './Provider';
import { NotificationsPage } from './Notifications';
import { ReleasedNumbersPage } from './audit/ReleasedNumbers';
import { OptOutLogPage } from './audit/OptOutLog';

/** The numbers pages need the read action; other pages guard themselves with their own. */
const Numbers = ({ children }: { children: React.ReactNode }) => (
  <Page.Protect permissions={PERMISSIONS.numbersRead}>{children}</Page.Protect>
);

/** Notifications need numbers.read or campaigns.read (either one; `Page.Protect` would want both). */
const Notifications = () => {
  const access = usePageAccess();
  if (access.isLoading) return <Page.Loading />;
  return access.notifications ? <NotificationsPage /> : <Page.NoPermissions />;
};

/** The index is the Phone Numbers list; a user who may not read numbers lands on the first page they may open. */
const Home = () => {
  const access = usePageAccess();
  if (access.isLoading) return <Page.Loading />;
  if (access.numbers) return <PhoneNumbersPage />;
  if (access.campaigns) return <Navigate to="campaigns" replace />;
  if (access.inbox) return <Navigate to="inbox" replace />;
  return <Page.NoPermissions />;
};

/** The plugin's pages under /admin/plugins/texting: one `<Route>` per page, beside the plugin's side navigation. */
const App = () => (
  <Layouts.Root sideNav={<TextingNav />}>
    <PauseBanner />
    <Routes>
      <Route index element={<Home />} />
      <Route path="numbers/new" element={<Numbers><ProvisionNumberPage /></Numbers>} />
      <Route path="numbers/released" element={<Numbers><ReleasedNumbersPage /></Numbers>} />
      <Route path="numbers/:documentId" element={<Numbers><EditNumberPage /></Numbers>} />
      <Route path="campaigns/*" element={<CampaignsRoutes />} />
      <Route path="inbox" element={<InboxPage />} />
      <Route path="provider" element={<Numbers><ProviderPage /></Numbers>} />
      <Route path="notifications" element={<Notifications />} />
      <Route path="opt-outs" element={<Page.Protect permissions={PERMISSIONS.inboxRead}><OptOutLogPage /></Page.Protect>} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Layouts.Root>
);

export default App;
