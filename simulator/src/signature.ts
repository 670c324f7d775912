/**
 * Plivo webhook signatures, computed exactly the way the `plivo` SDK validates them
 * (`validateV3Signature` in dist/utils/v3Security.js and `validateSignature` in dist/utils/security.js).
 *
 * V3 string to sign:
 *   GET : base_url + ('?' + sorted "k=v&k=v" of url query merged with params, if any) + '.' + nonce
 *   POST: base_url
 *         + ('?' + sorted "k=v&..." of the url's own query)   — the '?' is added when the url has a query
 *                                                              OR the POST params are non-empty
 *         + ('.' when the url had a query AND params are non-empty)
 *         + sorted "k1v1k2v2..." of the POST params (no separators)
 *         + '.' + nonce
 *   signature = base64(HMAC-SHA256(authToken, stringToSign))
 * V2: base64(HMAC-SHA256(authToken, base_url + nonce)), base_url = url without query string.
 */
import { createHmac, randomInt } from 'crypto';

export type ParamValue = string | string[];

/** scheme://host[:port]/path — the url without query string or fragment. */
export function urlWithoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

function urlQuery(url: string): string {
  const hashAt = url.indexOf('#');
  const noHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const q = noHash.indexOf('?');
  return q === -1 ? '' : noHash.slice(q + 1);
}

function queryToMap(query: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  if (!query) return map;
  for (const [k, v] of new URLSearchParams(query)) {
    const list = map.get(k);
    if (list) list.push(v);
    else map.set(k, [v]);
  }
  return map;
}

function sortedQueryString(map: Map<string, string[]>): string {
  const parts: string[] = [];
  for (const key of [...map.keys()].sort()) {
    for (const value of [...(map.get(key) ?? [])].sort()) parts.push(`${key}=${value}`);
  }
  return parts.join('&');
}

function sortedParamsString(params: Record<string, ParamValue>): string {
  const parts: string[] = [];
  for (const key of Object.keys(params).sort()) {
    const val = params[key];
    if (Array.isArray(val)) for (const v of [...val].sort()) parts.push(key + v);
    else parts.push(key + val);
  }
  return parts.join('');
}

/** The V3 string (without the trailing '.' + nonce). */
export function v3BaseString(method: 'GET' | 'POST', url: string, params: Record<string, ParamValue>): string {
  const base = urlWithoutQuery(url);
  const queryMap = queryToMap(urlQuery(url));
  if (method === 'GET') {
    for (const [k, v] of Object.entries(params)) {
      const add = Array.isArray(v) ? v : [v];
      const list = queryMap.get(k);
      if (list) list.push(...add);
      else queryMap.set(k, [...add]);
    }
    const q = sortedQueryString(queryMap);
    return q.length > 0 ? `${base}?${q}` : base;
  }
  const q = sortedQueryString(queryMap);
  const emptyParams = Object.keys(params).length === 0;
  let out = base;
  if (q.length > 0 || !emptyParams) out += `?${q}`;
  if (q.length > 0 && !emptyParams) out += '.';
  return out + sortedParamsString(params);
}

export function signV3(method: 'GET' | 'POST', url: string, params: Record<string, ParamValue>, nonce: string, authToken: string): string {
  return createHmac('sha256', authToken).update(`${v3BaseString(method, url, params)}.${nonce}`, 'utf8').digest('base64');
}

export function signV2(url: string, nonce: string, authToken: string): string {
  return createHmac('sha256', authToken).update(urlWithoutQuery(url) + nonce, 'utf8').digest('base64');
}

/** A 20-digit numeric nonce, like Plivo's. */
export function makeNonce(): string {
  let s = String(randomInt(1, 10));
  for (let i = 0; i < 19; i++) s += String(randomInt(0, 10));
  return s;
}

export type SignMode = 'v3' | 'v2' | 'both' | 'none';

/** Headers Plivo adds to a callback, for the chosen mode. */
export function signatureHeaders(
  mode: SignMode,
  method: 'GET' | 'POST',
  url: string,
  params: Record<string, ParamValue>,
  authToken: string,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (mode === 'v3' || mode === 'both') {
    const nonce = makeNonce();
    const sig = signV3(method, url, params, nonce, authToken);
    headers['X-Plivo-Signature-V3'] = sig;
    headers['X-Plivo-Signature-Ma-V3'] = sig;
    headers['X-Plivo-Signature-V3-Nonce'] = nonce;
  }
  if (mode === 'v2' || mode === 'both') {
    const nonce = makeNonce();
    const sig = signV2(url, nonce, authToken);
    headers['X-Plivo-Signature-V2'] = sig;
    headers['X-Plivo-Signature-Ma-V2'] = sig;
    headers['X-Plivo-Signature-V2-Nonce'] = nonce;
  }
  return headers;
}
