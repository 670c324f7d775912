import type {
  ConversationListParams,
  ConversationRow,
  FromOption,
  NewTextBody,
  Paginated,
  ReassignOptions,
  Thread,
} from '../../../shared/contracts';
import { encodeParams } from './params';
import { listTags, textingApi, unwrapData } from './texting';

/** How often the inbox asks for new texts (RTK Query's `pollingInterval`). */
export const INBOX_POLL_MS = 10_000;

const conversation = (documentId: string) => ({ type: 'TextingConversation' as const, id: documentId });
const CONVERSATION_LIST = { type: 'TextingConversation' as const, id: 'LIST' };

/** The inbox (API-ADDITIONS.md "Inbox"). */
export const inboxApi = textingApi.injectEndpoints({
  endpoints: (build) => ({
    listConversations: build.query<Paginated<ConversationRow>, ConversationListParams>({
      query: (params) => ({ url: '/texting/conversations', config: { params: encodeParams(params) } }),
      providesTags: (answer) => listTags('TextingConversation', answer?.data),
    }),
    getConversation: build.query<Thread, string>({
      query: (documentId) => `/texting/conversations/${documentId}`,
      transformResponse: unwrapData<Thread>,
      providesTags: (_answer, _error, documentId) => [conversation(documentId)],
    }),
    getReassignOptions: build.query<ReassignOptions, string>({
      query: (documentId) => `/texting/conversations/${documentId}/reassign-options`,
      transformResponse: unwrapData<ReassignOptions>,
      providesTags: ['TextingDirectory'],
    }),
    getFromOptions: build.query<FromOption[], void>({
      query: () => '/texting/messages/from-options',
      transformResponse: unwrapData<FromOption[]>,
      providesTags: [{ type: 'TextingNumber', id: 'LIST' }],
    }),
    replyToConversation: build.mutation<unknown, { documentId: string; text: string }>({
      query: ({ documentId, text }) => ({ url: `/texting/conversations/${documentId}/messages`, method: 'POST', data: { text } }),
      // A refused reply may still have recorded a failed text: the thread is refreshed either way.
      invalidatesTags: (_answer, _error, { documentId }) => [conversation(documentId), CONVERSATION_LIST],
    }),
    closeConversation: build.mutation<unknown, string>({
      query: (documentId) => ({ url: `/texting/conversations/${documentId}/close`, method: 'POST', data: {} }),
      invalidatesTags: (_answer, _error, documentId) => [conversation(documentId), CONVERSATION_LIST],
    }),
    reassignConversation: build.mutation<unknown, { documentId: string; office?: string; agent?: string }>({
      query: ({ documentId, ...to }) => ({ url: `/texting/conversations/${documentId}/reassign`, method: 'POST', data: to }),
      invalidatesTags: (_answer, _error, { documentId }) => [conversation(documentId), CONVERSATION_LIST],
    }),
    sendNewText: build.mutation<{ conversation: { documentId: string } }, NewTextBody>({
      query: (body) => ({ url: '/texting/messages', method: 'POST', data: body }),
      transformResponse: unwrapData<{ conversation: { documentId: string } }>,
      invalidatesTags: [CONVERSATION_LIST],
    }),
  }),
  overrideExisting: false,
});

export const {
  useListConversationsQuery,
  useGetConversationQuery,
  useGetReassignOptionsQuery,
  useGetFromOptionsQuery,
  useReplyToConversationMutation,
  useCloseConversationMutation,
  useReassignConversationMutation,
  useSendNewTextMutation,
} = inboxApi;
