import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { SignedRequest } from '../types';

/**
 * Plivo signs the exact URL it called. Behind a proxy the app cannot see that URL, so it is rebuilt from
 * PUBLIC_URL + the path (and query) as received. A PUBLIC_URL written with a trailing slash must not give
 * `//api/...`, and one written with an explicit default port (`https://host:443`) may have been entered in
 * Plivo either way, so both spellings are tried; both name our own endpoint, so this accepts nothing forged.
 */
export function signedUrlCandidates(publicUrl: string, path: string): string[] {
  const exact = exactSignedUrl(publicUrl, path);
  const candidates = [exact];
  try {
    const normalised = new URL(exact).toString();
    if (!candidates.includes(normalised)) candidates.push(normalised);
    // An explicit default port in PUBLIC_URL while Plivo was given the URL without it, or the reverse.
    const u = new URL(exact);
    if (u.port === '') {
      u.port = u.protocol === 'https:' ? '443' : '80';
      // URL drops a default port when set: splice it in by hand.
      const withPort = exact.replace(/^(https?:\/\/[^/?#:]+)(?=[/?#]|$)/, `$1:${u.protocol === 'https:' ? 443 : 80}`);
      if (!candidates.includes(withPort)) candidates.push(withPort);
    }
  } catch {
    // Not a URL: only the exact string can match, and it will not.
  }
  return candidates;
}

/** PUBLIC_URL + the path as received: the first candidate, and the one Plivo nearly always signed. */
function exactSignedUrl(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

function header(headers: SignedRequest['headers'], name: string): string {
  const wanted = name.toLowerCase();
  // Node lower-cases incoming header names: one look-up, and the scan only for hand-built header objects.
  const direct = headers[wanted];
  if (direct !== undefined) {
    const value = Array.isArray(direct) ? direct[0] : direct;
    return typeof value === 'string' ? value : '';
  }
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== wanted) continue;
    const value = Array.isArray(v) ? v[0] : v;
    return typeof value === 'string' ? value : '';
  }
  return '';
}

/**
 * The strings Plivo signs, built as the `plivo` SDK's own validators build them (`validateV3Signature` in
 * dist/utils/v3Security.js, `validateSignature` in dist/utils/security.js). We compute and compare here
 * instead of calling them because they compare with `===`, which answers faster the earlier the first
 * wrong byte is: a forger could then find a valid signature byte by byte from response times.
 *   V3 POST: url-without-query + ('?' + sorted "k=v&…" of the url's own query, the '?' also when there are
 *            params) + ('.' when both) + sorted "k1v1k2v2…" of the params, then '.' + nonce;
 *   V2:      url-without-query + nonce.
 */
function urlWithoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

function sortedQuery(url: string): string {
  const noHash = url.split('#')[0];
  const at = noHash.indexOf('?');
  if (at === -1) return '';
  const map = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(noHash.slice(at + 1))) map.set(k, [...(map.get(k) ?? []), v]);
  return [...map.keys()]
    .sort()
    .flatMap((k) => [...(map.get(k) ?? [])].sort().map((v) => `${k}=${v}`))
    .join('&');
}

export function v3StringToSign(method: string, url: string, params: Record<string, string>, nonce: string): string {
  const base = urlWithoutQuery(url);
  const query = sortedQuery(url);
  const keys = Object.keys(params).sort();
  if (method === 'GET') {
    // GET: the params join the url's query (Plivo calls our webhooks with POST; kept for completeness).
    const merged = new URLSearchParams(url.split('#')[0].split('?')[1] ?? '');
    for (const k of keys) merged.append(k, params[k]);
    const q = sortedQuery(`x?${merged.toString()}`);
    return `${q ? `${base}?${q}` : base}.${nonce}`;
  }
  let out = base;
  if (query || keys.length) out += `?${query}`;
  if (query && keys.length) out += '.';
  return `${out}${keys.map((k) => k + params[k]).join('')}.${nonce}`;
}

// The token's key object is made once, not per webhook (createHmac with a string imports the key each call).
let keyFor: { token: string; key: KeyObject } | null = null;
const hmacKey = (token: string): KeyObject => {
  if (!keyFor || keyFor.token !== token) keyFor = { token, key: createSecretKey(Buffer.from(token, 'utf8')) };
  return keyFor.key;
};
const hmac = (token: string, text: string) => createHmac('sha256', hmacKey(token)).update(text, 'utf8').digest();

/** Constant-time: each candidate signature is decoded and compared with `timingSafeEqual`. */
function matches(expected: Buffer, header: string): boolean {
  let ok = false;
  // A header may carry several comma-separated signatures (Plivo signs with each valid token).
  for (const candidate of header.split(',')) {
    const given = Buffer.from(candidate.trim(), 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}

export type SignatureVersion = 'v3' | 'v2';

/** The version a request is judged by and its nonce: V3 whenever any V3 header is present. */
export function signatureNonce(headers: SignedRequest['headers']): { version: SignatureVersion; nonce: string } | null {
  const v3 = header(headers, 'X-Plivo-Signature-V3') || header(headers, 'X-Plivo-Signature-Ma-V3');
  if (v3) {
    const nonce = header(headers, 'X-Plivo-Signature-V3-Nonce');
    return nonce ? { version: 'v3', nonce } : null;
  }
  const nonce = header(headers, 'X-Plivo-Signature-V2-Nonce');
  return nonce ? { version: 'v2', nonce } : null;
}

/**
 * V3 when any V3 signature header is present (it covers the parameters), else V2 (URL + nonce only).
 * A request carrying a wrong V3 signature is NOT retried as V2: that would let a tampered body through.
 */
export function verifyPlivoSignature(req: SignedRequest, authToken: string, publicUrl: string): boolean {
  if (!authToken || !publicUrl) return false;
  // The exact URL (always the first candidate) matches nearly always: the other spellings, which cost two
  // URL parses, are built only when it does not.
  const anyUrl = (ok: (url: string) => boolean) =>
    ok(exactSignedUrl(publicUrl, req.path)) || signedUrlCandidates(publicUrl, req.path).slice(1).some(ok);
  const used = signatureNonce(req.headers);
  if (!used) return false;

  if (used.version === 'v3') {
    const sigs = [header(req.headers, 'X-Plivo-Signature-V3'), header(req.headers, 'X-Plivo-Signature-Ma-V3')].filter(Boolean);
    return anyUrl((url) => {
      const expected = hmac(authToken, v3StringToSign(req.method, url, req.params, used.nonce));
      return sigs.some((sig) => matches(expected, sig));
    });
  }
  const sigs = [header(req.headers, 'X-Plivo-Signature-V2'), header(req.headers, 'X-Plivo-Signature-Ma-V2')].filter(Boolean);
  if (!sigs.length) return false;
  return anyUrl((url) => {
    const expected = hmac(authToken, urlWithoutQuery(url) + used.nonce);
    return sigs.some((sig) => matches(expected, sig));
  });
}
