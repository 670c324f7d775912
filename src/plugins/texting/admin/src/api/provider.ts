import type { PhoneNumberRow, ProviderOverview, ProvisionInput } from '../../../shared/contracts';
import { textingApi, unwrapData } from './texting';

const NUMBER_LIST = { type: 'TextingNumber' as const, id: 'LIST' };

/** The Provider page (docs/API-ADDITIONS.md): overview, Sync now, Activate now, import and release of unmanaged numbers. */
export const providerApi = textingApi.injectEndpoints({
  endpoints: (build) => ({
    getProviderOverview: build.query<ProviderOverview, void>({
      query: () => '/texting/provider/overview',
      transformResponse: unwrapData<ProviderOverview>,
      providesTags: ['TextingProvider'],
    }),
    syncProvider: build.mutation<ProviderOverview, void>({
      query: () => ({ url: '/texting/provider/sync', method: 'POST' }),
      transformResponse: unwrapData<ProviderOverview>,
      // Sync flags numbers missing at Plivo (their list rows change) and refreshes the page.
      invalidatesTags: ['TextingProvider', NUMBER_LIST],
    }),
    activateNumber: build.mutation<PhoneNumberRow, string>({
      query: (documentId) => ({ url: `/texting/phone-numbers/${documentId}/activate`, method: 'POST' }),
      transformResponse: unwrapData<PhoneNumberRow>,
      invalidatesTags: (_answer, _error, documentId) => ['TextingProvider', NUMBER_LIST, { type: 'TextingNumber', id: documentId }, 'TextingNotification'],
    }),
    importUnmanagedNumber: build.mutation<PhoneNumberRow, ProvisionInput>({
      query: (body) => ({ url: '/texting/provider/unmanaged/import', method: 'POST', data: body }),
      transformResponse: unwrapData<PhoneNumberRow>,
      invalidatesTags: ['TextingProvider', NUMBER_LIST],
    }),
    releaseUnmanagedNumber: build.mutation<{ phoneNumber: string; released: boolean }, string>({
      query: (phoneNumber) => ({ url: '/texting/provider/unmanaged/release', method: 'POST', data: { phoneNumber } }),
      transformResponse: unwrapData<{ phoneNumber: string; released: boolean }>,
      invalidatesTags: ['TextingProvider'],
    }),
  }),
  overrideExisting: false,
});

export const {
  useGetProviderOverviewQuery,
  useSyncProviderMutation,
  useActivateNumberMutation,
  useImportUnmanagedNumberMutation,
  useReleaseUnmanagedNumberMutation,
} = providerApi;
