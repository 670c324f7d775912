/**
 * The texting provider as the rest of the plugin sees it. The Plivo adapter (provider/plivo) is the only
 * implementation and the only code that imports the `plivo` SDK. Numbers are E.164 (`+14155550123`) here;
 * the adapter converts to Plivo's digits-only form.
 * Reach it with `getService(strapi, 'provider')` (utils/get-service.ts).
 */
export interface AvailableNumber {
  phoneNumber: string;
  city: string | null;
  region: string | null;
  monthlyRentalRate: string | null;
  smsEnabled: boolean;
  mmsEnabled: boolean;
}

export interface RentedNumber {
  phoneNumber: string;
  appId: string | null;
  /** Plivo reports the number usable for SMS (carrier registration complete). */
  active: boolean;
  monthlyRentalRate: string | null;
}

/** The Plivo account (its "Account details"): who it is and its prepaid balance. */
export interface AccountDetails {
  name: string | null;
  accountType: string | null;
  billingMode: string | null;
  autoRecharge: boolean | null;
  /** Prepaid credit in USD, as Plivo reports it (`cash_credits`, a decimal string). */
  cashCredits: string | null;
}

export interface SentMessage {
  messageUuid: string;
  /** Plivo's `message_state`: queued, sent, delivered, undelivered, failed, rejected… */
  state: string | null;
  /** When Plivo took the text (its `message_time`), or null when it gave none it could parse. */
  sentAt: Date | null;
}

export interface SignedRequest {
  method: 'POST' | 'GET';
  /** Path and query exactly as received, e.g. `/api/texting/webhooks/plivo/message`; the adapter prefixes PUBLIC_URL. */
  path: string;
  /** Form parameters as received. */
  params: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
}

export interface TextingProvider {
  /** True when talking to the built-in simulator (the admin shows a badge). */
  readonly simulated: boolean;
  /** True when credentials are set; every call below throws ProviderError('not_configured') otherwise. */
  readonly configured: boolean;
  searchNumbers(areaCode: string, opts?: { limit?: number; country?: 'US' | 'CA' }): Promise<AvailableNumber[]>;
  buyNumber(phoneNumber: string): Promise<void>;
  getNumber(phoneNumber: string): Promise<RentedNumber | null>;
  listNumbers(): Promise<RentedNumber[]>;
  /** Points a rented number at our Plivo application (so its texts reach our webhook): importing a number. */
  assignApp(phoneNumber: string): Promise<void>;
  /** The account's details and balance; a ProviderError ('unauthorized'…) says why not. */
  getAccount(): Promise<AccountDetails>;
  /** 'not_found' when Plivo no longer has it on the account (already released): nothing left to release. */
  releaseNumber(phoneNumber: string): Promise<'released' | 'not_found'>;
  /** Sends a text; the status callback goes to PUBLIC_URL + /api/texting/webhooks/plivo/status. */
  sendMessage(input: { from: string; to: string; text: string }): Promise<{ messageUuid: string }>;
  /**
   * Texts Plivo accepted from `from` to `to` at or after `since` (its message list: outbound, newest first).
   * How the dispatcher tells whether a text it lost track of in a crash was sent. Plivo lists a text a few
   * seconds after accepting it, so an answer is only complete for sends older than that.
   */
  findSentMessages(input: { from: string; to: string; since: Date }): Promise<SentMessage[]>;
  /** V3 signature when its headers are present, else V2; false when missing or wrong. */
  verifySignature(req: SignedRequest): boolean;
}

export type ProviderErrorKind =
  | 'not_configured'
  | 'bad_request' // Plivo refused the request (4xx other than below)
  | 'unauthorized' // 401: wrong credentials
  | 'not_found' // 404
  | 'rate_limited' // 429
  | 'server_error' // 5xx
  | 'network' // connection refused / dropped
  | 'timeout';

/** Every failure of the adapter, whatever shape the SDK gave it. `retryable` tells the dispatcher what to retry. */
export class ProviderError extends Error {
  constructor(
    public kind: ProviderErrorKind,
    message: string,
    public status?: number,
    public retryable: boolean = kind === 'rate_limited' || kind === 'server_error' || kind === 'network' || kind === 'timeout'
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
