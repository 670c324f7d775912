import type {
  AvailableNumber,
  CampaignSummary,
  HistoryEntry,
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
import { listTags, textingApi, unwrapData } from './texting';

/** The list and export query, exactly as the server takes it. */
export interface ListParams {
  q?: string;
  office?: string;
  agent?: string;
  responseType?: ResponseType;
  numberType?: NumberType;
  sort?: string;
  page?: number;
  pageSize?: number;
}

const number = (documentId: string) => ({ type: 'TextingNumber' as const, id: documentId });
const NUMBER_LIST = { type: 'TextingNumber' as const, id: 'LIST' };

/** The Phone Numbers pages (API.md "Phone numbers" and "Provisioning"). */
export const numbersApi = textingApi.injectEndpoints({
  endpoints: (build) => ({
    listPhoneNumbers: build.query<Paginated<PhoneNumberRow>, ListParams>({
      query: (params) => ({ url: '/texting/phone-numbers', config: { params: encodeParams(params) } }),
      providesTags: (answer) => listTags('TextingNumber', answer?.data),
    }),
    getPhoneNumber: build.query<PhoneNumberDetail, string>({
      query: (documentId) => `/texting/phone-numbers/${documentId}`,
      transformResponse: unwrapData<PhoneNumberDetail>,
      providesTags: (_answer, _error, documentId) => [number(documentId)],
    }),
    getPhoneNumberHistory: build.query<HistoryEntry[], string>({
      query: (documentId) => `/texting/phone-numbers/${documentId}/history`,
      transformResponse: unwrapData<HistoryEntry[]>,
      providesTags: (_answer, _error, documentId) => [{ type: 'TextingNumberHistory', id: documentId }],
    }),
    getScheduledCampaigns: build.query<CampaignSummary[], string>({
      query: (documentId) => `/texting/phone-numbers/${documentId}/scheduled-campaigns`,
      transformResponse: unwrapData<CampaignSummary[]>,
      providesTags: (_answer, _error, documentId) => [number(documentId), { type: 'TextingCampaign', id: 'LIST' }],
    }),
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
      transformResponse: unwrapData<TestRoutingResult>,
      invalidatesTags: [{ type: 'TextingConversation', id: 'LIST' }],
    }),
  }),
  overrideExisting: false,
});

export const {
  useListPhoneNumbersQuery,
  useGetPhoneNumberQuery,
  useGetPhoneNumberHistoryQuery,
  useGetScheduledCampaignsQuery,
  useLazySearchAvailableNumbersQuery,
  useProvisionPhoneNumberMutation,
  useUpdatePhoneNumberMutation,
  useDeletePhoneNumberMutation,
  useTestInboundTextMutation,
} = numbersApi;
