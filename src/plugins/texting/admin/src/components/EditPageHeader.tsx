import { Flex } from '@strapi/design-system';
import { BackButton, Layouts, Page } from '@strapi/strapi/admin';
import * as React from 'react';
import { SimulatedBadge } from './SimulatedBadge';

interface Props {
  title: string;
  /** The browser tab's title, when it says more than the heading. */
  pageTitle?: string;
  subtitle: React.ReactNode;
  /** Where the back button goes when there is no history to go back to. */
  back: string;
  /** Badges beside the title (the simulator's badge is always added). */
  badges?: React.ReactNode;
  actions?: React.ReactNode;
}

/** The header of a record's page (a number, a campaign, provisioning), as Strapi's edit views have it. */
export const EditPageHeader = ({ title, pageTitle, subtitle, back, badges, actions }: Props) => (
  <>
    <Page.Title>{pageTitle ?? title}</Page.Title>
    <Layouts.Header
      navigationAction={<BackButton fallback={back} />}
      title={title}
      subtitle={subtitle}
      secondaryAction={
        <Flex gap={2}>
          {badges}
          <SimulatedBadge />
        </Flex>
      }
      primaryAction={actions}
    />
  </>
);
