import type {
  BulkRequest,
  BulkResult,
  CampaignArchiveImpact,
  HistoryEntry,
  NumberImpact,
  OptOutChangeBody,
  OptOutLogEntry,
  Paginated,
  ReleasedNumber,
} from '../../../shared/contracts';
import { encodeParams } from './params';
import { textingApi, unwrapData } from './texting';

const NUMBER_LIST = { type: 'TextingNumber' as const, id: 'LIST' };

export interface AuditListParams {
  q?: string;
  contact?: string;
  page?: number;
  pageSize?: number;
}

/**
 * Issue 13: impact before destructive actions, bulk actions on the Phone Numbers list, released numbers and the
 * opt-out log. Impacts are never cached: they are read when a dialog opens, just before the action.
 */
export const auditApi = textingApi.injectEndpoints({
  endpoints: (build) => ({
    getNumberImpact: build.query<NumberImpact, { documentId: string; office?: string }>({
      query: ({ documentId, office }) => ({ url: `/texting/phone-numbers/${documentId}/impact`, config: { params: encodeParams({ office }) } }),
      transformResponse: unwrapData<NumberImpact>,
      keepUnusedDataFor: 0,
    }),
    getCampaignImpact: build.query<CampaignArchiveImpact, string>({
      query: (documentId) => `/texting/campaigns/${documentId}/impact`,
      transformResponse: unwrapData<CampaignArchiveImpact>,
      keepUnusedDataFor: 0,
    }),
    bulkPhoneNumbers: build.mutation<BulkResult, BulkRequest>({
      query: (body) => ({ url: '/texting/phone-numbers/bulk', method: 'POST', data: body }),
      transformResponse: unwrapData<BulkResult>,
      invalidatesTags: [NUMBER_LIST, { type: 'TextingNumber', id: 'RELEASED' }],
    }),
    listReleasedNumbers: build.query<Paginated<ReleasedNumber>, AuditListParams>({
      query: (params) => ({ url: '/texting/released-numbers', config: { params: encodeParams(params) } }),
      providesTags: [{ type: 'TextingNumber', id: 'RELEASED' }],
    }),
    getReleasedHistory: build.query<HistoryEntry[], string>({
      query: (phoneNumber) => `/texting/released-numbers/${encodeURIComponent(phoneNumber)}/history`,
      transformResponse: unwrapData<HistoryEntry[]>,
    }),
    listOptOuts: build.query<Paginated<OptOutLogEntry>, AuditListParams>({
      query: (params) => ({ url: '/texting/opt-outs', config: { params: encodeParams(params) } }),
      providesTags: [{ type: 'TextingConversation', id: 'OPT_OUTS' }],
    }),
    setOptOut: build.mutation<{ contact: string; optedOut: boolean; changed: boolean }, OptOutChangeBody>({
      query: ({ conversation, ...body }) => ({ url: `/texting/conversations/${conversation}/opt-out`, method: 'POST', data: body }),
      transformResponse: unwrapData<{ contact: string; optedOut: boolean; changed: boolean }>,
      invalidatesTags: (_a, _e, { conversation }) => [
        { type: 'TextingConversation', id: conversation },
        { type: 'TextingConversation', id: 'LIST' },
        { type: 'TextingConversation', id: 'OPT_OUTS' },
      ],
    }),
  }),
  overrideExisting: false,
});

export const {
  useGetNumberImpactQuery,
  useGetCampaignImpactQuery,
  useBulkPhoneNumbersMutation,
  useListReleasedNumbersQuery,
  useGetReleasedHistoryQuery,
  useListOptOutsQuery,
  useSetOptOutMutation,
} = auditApi;
