/**
 * Sending health through Strapi's own RTK Query api (`adminApi`, re-exported by `@strapi/strapi/admin`, the
 * plugin's peer: importing `@strapi/admin/strapi-admin` directly would make the plugin build bundle a second
 * copy of the admin, whose api is not the store's).
 */
import { adminApi } from '@strapi/strapi/admin';
import type { DispatchStatus, RetryFailedResult } from '../../../shared/contracts';

const reliabilityApi = adminApi.enhanceEndpoints({ addTagTypes: ['TextingDispatchStatus', 'TextingCampaign'] }).injectEndpoints({
  endpoints: (builder) => ({
    getDispatchStatus: builder.query<DispatchStatus, void>({
      query: () => ({ method: 'GET', url: '/texting/dispatch-status' }),
      transformResponse: (res: { data: DispatchStatus }) => res.data,
      providesTags: ['TextingDispatchStatus'],
    }),
    retryFailed: builder.mutation<RetryFailedResult, string>({
      query: (documentId) => ({ method: 'POST', url: `/texting/campaigns/${documentId}/retry-failed` }),
      transformResponse: (res: { data: RetryFailedResult }) => res.data,
      // The campaign's progress and the list's counts change.
      invalidatesTags: (_result, _error, documentId) => [
        'TextingDispatchStatus',
        { type: 'TextingCampaign', id: documentId },
        { type: 'TextingCampaign', id: 'LIST' },
      ],
    }),
  }),
  overrideExisting: false,
});

export const { useGetDispatchStatusQuery, useRetryFailedMutation } = reliabilityApi;
