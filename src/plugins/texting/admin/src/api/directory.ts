import type { Named, ProviderStatus } from '../../../shared/contracts';
import { textingApi, unwrapData } from './texting';

/** Offices and agents for filters and pickers, and whether Plivo is simulated. */
const directoryApi = textingApi.injectEndpoints({
  endpoints: (build) => ({
    getTextingOffices: build.query<Named[], void>({
      query: () => '/texting/offices',
      transformResponse: unwrapData<Named[]>,
      providesTags: [{ type: 'TextingDirectory', id: 'offices' }],
    }),
    getTextingAgents: build.query<Named[], void>({
      query: () => '/texting/agents',
      transformResponse: unwrapData<Named[]>,
      providesTags: [{ type: 'TextingDirectory', id: 'agents' }],
    }),
    getTextingProvider: build.query<ProviderStatus, void>({
      query: () => '/texting/provider',
      transformResponse: unwrapData<ProviderStatus>,
      providesTags: ['TextingProvider'],
    }),
  }),
  overrideExisting: false,
});

export const { useGetTextingOfficesQuery, useGetTextingAgentsQuery, useGetTextingProviderQuery } = directoryApi;

/** Offices and agents for filters and pickers (empty lists while they load). */
export const useDirectory = () => {
  const offices = useGetTextingOfficesQuery();
  const agents = useGetTextingAgentsQuery();
  return {
    offices: offices.data ?? [],
    agents: agents.data ?? [],
    isLoading: offices.isLoading || agents.isLoading,
    error: offices.error ?? agents.error,
  };
};
