import { ProviderError, type ProviderErrorKind } from '../types';
import type { NotificationReason } from '../../../../shared/contracts';

/**
 * Turns whatever the Plivo SDK (4.79) rejected with into a ProviderError whose message says what happened
 * and what to do next. The SDK has no error hierarchy to rely on:
 *  - HTTP errors it knows (400, 401, 404, 405, 406, 409, 422, 500) are Errors carrying `.status`, message = Plivo's `error`;
 *  - other statuses (429, 403, 502, 503…) are plain Errors whose message is axios' "…status code NNN";
 *  - no answer at all (refused, reset, dropped, axios timeout) rejects with a STRING: the axios stack.
 */
export interface ErrorContext {
  /** What we were doing, for the message: "buying +14155550123". */
  what: string;
  apiUrl: string;
  timeoutMs: number;
}

const MAX_DETAIL = 300;

function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim() !== '') ?? s;
  return line.trim().replace(/^(Axios)?Error:\s*/, '').slice(0, MAX_DETAIL);
}

function statusOf(err: unknown, text: string): number | undefined {
  if (err && typeof err === 'object' && typeof (err as { status?: unknown }).status === 'number') {
    return (err as { status: number }).status;
  }
  const m = /status code (\d{3})/.exec(text);
  if (m) return Number(m[1]);
  if (/\b429\b/.test(text)) return 429;
  return undefined;
}

function kindOfStatus(status: number): ProviderErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return 'bad_request';
}

const TIMEOUT_RE = /timeout of \d+ms exceeded|ECONNABORTED|ETIMEDOUT|ESOCKETTIMEDOUT/i;
const NETWORK_RE = /ECONNREFUSED|ECONNRESET|socket hang up|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|Network Error/i;

export function toProviderError(err: unknown, ctx: ErrorContext): ProviderError {
  if (err instanceof ProviderError) return err;
  const text = typeof err === 'string' ? err : err instanceof Error ? err.message : String(err);
  const status = statusOf(err, text);
  const detail = firstLine(text);

  if (status === undefined) {
    if (TIMEOUT_RE.test(text)) return timeoutError(ctx);
    if (typeof err === 'string' || NETWORK_RE.test(text)) {
      return new ProviderError(
        'network',
        `Could not reach Plivo at ${ctx.apiUrl} while ${ctx.what} (${detail}). Check the server's network access to Plivo (and PLIVO_API_URL), then try again.`
      );
    }
    // An Error without a status: the SDK refused the arguments before calling Plivo.
    return new ProviderError('bad_request', `Plivo request refused before it was sent while ${ctx.what}: ${detail}`);
  }

  const kind = kindOfStatus(status);
  const plivoSays = /status code \d{3}/.test(detail) ? '' : `: ${detail}`;
  const messages: Record<ProviderErrorKind, string> = {
    unauthorized: `Plivo rejected the credentials (HTTP 401) while ${ctx.what}. An administrator must check PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN.`,
    rate_limited: `Plivo is limiting the request rate (HTTP 429) while ${ctx.what}. Wait a minute and try again.`,
    server_error: `Plivo failed (HTTP ${status}) while ${ctx.what}${plivoSays}. Try again in a few minutes; if it keeps failing, check https://status.plivo.com.`,
    not_found: `Plivo answered "not found" (HTTP 404) while ${ctx.what}${plivoSays}.`,
    bad_request: `Plivo refused the request (HTTP ${status}) while ${ctx.what}${plivoSays}.`,
    network: '',
    timeout: '',
    not_configured: '',
  };
  return new ProviderError(kind, messages[kind], status);
}

export function timeoutError(ctx: ErrorContext): ProviderError {
  return new ProviderError(
    'timeout',
    `Plivo did not answer within ${Math.round(ctx.timeoutMs / 100) / 10} s while ${ctx.what}. Try again in a few minutes; if it keeps happening, check https://status.plivo.com and the server's network.`
  );
}

/**
 * What a notification records of a Plivo failure, for the admin to explain in the user's language (the message
 * stays as the notification's detail): the ProviderError's kind, except that 402 and 403 are the account
 * (balance, suspension) as the dispatcher's pause decides. Duck-typed (`kind`, `status`): the dispatcher's
 * failures are not all ProviderError instances. Null for anything that is not a Plivo failure.
 */
export function notificationReasonOf(err: unknown): NotificationReason | null {
  const failure = (err ?? {}) as { kind?: unknown; status?: unknown };
  if (typeof failure.kind !== 'string' || failure.kind === 'not_configured') return null;
  if (failure.kind === 'unauthorized' || failure.status === 401) return 'unauthorized';
  if (failure.status === 402 || failure.status === 403) return 'account';
  const kinds: Partial<Record<string, NotificationReason>> = {
    rate_limited: 'rate_limited',
    server_error: 'server_error',
    network: 'network',
    timeout: 'timeout',
    not_found: 'not_found',
    bad_request: 'bad_request',
  };
  return kinds[failure.kind] ?? null;
}
