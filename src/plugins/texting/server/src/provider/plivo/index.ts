/**
 * The Plivo adapter: the only code that imports the `plivo` SDK. Numbers are E.164 outside, digits inside.
 */
import * as plivo from 'plivo';
import { digitsOf, fromPlivo, toPlivo } from '../../utils/phone';
import {
  ProviderError,
  type AccountDetails,
  type AvailableNumber,
  type RentedNumber,
  type SentMessage,
  type SignedRequest,
  type TextingProvider,
} from '../types';
import { timeoutError, toProviderError } from './errors';
import { verifyPlivoSignature } from './signature';

export interface PlivoProviderOptions {
  authId: string;
  authToken: string;
  appId: string;
  /** Plivo API origin, e.g. https://api.plivo.com or the simulator's http://127.0.0.1:4010. */
  apiUrl: string;
  publicUrl: string;
  simulated: boolean;
  timeoutMs: number;
}

export const NOT_CONFIGURED_MESSAGE = 'Plivo is not configured: set PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN, PLIVO_APP_ID and PUBLIC_URL';
export const STATUS_CALLBACK_PATH = '/api/texting/webhooks/plivo/status';
/** Plivo's maximum page size for number search, number lists and message lists. */
export const PLIVO_PAGE = 20;

/** 10DLC registration finished: carriers accept texts from the number. */
const USABLE_REGISTRATION = 'COMPLETED';

/** Canadian area codes: Plivo searches one country at a time and an area code of the other country finds nothing. */
const CANADIAN_AREA_CODES = new Set(
  (
    '204 226 236 249 250 257 263 289 306 343 354 365 367 368 382 403 416 418 428 431 437 438 450 468 474 506 514 519 ' +
    '548 579 581 584 587 604 613 639 647 672 683 705 709 742 753 778 780 782 807 819 825 867 873 879 902 905'
  ).split(' ')
);

export const countryOfAreaCode = (areaCode: string): 'US' | 'CA' => (CANADIAN_AREA_CODES.has(areaCode) ? 'CA' : 'US');

