import { createHmac } from 'node:crypto';
import { v3StringToSign, verifyPlivoSignature } from './signature';

// The fast paths (issue 14, cpu14) must not narrow what verifies: headers named in any case, the other URL
// spellings, and a changed token.
const TOKEN = 'unit-token';
const PATH = '/api/texting/webhooks/plivo/message';
const params = { From: '16175550100', To: '14155550100', Text: 'hi', MessageUUID: 'u-1' };
const sign = (url: string, token = TOKEN) => createHmac('sha256', token).update(v3StringToSign('POST', url, params, 'n1')).digest('base64');
const request = (sig: string, headerNames: [string, string] = ['x-plivo-signature-v3', 'x-plivo-signature-v3-nonce']) => ({
  method: 'POST' as const,
  path: PATH,
  params,
  headers: { [headerNames[0]]: sig, [headerNames[1]]: 'n1' },
});

describe('verifyPlivoSignature', () => {
  it('accepts the exact URL, with lower-case or hand-written header names', () => {
    expect(verifyPlivoSignature(request(sign(`https://example.org${PATH}`)), TOKEN, 'https://example.org')).toBe(true);
    const mixed = request(sign(`https://example.org${PATH}`), ['X-Plivo-Signature-V3', 'X-Plivo-Signature-V3-Nonce']);
    expect(verifyPlivoSignature(mixed, TOKEN, 'https://example.org/')).toBe(true);
  });

  it('still tries the other spellings of the URL when the exact one does not match', () => {
    // Plivo was given the URL with its default port, PUBLIC_URL without it.
    expect(verifyPlivoSignature(request(sign(`https://example.org:443${PATH}`)), TOKEN, 'https://example.org')).toBe(true);
    expect(verifyPlivoSignature(request(sign(`https://example.org:8443${PATH}`)), TOKEN, 'https://example.org')).toBe(false);
  });

  it('uses the current token: a signature made with the old one fails once the token changes', () => {
    const sig = sign(`https://example.org${PATH}`);
    expect(verifyPlivoSignature(request(sig), TOKEN, 'https://example.org')).toBe(true);
    expect(verifyPlivoSignature(request(sig), 'another-token', 'https://example.org')).toBe(false);
    expect(verifyPlivoSignature(request(sign(`https://example.org${PATH}`, 'another-token')), 'another-token', 'https://example.org')).toBe(true);
  });
});
