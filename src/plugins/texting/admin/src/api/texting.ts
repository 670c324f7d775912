import { adminApi } from '@strapi/strapi/admin';

/**
 * The plugin's slice of Strapi's own RTK Query api (`adminApi`, re-exported by `@strapi/strapi/admin` from
 * `@strapi/admin/strapi-admin`): one store, one cache, Strapi's fetch client (admin JWT, token refresh, 401
 * handling). Each concern injects its endpoints into this (`api/numbers.ts`, `api/campaigns.ts`, `api/inbox.ts`,
 * `api/directory.ts`); the tags below let a write refresh every view that shows what it changed.
 */
export const textingApi = adminApi.enhanceEndpoints({
  addTagTypes: ['TextingNumber', 'TextingNumberHistory', 'TextingCampaign', 'TextingConversation', 'TextingDirectory', 'TextingProvider'],
});

/** Every answer of the plugin's API wraps its payload in `data`. */
export const unwrapData = <T>(answer: { data: T }): T => answer.data;

/** A list's tags: one per row, plus the list itself (invalidated by creates and deletes). */
export const listTags = <T extends 'TextingNumber' | 'TextingCampaign' | 'TextingConversation'>(
  type: T,
  rows: Array<{ documentId: string }> | undefined
) => [...(rows ?? []).map((r) => ({ type, id: r.documentId })), { type, id: 'LIST' as const }];
