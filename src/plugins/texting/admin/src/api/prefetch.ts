import type { StrapiApp } from '@strapi/strapi/admin';
import { listParamsOf, type UrlQuery } from '../utils/listQuery';
import { PLUGIN_ID } from '../pluginId';
import { numbersApi } from './numbers';

/**
 * Starts the Phone Numbers list request while the plugin's page code is still loading, when the page being
 * opened is the list itself. It is an ordinary RTK Query request in Strapi's store (`util.prefetch`): Strapi's
 * fetch client authenticates it, and the page finds the answer in the cache (or the request under way).
 */

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

/** The admin's Redux store (`app.store`), where RTK Query's `adminApi` keeps its cache. */
type AdminStore = NonNullable<StrapiApp['store']>;

/**
 * React Router calls the plugin's lazy page loader as soon as the URL matches, which on a full load is before the
 * admin has finished its own start-up requests: the list request then runs beside them instead of after them.
 */
export function prefetchFirstPage(store: AdminStore | null | undefined): void {
  try {
    if (!store || !window.location.pathname.replace(/\/$/, '').endsWith(`/plugins/${PLUGIN_ID}`)) return;
    // Signed out (Strapi's own auth state has no session): the admin shows its login page; a request would be refused.
    if (!store.getState().admin_app?.token) return;
    const params = listParamsOf(urlQueryOf(window.location.search));
    // Strapi's store runs RTK's thunk middleware, but its type declares Redux's plain dispatch (actions only).
    const prefetch = numbersApi.util.prefetch('listPhoneNumbers', params, { ifOlderThan: 15 });
    store.dispatch(prefetch as unknown as Parameters<AdminStore['dispatch']>[0]);
  } catch {
    // Only a head start: the page asks for its list itself.
  }
}
