/**
 * Shared types of the Plivo simulator.
 *
 * Wire objects (what goes over HTTP to the SDK) use Plivo's snake_case field
 * names; control/in-process objects use camelCase.
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Names of the Plivo API operations the simulator serves (used by faults and the request log). */
export type EndpointName = 'search' | 'buy' | 'get' | 'update' | 'list' | 'unrent' | 'send' | 'list_messages' | 'account';
export const ENDPOINT_NAMES: readonly EndpointName[] = ['search', 'buy', 'get', 'update', 'list', 'unrent', 'send', 'list_messages', 'account'];

export type FaultKind = 'status' | 'latency' | 'drop' | 'rate_limit';
export const FAULT_KINDS: readonly FaultKind[] = ['status', 'latency', 'drop', 'rate_limit'];

export interface FaultSpec {
  /** Which operation to break; `*` matches every API operation (also unknown routes). */
  endpoint: EndpointName | '*';
  kind: FaultKind;
  /** For `status`: the HTTP status to answer (default 500). */
  status?: number;
  /** For `latency`: delay before the normal answer, in ms (default 1000). */
  latencyMs?: number;
  /** How many requests it applies to; omitted/null = until cleared. */
  times?: number | null;
  /** For `status` / `rate_limit`: raw body to answer instead of the default `{api_id, error}` JSON. */
  body?: string;
  /**
   * For `latency` / `drop`: act after the request was carried out (a text recorded, a number bought) instead of
   * before: the answer comes late, or never. What a client sees when Plivo did the work but its answer was lost.
   */
  after?: boolean;
  /** How long the fault lasts from now, in ms (an outage of two minutes); omitted/null = until cleared or used up. */
  durationMs?: number | null;
}

export interface Fault extends Required<Pick<FaultSpec, 'endpoint' | 'kind'>> {
  id: number;
  status: number | null;
  latencyMs: number | null;
  /** Remaining applications; null = unlimited. */
  remaining: number | null;
  body: string | null;
  /** Acts after the request was carried out (see FaultSpec.after). */
  after: boolean;
  /** How many requests it has hit so far. */
  hits: number;
  createdAt: string;
  /** When a fault with `durationMs` stops applying (ISO), else null. */
  expiresAt: string | null;
}

/** Activation (10DLC registration) state exposed on the wire as `tendlc_registration_status`. */
export type RegistrationStatus = 'PROCESSING' | 'COMPLETED';

export interface RentedNumber {
  number: string;
  appId: string | null;
  alias: string | null;
  addedOn: string; // YYYY-MM-DD
  rentedAt: string; // ISO timestamp
  /** `pending` until activated through the control API; `active` afterwards. */
  activation: 'pending' | 'active';
  activatedAt: string | null;
  tendlcRegistrationStatus: RegistrationStatus;
  smsEnabled: boolean;
  mmsEnabled: boolean;
  voiceEnabled: boolean;
  monthlyRentalRate: string;
  numberType: 'local';
  country: string;
  countryIso: 'US' | 'CA';
  region: string;
  city: string;
  /** `api` = bought through POST PhoneNumber; `control` = rented via the control API (outside the app). */
  source: 'api' | 'control';
}

export type MessageStatus = 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';
export const MESSAGE_STATUSES: readonly MessageStatus[] = ['queued', 'sent', 'delivered', 'undelivered', 'failed'];

export interface DeliveryEvent {
  status: MessageStatus;
  errorCode: string;
  at: string;
  responseStatus: number;
}

export interface MessageRecord {
  messageUuid: string;
  src: string;
  dst: string;
  text: string;
  type: string;
  url: string | null;
  method: string;
  log: JsonValue | null;
  units: number;
  receivedAt: string;
  status: MessageStatus;
  deliveryEvents: DeliveryEvent[];
  /** All raw request params (snake_case, as sent by the SDK). */
  params: JsonObject;
}

export interface RequestLogEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  endpoint: EndpointName | null;
  query: Record<string, string>;
  body: JsonValue | null;
  /** HTTP status answered; null while pending or when the socket was dropped. */
  status: number | null;
  /** Fault ids applied to this request. */
  faults: number[];
  durationMs: number | null;
}

export interface AvailableNumber {
  number: string;
  prefix: string;
  areaCode: string;
  city: string;
  country: string;
  countryIso: 'US' | 'CA';
  region: string;
  rateCenter: string;
  lata: number | null;
  voiceEnabled: boolean;
  smsEnabled: boolean;
  mmsEnabled: boolean;
}

export type SignatureMode = 'v3' | 'v2' | 'both' | 'none';

export interface InboundOptions {
  from: string;
  to: string;
  text: string;
  type?: string;
  intent?: string;
  messageUuid?: string;
  url?: string;
  signature?: SignatureMode;
  /** Sign with this token instead of the account's (to simulate a forged request). */
  authToken?: string;
  /** Fields overwritten AFTER signing (null removes the field). */
  tamper?: Record<string, string | null>;
  /** Extra form fields added BEFORE signing. */
  extra?: Record<string, string>;
}

export interface WebhookResult {
  url: string;
  method: 'POST' | 'GET';
  params: Record<string, string>;
  requestHeaders: Record<string, string>;
  status: number;
  body: string;
  json: JsonValue | null;
  headers: Record<string, string | string[]>;
  error: string | null;
  durationMs: number;
}

export interface InboundResult extends WebhookResult {
  messageUuid: string;
}

export interface DeliveryReportOptions {
  messageUuid?: string;
  status?: MessageStatus;
  errorCode?: string;
  /** Sequence of statuses to send (in this order) for each selected message; overrides `status`. */
  order?: MessageStatus[];
  /** Send to this url instead of each message's own `url`. */
  url?: string;
  signature?: SignatureMode;
  authToken?: string;
  /** Parallel messages in flight (statuses of one message are always sent in order). Default 8. */
  concurrency?: number;
}

export interface DeliveryReportResult {
  messageUuid: string;
  status: MessageStatus;
  result: WebhookResult;
}

export interface DeliveryReportsSummary {
  sent: number;
  failed: number;
  reports: DeliveryReportResult[];
}
