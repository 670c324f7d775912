import { Page, useRBAC } from '@strapi/strapi/admin';
import * as React from 'react';
import { useParams } from 'react-router-dom';
import type { RecipientImportReport } from '../../../../shared/contracts';
import { useGetCampaignQuery } from '../../api/campaigns';
import { PERMISSIONS } from '../../permissions';
import { CampaignForm } from './CampaignForm';

/** A campaign's page: create (no id) or edit, with its progress once it runs. */
export const CampaignEditPage = () => {
  const { documentId } = useParams<{ documentId: string }>();
  const { isLoading: rbacLoading, allowedActions } = useRBAC(PERMISSIONS.campaignsManage);
  const { data, error, isLoading } = useGetCampaignQuery(documentId ?? '', { skip: !documentId });
  const [report, setReport] = React.useState<RecipientImportReport | null>(null);
  const campaign = documentId && data?.documentId === documentId ? data : null;

  if (rbacLoading || (documentId && isLoading)) return <Page.Loading />;
  if (!documentId && !allowedActions.canManage) return <Page.NoPermissions />;
  if (documentId && (error || !campaign)) return <Page.Error />;
  return (
    <CampaignForm
      key={campaign?.documentId ?? 'new'}
      campaign={campaign}
      canManage={Boolean(allowedActions.canManage)}
      report={report}
      setReport={setReport}
    />
  );
};
