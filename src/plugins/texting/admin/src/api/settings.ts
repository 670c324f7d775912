/**
 * Settings → Texting data (API.md "Offices, agents, bot answers") as RTK Query endpoints injected into
 * Strapi's own `adminApi`: the admin's store, auth and error shapes; tags refresh the lists after a write.
 * (`adminApi` is imported through `@strapi/strapi/admin`, which re-exports `@strapi/admin/strapi-admin`:
 * `@strapi/strapi` is a peer dependency, so the plugin bundle shares the admin's single instance.)
 */
import { adminApi } from '@strapi/strapi/admin';
import type {
  AgentBody,
  AgentRow,
  BotAnswerBody,
  BotAnswerRow,
  BotPreview,
  OfficeBody,
  OfficeRow,
  Paged,
  SettingsListQuery,
} from '../../../shared/contracts';

const api = adminApi.enhanceEndpoints({ addTagTypes: ['TextingOffice', 'TextingAgent', 'TextingBotAnswer'] });

export interface AdminUserOption {
  id: number;
  email: string;
  firstname?: string | null;
  lastname?: string | null;
}

const settingsApi = api.injectEndpoints({
  endpoints: (b) => ({
    getOffices: b.query<Paged<OfficeRow>, SettingsListQuery | void>({
      query: (params) => ({ url: '/texting/offices', method: 'GET', config: { params: params ?? {} } }),
      providesTags: ['TextingOffice'],
    }),
    createOffice: b.mutation<{ data: OfficeRow }, OfficeBody>({
      query: (data) => ({ url: '/texting/offices', method: 'POST', data }),
      invalidatesTags: ['TextingOffice'],
    }),
    updateOffice: b.mutation<{ data: OfficeRow }, { documentId: string; body: Partial<OfficeBody> }>({
      query: ({ documentId, body }) => ({ url: `/texting/offices/${documentId}`, method: 'PUT', data: body }),
      invalidatesTags: ['TextingOffice', 'TextingAgent', 'TextingBotAnswer'],
    }),
    deleteOffice: b.mutation<unknown, string>({
      query: (documentId) => ({ url: `/texting/offices/${documentId}`, method: 'DELETE' }),
      invalidatesTags: ['TextingOffice', 'TextingAgent', 'TextingBotAnswer'],
    }),
    previewBot: b.mutation<{ data: BotPreview }, { documentId: string; text: string }>({
      query: ({ documentId, text }) => ({ url: `/texting/offices/${documentId}/bot-preview`, method: 'POST', data: { text } }),
    }),
    getAgents: b.query<Paged<AgentRow>, SettingsListQuery | void>({
      query: (params) => ({ url: '/texting/agents', method: 'GET', config: { params: params ?? {} } }),
      providesTags: ['TextingAgent'],
    }),
    createAgent: b.mutation<{ data: AgentRow }, AgentBody>({
      query: (data) => ({ url: '/texting/agents', method: 'POST', data }),
      invalidatesTags: ['TextingAgent', 'TextingOffice'],
    }),
    updateAgent: b.mutation<{ data: AgentRow }, { documentId: string; body: Partial<AgentBody> }>({
      query: ({ documentId, body }) => ({ url: `/texting/agents/${documentId}`, method: 'PUT', data: body }),
      invalidatesTags: ['TextingAgent', 'TextingOffice'],
    }),
    deleteAgent: b.mutation<unknown, string>({
      query: (documentId) => ({ url: `/texting/agents/${documentId}`, method: 'DELETE' }),
      invalidatesTags: ['TextingAgent', 'TextingOffice'],
    }),
    getBotAnswers: b.query<Paged<BotAnswerRow>, SettingsListQuery | void>({
      query: (params) => ({ url: '/texting/bot-answers', method: 'GET', config: { params: params ?? {} } }),
      providesTags: ['TextingBotAnswer'],
    }),
    createBotAnswer: b.mutation<{ data: BotAnswerRow }, BotAnswerBody>({
      query: (data) => ({ url: '/texting/bot-answers', method: 'POST', data }),
      invalidatesTags: ['TextingBotAnswer'],
    }),
    updateBotAnswer: b.mutation<{ data: BotAnswerRow }, { documentId: string; body: Partial<BotAnswerBody> }>({
      query: ({ documentId, body }) => ({ url: `/texting/bot-answers/${documentId}`, method: 'PUT', data: body }),
      invalidatesTags: ['TextingBotAnswer'],
    }),
    deleteBotAnswer: b.mutation<unknown, string>({
      query: (documentId) => ({ url: `/texting/bot-answers/${documentId}`, method: 'DELETE' }),
      invalidatesTags: ['TextingBotAnswer'],
    }),
    /** Strapi's own user list (Settings → Users), to pick the admin user behind an agent. */
    getAdminUsers: b.query<AdminUserOption[], void>({
      query: () => ({ url: '/admin/users', method: 'GET', config: { params: { pageSize: 100 } } }),
      transformResponse: (res: { data?: { results?: AdminUserOption[] } }) => res.data?.results ?? [],
    }),
  }),
  overrideExisting: false,
});

export const {
  useGetOfficesQuery,
  useCreateOfficeMutation,
  useUpdateOfficeMutation,
  useDeleteOfficeMutation,
  usePreviewBotMutation,
  useGetAgentsQuery,
  useCreateAgentMutation,
  useUpdateAgentMutation,
  useDeleteAgentMutation,
  useGetBotAnswersQuery,
  useCreateBotAnswerMutation,
  useUpdateBotAnswerMutation,
  useDeleteBotAnswerMutation,
  useGetAdminUsersQuery,
} = settingsApi;
