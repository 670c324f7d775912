import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { Badge, Typography } from '@strapi/design-system';
import { useEffect, useState } from 'react';

/** Placeholder of the Phone Numbers page: the list itself arrives with its own issue. */
export const PhoneNumbersPage = () => {
  const { get } = useFetchClient();
  const [simulated, setSimulated] = useState(false);
  useEffect(() => {
    get<{ data: { simulated: boolean } }>('/texting/provider')
      .then((res) => setSimulated(res.data.data.simulated))
      .catch(() => setSimulated(false));
  }, [get]);
  return (
    <Page.Main>
      <Page.Title>Phone Numbers</Page.Title>
      <Layouts.Header
        title="Phone Numbers"
        subtitle="Numbers your offices text from"
        secondaryAction={simulated ? <Badge active>Simulated Plivo</Badge> : undefined}
      />
      <Layouts.Content>
        <Typography>Texting is installed.</Typography>
      </Layouts.Content>
    </Page.Main>
  );
};
