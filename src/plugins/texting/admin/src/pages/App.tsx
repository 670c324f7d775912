import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { PhoneNumbersPage } from './PhoneNumbers';

const App = () => (
  <Page.Protect permissions={[{ action: 'plugin::texting.numbers.read', subject: null }]}>
    <Routes>
      <Route index element={<PhoneNumbersPage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Page.Protect>
);

export default App;
