import type {
  AvailableNumber,
  CampaignSummary,
  HistoryEntry,
  NumberHealth,
  NumberInput,
  NumberType,
  Paginated,
  PhoneNumberDetail,
  PhoneNumberRow,
  ProvisionInput,
  ResponseType,
  TestRoutingResult,
} from '../../../shared/contracts';
import { encodeParams } from './params';
import { byDocumentId, pagedList, textingApi, unwrapData } from './texting';

/** The list and export query, exactly as the server takes it. */
export interface ListParams {
  q?: string;
  office?: string;
  agent?: string;
  responseType?: ResponseType;
  numberType?: NumberType;
  /** Only the numbers that need attention. */
  needsAttention?: boolean;
  sort?: string;
  page?: number;
  pageSize?: number;
}

const number = (documentId: string) => ({ type: 'TextingNumber' as const, id: documentId });
const NUMBER_LIST = { type: 'TextingNumber' as const, id: 'LIST' };

/** The Phone Numbers pages (API.md "Phone numbers" and "Provisioning"). */
export const numbersApi = textingApi.injectEndpoints({
  endpoints: (build) => ({
    listPhoneNumbers: build.query<Paginated<PhoneNumberRow>, ListParams>(pagedList<ListParams>('/texting/phone-numbers', 'TextingNumber')),
    getPhoneNumber: build.query<PhoneNumberDetail, string>(
      byDocumentId<PhoneNumberDetail>((documentId) => `/texting/phone-numbers/${documentId}`, 'TextingNumber')
    ),
    getPhoneNumberHistory: build.query<HistoryEntry[], string>(
      byDocumentId<HistoryEntry[]>((documentId) => `/texting/phone-numbers/${documentId}/history`, 'TextingNumberHistory')
    ),
    getPhoneNumberHealth: build.query<NumberHealth, string>(
      byDocumentId<NumberHealth>((documentId) => `/texting/phone-numbers/${documentId}/health`, 'TextingNumber')
    ),
    // A campaign scheduled, unscheduled or archived changes the list: campaign writes invalidate their list tag.
    getScheduledCampaigns: build.query<CampaignSummary[], string>(
      byDocumentId<CampaignSummary[]>((documentId) => `/texting/phone-numbers/${documentId}/scheduled-campaigns`, 'TextingNumber', [
        { type: 'TextingCampaign', id: 'LIST' },
      ])
    ),
    searchAvailableNumbers: build.query<AvailableNumber[], { areaCode: string; limit?: number }>({
      query: ({ areaCode, limit = 20 }) => ({ url: '/texting/available-numbers', config: { params: encodeParams({ areaCode, limit }) } }),
      transformResponse: unwrapData<AvailableNumber[]>,
      // What Plivo offers changes by the minute: a new search asks again.
      keepUnusedDataFor: 0,
    }),
    provisionPhoneNumber: build.mutation<PhoneNumberRow, ProvisionInput>({
      query: (body) => ({ url: '/texting/phone-numbers', method: 'POST', data: body }),
      transformResponse: unwrapData<PhoneNumberRow>,
      invalidatesTags: [NUMBER_LIST],
    }),
    updatePhoneNumber: build.mutation<PhoneNumberDetail, { documentId: string; body: NumberInput }>({
      query: ({ documentId, body }) => ({ url: `/texting/phone-numbers/${documentId}`, method: 'PUT', data: body }),
      transformResponse: unwrapData<PhoneNumberDetail>,
      invalidatesTags: (_answer, _error, { documentId }) => [number(documentId), NUMBER_LIST, { type: 'TextingNumberHistory', id: documentId }],
    }),
    deletePhoneNumber: build.mutation<void, string>({
      query: (documentId) => ({ url: `/texting/phone-numbers/${documentId}`, method: 'DELETE' }),
      // A refused release marks the number release_failed: the list is refreshed either way.
      invalidatesTags: (_answer, _error, documentId) => [number(documentId), NUMBER_LIST],
    }),
    testInboundText: build.mutation<TestRoutingResult, { documentId: string; text: string; from?: string }>({
      query: ({ documentId, ...body }) => ({ url: `/texting/phone-numbers/${documentId}/test-inbound`, method: 'POST', data: body }),
      // A dry run: it changes nothing, so no cache is invalidated.
      transformResponse: unwrapData<TestRoutingResult>,
    }),
  }),
  overrideExisting: false,
});

export const {
  useListPhoneNumbersQuery,
  useGetPhoneNumberQuery,
  useGetPhoneNumberHistoryQuery,
  useGetPhoneNumberHealthQuery,
  useGetScheduledCampaignsQuery,
  useLazySearchAvailableNumbersQuery,
  useProvisionPhoneNumberMutation,
  useUpdatePhoneNumberMutation,
  useDeletePhoneNumberMutation,
  useTestInboundTextMutation,
} = numbersApi;
