/**
 * Issue 11 (capacity): a campaign's recipients page by page, their CSV import as a file upload, and a
 * conversation's messages newest first with "load older". RTK Query endpoints injected into Strapi's own
 * `adminApi` (admin JWT, token refresh, cache), so these views share the admin's store.
 */
// From `@strapi/strapi/admin` (a peer dependency), not `@strapi/admin/strapi-admin`: that path is not among the
// plugin's dependencies, so strapi-plugin build bundled a second adminApi whose queries the admin's store never runs.
import { adminApi } from '@strapi/strapi/admin';
import type { RecipientImportReport, RecipientsPage } from '../../../shared/contracts';

export interface RecipientsQuery {
  documentId: string;
  page: number;
  pageSize: number;
  q?: string;
  /** The campaign's `updatedAt`: not sent, but a new value is a new cache entry (the list changed elsewhere). */
  version?: string | null;
}

export interface ConversationMessage {
  documentId: string;
  direction: 'inbound' | 'outbound';
  body: string;
  createdAt: string;
  [key: string]: unknown;
}

export interface MessagesPage {
  data: ConversationMessage[];
  meta: { hasOlder: boolean; before: string | null };
}

const api = adminApi.enhanceEndpoints({ addTagTypes: ['TextingRecipients', 'TextingCampaign'] }).injectEndpoints({
  endpoints: (build) => ({
    campaignRecipients: build.query<RecipientsPage, RecipientsQuery>({
      query: ({ documentId, page, pageSize, q }) => ({
        url: `/texting/campaigns/${documentId}/recipients`,
        method: 'GET',
        config: { params: q ? { page, pageSize, q } : { page, pageSize } },
      }),
      providesTags: (_r, _e, { documentId }) => [{ type: 'TextingRecipients', id: documentId }],
    }),
    importRecipientsFile: build.mutation<{ meta: { import: RecipientImportReport } }, { documentId: string; file: File; mode: 'append' | 'replace' }>({
      query: ({ documentId, file, mode }) => {
        const data = new FormData();
        data.append('mode', mode);
        data.append('file', file);
        return { url: `/texting/campaigns/${documentId}/recipients`, method: 'POST', data };
      },
      invalidatesTags: (_r, _e, { documentId }) => [
        { type: 'TextingRecipients', id: documentId },
        { type: 'TextingCampaign', id: documentId },
      ],
    }),
    olderMessages: build.query<MessagesPage, { documentId: string; before: string; limit?: number }>({
      query: ({ documentId, ...params }) => ({ url: `/texting/conversations/${documentId}/messages`, method: 'GET', config: { params } }),
    }),
  }),
  overrideExisting: false,
});

export const { useCampaignRecipientsQuery, useImportRecipientsFileMutation, useLazyOlderMessagesQuery } = api;
