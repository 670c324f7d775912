/**
 * Starts the Phone Numbers list request while the admin is still booting, when the page being loaded is
 * the list itself. Otherwise the request would only start once the admin has fetched its own init data,
 * rendered its layout and lazily loaded this plugin's pages — on a cold load that is most of the time
 * before the first row shows. The list page takes the answer if (and only if) it asks for the same view.
 */
import { getFetchClient } from '@strapi/strapi/admin';
import { listParamsOf, type UrlQuery } from '../utils/listQuery';
import { PLUGIN_ID } from '../pluginId';
import type { ListAnswer, ListParams } from './client';
import { encodeParams } from './params';

const MAX_AGE_MS = 15_000;
let pending: { key: string; at: number; answer: Promise<ListAnswer> } | null = null;

export const listKey = (params: ListParams) => JSON.stringify(params);

/** The URL's list state, read the way the page reads it (qs syntax of Strapi's list components). */
const urlQueryOf = (search: string): UrlQuery => {
  const query: UrlQuery = {};
  const and: NonNullable<NonNullable<UrlQuery['filters']>['$and']> = [];
  for (const [key, value] of new URLSearchParams(search)) {
    const f = /^filters\[\$and\]\[(\d+)\]\[(\w+)\]\[\$eq\]$/.exec(key);
    if (f) and[Number(f[1])] = { [f[2]]: { $eq: value } };
    else if (key === '_q' || key === 'sort' || key === 'page' || key === 'pageSize') query[key] = value;
  }
  if (and.length) query.filters = { $and: and.filter(Boolean) };
  return query;
};

export function prefetchList(): void {
  try {
    if (typeof window === 'undefined' || !window.location.pathname.replace(/\/$/, '').endsWith(`/plugins/${PLUGIN_ID}`)) return;
    // Logged out: the admin will show its login page; a request now would only be refused.
    if (!window.localStorage.getItem('jwtToken') && !document.cookie.includes('jwtToken=')) return;
    const params = listParamsOf(urlQueryOf(window.location.search));
    const answer = getFetchClient()
      .get<ListAnswer>('/texting/phone-numbers', { params: encodeParams(params) })
      .then((res) => res.data);
    // The page falls back to its own request; an unused failure must not surface as unhandled.
    answer.catch(() => undefined);
    pending = { key: listKey(params), at: Date.now(), answer };
  } catch {
    pending = null;
  }
}

/** The prefetched answer for this view, once; null when there is none, it is stale, or for another view. */
export function takePrefetchedList(params: ListParams): Promise<ListAnswer> | null {
  const p = pending;
  pending = null;
  if (!p || p.key !== listKey(params) || Date.now() - p.at > MAX_AGE_MS) return null;
  return p.answer;
}
