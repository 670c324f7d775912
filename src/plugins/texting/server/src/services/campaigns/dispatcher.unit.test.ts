import { toProviderError } from '../../provider/plivo/errors';
import { ProviderError } from '../../provider/types';
import { classifyFailure, failureLabel } from './dispatcher';

/** What the Plivo SDK (4.79) rejects with, turned into a ProviderError the way the adapter does. */
const ctx = { what: 'sending a text', apiUrl: 'https://api.plivo.com', timeoutMs: 1000 };
const sdk = (raw: unknown) => toProviderError(raw, ctx);
const withStatus = (status: number, message: string) => Object.assign(new Error(message), { status });

describe('classifyFailure: what a failed send means', () => {
  it.each([
    ['a 429', 'retry', sdk(new Error('AxiosError: Request failed with status code 429'))],
    ['a 503', 'retry', sdk(new Error('AxiosError: Request failed with status code 503'))],
    ['connection refused', 'retry', sdk('Error: connect ECONNREFUSED 127.0.0.1:443')],
    ['our own error before the call', 'retry', new Error('database is locked')],
    ['a timeout', 'doubt', sdk('AxiosError: timeout of 1000ms exceeded')],
    ['a connection reset', 'doubt', sdk('Error: socket hang up ECONNRESET')],
    ['a 500', 'doubt', sdk(withStatus(500, 'internal error'))],
    ['a 502', 'doubt', sdk(new Error('AxiosError: Request failed with status code 502'))],
    ['a 504', 'doubt', sdk(new Error('AxiosError: Request failed with status code 504'))],
    ['an acceptance without an id', 'doubt', new ProviderError('server_error', 'Plivo accepted a text but returned no message id')],
    ['a 401', 'account', sdk(withStatus(401, 'authentication failed'))],
    ['a 402', 'account', sdk(new Error('AxiosError: Request failed with status code 402'))],
    ['a 403', 'account', sdk(new Error('AxiosError: Request failed with status code 403'))],
    ['a 400', 'fail', sdk(withStatus(400, 'dst is not a mobile number'))],
    ['no credentials', 'not_configured', new ProviderError('not_configured', 'Plivo is not configured')],
  ])('%s → %s', (_what, expected, err) => {
    expect(classifyFailure(err)).toBe(expected);
  });
});

describe('failureLabel: what the pause banner says', () => {
  it('names the HTTP status, or what happened when there was none', () => {
    expect(failureLabel(sdk(new Error('AxiosError: Request failed with status code 503')))).toBe('503 Service Unavailable');
    expect(failureLabel(sdk(withStatus(401, 'authentication failed')))).toBe('401 Unauthorized');
    expect(failureLabel(sdk(new Error('AxiosError: Request failed with status code 429')))).toBe('429 Too Many Requests');
    expect(failureLabel(sdk('AxiosError: timeout of 1000ms exceeded'))).toBe('no answer (timeout)');
    expect(failureLabel(sdk('Error: connect ECONNREFUSED 127.0.0.1:443'))).toBe('connection failed');
  });
});
