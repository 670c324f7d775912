import { adminApi } from '@strapi/strapi/admin';
import { encodeParams } from './params';

/**
 * The plugin's slice of Strapi's own RTK Query api (`adminApi`, re-exported by `@strapi/strapi/admin` from
 * `@strapi/admin/strapi-admin`): one store, one cache, Strapi's fetch client (admin JWT, token refresh, 401
 * handling). Each concern injects its endpoints into this (`api/numbers.ts`, `api/campaigns.ts`, `api/inbox.ts`,
 * `api/directory.ts`); the tags below let a write refresh every view that shows what it changed.
 */
export const textingApi = adminApi.enhanceEndpoints({
  addTagTypes: ['TextingNumber', 'TextingNumberHistory', 'TextingCampaign', 'TextingConversation', 'TextingDirectory', 'TextingProvider', 'TextingNotification'],
});

/** Every answer of the plugin's API wraps its payload in `data`. */
export const unwrapData = <T>(answer: { data: T }): T => answer.data;

type TagType = 'TextingNumber' | 'TextingNumberHistory' | 'TextingCampaign' | 'TextingConversation' | 'TextingDirectory';
type Tag = { type: TagType; id: string };

/** A list's tags: one per row, plus the list itself (invalidated by creates and deletes). */
export const listTags = (type: TagType, rows: Array<{ documentId: string }> | undefined): Tag[] => [
  ...(rows ?? []).map((r) => ({ type, id: r.documentId })),
  { type, id: 'LIST' },
];

/** A paged list endpoint (`{ data, meta.pagination }`), its query string from the params, tagged per row. */
export const pagedList = <Params extends object>(url: string, type: TagType) => ({
  query: (params: Params) => ({ url, config: { params: encodeParams(params) } }),
  providesTags: (answer: { data: Array<{ documentId: string }> } | undefined) => listTags(type, answer?.data),
});

/** A GET of what belongs to one record (its documentId the argument), payload in `data`, tagged with the record. */
export const byDocumentId = <T>(url: (documentId: string) => string, type: TagType, also: Tag[] = []) => ({
  query: url,
  transformResponse: unwrapData<T>,
  providesTags: (_answer: unknown, _error: unknown, documentId: string): Tag[] => [{ type, id: documentId }, ...also],
});
