import { notificationReasonOf, toProviderError } from './errors';
import { ProviderError } from '../types';

/** What the Plivo SDK (4.79) rejects with, turned into a ProviderError the way the adapter does. */
const ctx = { what: 'releasing +14155550123', apiUrl: 'https://api.plivo.com', timeoutMs: 1000 };
const sdk = (raw: unknown) => toProviderError(raw, ctx);
const withStatus = (status: number, message: string) => Object.assign(new Error(message), { status });

describe('notificationReasonOf: the code a notification keeps for the admin to explain', () => {
  it.each([
    ['a 401', 'unauthorized', sdk(withStatus(401, 'authentication failed'))],
    ['a 402 (balance)', 'account', sdk(new Error('AxiosError: Request failed with status code 402'))],
    ['a 403 (suspended)', 'account', sdk(new Error('AxiosError: Request failed with status code 403'))],
    ['a 429', 'rate_limited', sdk(new Error('AxiosError: Request failed with status code 429'))],
    ['a 500', 'server_error', sdk(withStatus(500, 'internal error'))],
    ['a 503', 'server_error', sdk(new Error('AxiosError: Request failed with status code 503'))],
    ['connection refused', 'network', sdk('Error: connect ECONNREFUSED 127.0.0.1:443')],
    ['a timeout', 'timeout', sdk('AxiosError: timeout of 1000ms exceeded')],
    ['a 404', 'not_found', sdk(withStatus(404, 'not found'))],
    ['a 400', 'bad_request', sdk(withStatus(400, 'invalid number'))],
    ['a failure shaped like one (the dispatcher duck-types)', 'server_error', { kind: 'server_error', status: 502, message: 'bad gateway' }],
  ])('%s → %s', (_what, expected, err) => {
    expect(notificationReasonOf(err)).toBe(expected);
  });

  it('has none for what is not a Plivo failure', () => {
    expect(notificationReasonOf(new ProviderError('not_configured', 'Plivo is not configured'))).toBeNull();
    expect(notificationReasonOf(new Error('database is locked'))).toBeNull();
    expect(notificationReasonOf(null)).toBeNull();
    expect(notificationReasonOf({ kind: 'something new' })).toBeNull();
  });
});