// The SDK's typings are loose or wrong (search results are typed snake_case but arrive camelCase, the
// message options type wants every option): describe the part we use as it behaves.
type Loose = Record<string, unknown>;
type Page = Loose[] & { meta?: Loose };
interface PlivoSdk {
  numbers: {
    search(countryIso: string, params: Loose): Promise<Page>;
    buy(number: string, appId?: string): Promise<Loose>;
    get(number: string): Promise<Loose>;
    list(params?: Loose): Promise<Page>;
    unrent(number: string): Promise<unknown>;
    update(number: string, params: Loose): Promise<unknown>;
  };
  accounts: {
    get(): Promise<Loose>;
  };
  messages: {
    create(src: string, dst: string, text: string, options?: Loose): Promise<Loose>;
    list(params: Loose): Promise<Page>;
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const pick = (o: Loose, camel: string, snake: string): unknown => (o[camel] !== undefined ? o[camel] : o[snake]);

/** Plivo names a number's application by resource URI (`/v1/Account/MA…/Application/123/`); `app_id` is a simulator extra. */
function appIdOf(raw: Loose): string | null {
  const uri = str(raw.application);
  const m = uri ? /\/Application\/([^/]+)\/?$/.exec(uri) : null;
  return m ? m[1] : str(pick(raw, 'appId', 'app_id'));
}

function toRented(raw: Loose): RentedNumber {
  return {
    phoneNumber: fromPlivo(String(raw.number)),
    appId: appIdOf(raw),
    active: String(pick(raw, 'tendlcRegistrationStatus', 'tendlc_registration_status') ?? '').toUpperCase() === USABLE_REGISTRATION,
    monthlyRentalRate: str(pick(raw, 'monthlyRentalRate', 'monthly_rental_rate')),
  };
}

/** A time as Plivo's message filters take it: `YYYY-MM-DD HH:MM:SS`, UTC (whole seconds, rounded down). */
export const plivoFilterTime = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

/** Plivo's `message_time` (`2026-01-31 14:05:09.123456+05:30`, or without fraction/offset = UTC) as a Date. */
export function parseMessageTime(v: unknown): Date | null {
  const m = typeof v === 'string' ? /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(v.trim()) : null;
  if (!m) return null;
  const fraction = m[3] ? m[3].slice(0, 4) : '';
  const zone = !m[4] || m[4] === 'Z' ? 'Z' : m[4].includes(':') ? m[4] : `${m[4].slice(0, 3)}:${m[4].slice(3)}`;
  const d = new Date(`${m[1]}T${m[2]}${fraction}${zone}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

function toAvailable(raw: Loose): AvailableNumber {
  return {
    phoneNumber: fromPlivo(String(raw.number)),
    city: str(raw.city),
    region: str(raw.region),
    monthlyRentalRate: str(pick(raw, 'monthlyRentalRate', 'monthly_rental_rate')),
    smsEnabled: pick(raw, 'smsEnabled', 'sms_enabled') === true,
    mmsEnabled: pick(raw, 'mmsEnabled', 'mms_enabled') === true,
  };
}

export function createPlivoProvider(options: PlivoProviderOptions): TextingProvider {
  const configured = Boolean(options.authId && options.authToken && options.appId && options.publicUrl);
  const apiUrl = options.apiUrl.replace(/\/+$/, '');
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs;
  let sdk: PlivoSdk | null = null;

  const client = (): PlivoSdk => {
    if (!configured) throw new ProviderError('not_configured', NOT_CONFIGURED_MESSAGE, undefined, false);
    sdk ??= new plivo.Client(options.authId, options.authToken, {
      url: `${apiUrl}/v1/Account/${options.authId}`,
      // axios aborts the request, so a buy that hangs is not completed behind our back (as far as the server honours it).
      timeout: timeoutMs,
    }) as unknown as PlivoSdk;
    return sdk;
  };

  /** One SDK call, bounded in time, with every failure turned into a ProviderError. */
  async function call<T>(what: string, fn: (c: PlivoSdk) => Promise<T>): Promise<T> {
    const c = client();
    const ctx = { what, apiUrl, timeoutMs };
    let timer: NodeJS.Timeout | undefined;
    // The SDK's own timeout covers the HTTP exchange; this one also covers anything the SDK does around it.
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(timeoutError(ctx)), timeoutMs + 1000);
    });
    try {
      return await Promise.race([Promise.resolve().then(() => fn(c)), guard]);
    } catch (err) {
      throw toProviderError(err, ctx);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    simulated: options.simulated,
    configured,

    async searchNumbers(areaCode, opts = {}) {
      const limit = Math.min(Math.max(Math.trunc(opts.limit ?? PLIVO_PAGE), 1), PLIVO_PAGE);
      const country = opts.country ?? countryOfAreaCode(areaCode);
      const found = await call(`searching numbers in area code ${areaCode}`, (c) =>
        c.numbers.search(country, { pattern: areaCode, services: 'sms', type: 'local', limit })
      );
      return Array.from(found ?? [], toAvailable).slice(0, limit);
    },

    async buyNumber(phoneNumber) {
      await call(`buying ${phoneNumber}`, (c) => c.numbers.buy(toPlivo(phoneNumber), options.appId));
    },

    async getNumber(phoneNumber) {
      try {
        return toRented(await call(`looking up ${phoneNumber}`, (c) => c.numbers.get(toPlivo(phoneNumber))));
      } catch (err) {
        if (err instanceof ProviderError && err.kind === 'not_found') return null;
        throw err;
      }
    },

    async listNumbers() {
      const all: RentedNumber[] = [];
      // Bounded: 500 pages of 20 is far beyond any account this plugin serves, and a loop that never ends is worse.
      for (let page = 0; page < 500; page++) {
        const offset = page * PLIVO_PAGE;
        const batch = await call('listing the numbers rented on the Plivo account', (c) =>
          c.numbers.list({ limit: PLIVO_PAGE, offset })
        );
        const items = Array.from(batch ?? []);
        all.push(...items.map(toRented));
        const next = batch?.meta ? pick(batch.meta, 'next', 'next') : undefined;
        if (items.length < PLIVO_PAGE || next === null) break;
      }
      return all;
    },

    async assignApp(phoneNumber) {
      await call(`pointing ${phoneNumber} at our Plivo application`, (c) => c.numbers.update(toPlivo(phoneNumber), { app_id: options.appId }));
    },

    async getAccount(): Promise<AccountDetails> {
      const raw = await call('reading the Plivo account', (c) => c.accounts.get());
      const recharge = pick(raw, 'autoRecharge', 'auto_recharge');
      return {
        name: str(raw.name),
        accountType: str(pick(raw, 'accountType', 'account_type')),
        billingMode: str(pick(raw, 'billingMode', 'billing_mode')),
        autoRecharge: typeof recharge === 'boolean' ? recharge : recharge === undefined || recharge === null ? null : String(recharge) === 'true',
        cashCredits: str(pick(raw, 'cashCredits', 'cash_credits')),
      };
    },

    async releaseNumber(phoneNumber) {
      try {
        await call(`releasing ${phoneNumber}`, (c) => c.numbers.unrent(toPlivo(phoneNumber)));
        return 'released';
      } catch (err) {
        if (err instanceof ProviderError && err.kind === 'not_found') return 'not_found';
        throw err;
      }
    },

    async sendMessage({ from, to, text }) {
      const sent = await call(`sending a text from ${from}`, (c) =>
        c.messages.create(toPlivo(from), toPlivo(to), text, { url: `${publicUrl}${STATUS_CALLBACK_PATH}`, method: 'POST' })
      );
      const uuids = pick(sent, 'messageUuid', 'message_uuid');
      const messageUuid = Array.isArray(uuids) ? str(uuids[0]) : str(uuids);
      if (!messageUuid) {
        throw new ProviderError('server_error', `Plivo accepted a text from ${from} but returned no message id; check the Plivo logs.`);
      }
      return { messageUuid };
    },

    async findSentMessages({ from, to, since }) {
      const what = `looking up texts sent from ${from} to ${to}`;
      const found: SentMessage[] = [];
      const wantFrom = digitsOf(from);
      const wantTo = digitsOf(to);
      // A handful of texts from one number to one person since a time; 10 pages is far more than that.
      for (let page = 0; page < 10; page++) {
        const offset = page * PLIVO_PAGE;
        const batch = await call(what, (c) =>
          c.messages.list({
            message_direction: 'outbound',
            from_number: from,
            to_number: to,
            message_time__gte: plivoFilterTime(since),
            limit: PLIVO_PAGE,
            offset,
          })
        );
        const items = Array.from(batch ?? []);
        for (const o of items) {
          // Checked again here: a filter Plivo ignored must not make another person's text count as this one.
          const direction = str(pick(o, 'messageDirection', 'message_direction'));
          if (direction !== null && direction !== 'outbound') continue;
          if (digitsOf(String(pick(o, 'fromNumber', 'from_number') ?? '')) !== wantFrom) continue;
          if (digitsOf(String(pick(o, 'toNumber', 'to_number') ?? '')) !== wantTo) continue;
          const messageUuid = str(pick(o, 'messageUuid', 'message_uuid'));
          if (!messageUuid) continue;
          found.push({
            messageUuid,
            state: str(pick(o, 'messageState', 'message_state')),
            sentAt: parseMessageTime(pick(o, 'messageTime', 'message_time')),
          });
        }
        const next = batch?.meta ? pick(batch.meta, 'next', 'next') : undefined;
        if (items.length < PLIVO_PAGE || next === null) break;
      }
      return found;
    },

    verifySignature(req: SignedRequest) {
      if (!configured) throw new ProviderError('not_configured', NOT_CONFIGURED_MESSAGE, undefined, false);
      return verifyPlivoSignature(req, options.authToken, options.publicUrl);
    },
  };
}
