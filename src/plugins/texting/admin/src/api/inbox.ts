import type {
  ConversationListParams,
  ConversationRow,
  FromOption,
  NewTextBody,
  Paginated,
  ReassignOptions,
  Thread,
} from '../../../shared/contracts';
import { byDocumentId, pagedList, textingApi, unwrapData } from './texting';

/** How often the inbox asks for new texts (RTK Query's `pollingInterval`). */
export const INBOX_POLL_MS = 10_000;

const conversation = (documentId: string) => ({ type: 'TextingConversation' as const, id: documentId });
const CONVERSATION_LIST = { type: 'TextingConversation' as const, id: 'LIST' };

/** The inbox (API-ADDITIONS.md "Inbox"). */
export const inboxApi = textingApi.injectEndpoints({
  endpoints: (build) => ({
    listConversations: build.query<Paginated<ConversationRow>, ConversationListParams>(
      pagedList<ConversationListParams>('/texting/conversations', 'TextingConversation')
    ),
    getConversation: build.query<Thread, string>(byDocumentId<Thread>((documentId) => `/texting/conversations/${documentId}`, 'TextingConversation')),
    getReassignOptions: build.query<ReassignOptions, string>(
      byDocumentId<ReassignOptions>((documentId) => `/texting/conversations/${documentId}/reassign-options`, 'TextingDirectory')
    ),
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
