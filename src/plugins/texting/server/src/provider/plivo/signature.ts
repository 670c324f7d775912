import * as plivo from 'plivo';
import type { SignedRequest } from '../types';

/**
 * Plivo signs the exact URL it called. Behind a proxy the app cannot see that URL, so it is rebuilt from
 * PUBLIC_URL + the path (and query) as received. A PUBLIC_URL written with a trailing slash must not give
 * `//api/...`, and one written with an explicit default port (`https://host:443`) may have been entered in
 * Plivo either way, so both spellings are tried; both name our own endpoint, so this accepts nothing forged.
 */
export function signedUrlCandidates(publicUrl: string, path: string): string[] {
  const base = publicUrl.replace(/\/+$/, '');
  const suffix = path.startsWith('/') ? path : `/${path}`;
  const exact = `${base}${suffix}`;
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

function header(headers: SignedRequest['headers'], name: string): string {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== wanted) continue;
    const value = Array.isArray(v) ? v[0] : v;
    return typeof value === 'string' ? value : '';
  }
  return '';
}

/**
 * V3 when any V3 signature header is present (it covers the parameters), else V2 (URL + nonce only).
 * A request carrying a wrong V3 signature is NOT retried as V2: that would let a tampered body through.
 */
export function verifyPlivoSignature(req: SignedRequest, authToken: string, publicUrl: string): boolean {
  if (!authToken || !publicUrl) return false;
  const urls = signedUrlCandidates(publicUrl, req.path);
  const safe = (check: () => unknown) => {
    try {
      return Boolean(check());
    } catch {
      return false;
    }
  };

  const v3 = header(req.headers, 'X-Plivo-Signature-V3');
  const maV3 = header(req.headers, 'X-Plivo-Signature-Ma-V3');
  if (v3 || maV3) {
    const nonce = header(req.headers, 'X-Plivo-Signature-V3-Nonce');
    if (!nonce) return false;
    const params = { ...req.params };
    return urls.some((url) =>
      [v3, maV3]
        .filter((sig) => sig !== '')
        .some((sig) => safe(() => plivo.validateV3Signature(req.method, url, nonce, authToken, sig, params).valueOf()))
    );
  }

  const v2 = header(req.headers, 'X-Plivo-Signature-V2');
  const maV2 = header(req.headers, 'X-Plivo-Signature-Ma-V2');
  const nonceV2 = header(req.headers, 'X-Plivo-Signature-V2-Nonce');
  if ((!v2 && !maV2) || !nonceV2) return false;
  return urls.some((url) =>
    [v2, maV2]
      .filter((sig) => sig !== '')
      .some((sig) => safe(() => plivo.validateSignature(url, nonceV2, sig, authToken).valueOf()))
  );
}
