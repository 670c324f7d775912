import type {
  CampaignAnswer,
  CampaignDetail,
  CampaignInput,
  CampaignListParams,
  CampaignNumberOption,
  CampaignRow,
  Paginated,
} from '../../../shared/contracts';
import { encodeParams } from './params';
import { byDocumentId, pagedList, textingApi, unwrapData } from './texting';

export type CampaignTransition = 'schedule' | 'unschedule' | 'archive';

const campaign = (documentId: string) => ({ type: 'TextingCampaign' as const, id: documentId });
const CAMPAIGN_LIST = { type: 'TextingCampaign' as const, id: 'LIST' };
// A campaign's state shows on the Phone Numbers list (active campaign, in use, scheduled sends).
const NUMBER_LIST = { type: 'TextingNumber' as const, id: 'LIST' };

/** A write answers the campaign as it now is: the campaign's page shows it at once (its refetch follows). */
const keepAnswer = async (
  _arg: unknown,
  { dispatch, queryFulfilled }: { dispatch: (action: unknown) => unknown; queryFulfilled: Promise<{ data: CampaignAnswer }> }
) => {
  try {
    const { data } = await queryFulfilled;
    dispatch(campaignsApi.util.upsertQueryData('getCampaign', data.data.documentId, data.data));
  } catch {
    // A refused write changed nothing: the page keeps what it shows.
  }
};

/** Campaigns (API.md "Campaigns"). Writes answer the campaign with what they did besides (`meta`). */
export const campaignsApi = textingApi.injectEndpoints({
  endpoints: (build) => ({
    listCampaigns: build.query<Paginated<CampaignRow>, CampaignListParams>(pagedList<CampaignListParams>('/texting/campaigns', 'TextingCampaign')),
    getCampaign: build.query<CampaignDetail, string>(byDocumentId<CampaignDetail>((documentId) => `/texting/campaigns/${documentId}`, 'TextingCampaign')),
    getCampaignNumberOptions: build.query<CampaignNumberOption[], string>({
      query: (office) => ({ url: '/texting/campaigns/number-options', config: { params: encodeParams({ office }) } }),
      transformResponse: unwrapData<CampaignNumberOption[]>,
      providesTags: [CAMPAIGN_LIST, NUMBER_LIST],
    }),
    createCampaign: build.mutation<CampaignAnswer, CampaignInput>({
      query: (body) => ({ url: '/texting/campaigns', method: 'POST', data: body }),
      onQueryStarted: keepAnswer,
      invalidatesTags: [CAMPAIGN_LIST, NUMBER_LIST],
    }),
    updateCampaign: build.mutation<CampaignAnswer, { documentId: string; body: CampaignInput }>({
      query: ({ documentId, body }) => ({ url: `/texting/campaigns/${documentId}`, method: 'PUT', data: body }),
      onQueryStarted: keepAnswer,
      invalidatesTags: (_answer, _error, { documentId }) => [campaign(documentId), CAMPAIGN_LIST, NUMBER_LIST],
    }),
    importCampaignRecipients: build.mutation<
      CampaignAnswer,
      { documentId: string; body: { csv?: string; recipients?: string[]; mode: 'append' | 'replace' } }
    >({
      query: ({ documentId, body }) => ({ url: `/texting/campaigns/${documentId}/recipients`, method: 'POST', data: body }),
      onQueryStarted: keepAnswer,
      invalidatesTags: (_answer, _error, { documentId }) => [campaign(documentId), CAMPAIGN_LIST],
    }),
    transitionCampaign: build.mutation<CampaignAnswer, { documentId: string; action: CampaignTransition }>({
      query: ({ documentId, action }) => ({ url: `/texting/campaigns/${documentId}/${action}`, method: 'POST', data: {} }),
      onQueryStarted: keepAnswer,
      invalidatesTags: (_answer, _error, { documentId }) => [campaign(documentId), CAMPAIGN_LIST, NUMBER_LIST],
    }),
  }),
  overrideExisting: false,
});

export const {
  useListCampaignsQuery,
  useGetCampaignQuery,
  useGetCampaignNumberOptionsQuery,
  useCreateCampaignMutation,
  useUpdateCampaignMutation,
  useImportCampaignRecipientsMutation,
  useTransitionCampaignMutation,
} = campaignsApi;
