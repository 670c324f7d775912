/**
 * All mutable simulator state, shared by the Plivo API handlers, the HTTP control API and in-process callers.
 * Every per-request operation is O(1) (Maps / ring buffer); only listings scan.
 */
import { describeNumber, Inventory, knownAreaCodes, areaCodeInfo, countryName } from './inventory';
import type {
  AvailableNumber,
  EndpointName,
  Fault,
  FaultSpec,
  JsonObject,
  JsonValue,
  MessageRecord,
  MessageStatus,
  RentedNumber,
  RequestLogEntry,
} from './types';
import { ENDPOINT_NAMES, FAULT_KINDS } from './types';

export class SimulatorError extends Error {
  constructor(
    public readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'SimulatorError';
  }
}

export interface StateOptions {
  authId: string;
  authToken: string;
  messageUrl?: string;
  seed?: number;
  /** When true (default), POST Message/ from a rented-but-not-activated number answers 400. */
  requireActivation?: boolean;
  /** Max entries kept in the request log (oldest dropped). Default 100 000. */
  maxRequestLog?: number;
  /** Max outbound messages kept (oldest dropped). Default 200 000. */
  maxMessages?: number;
  /**
   * When > 0, every newly rented number activates by itself this many ms after being rented
   * (handy for `npm run develop`). Default 0 = numbers stay pending until activated via the control API.
   */
  autoActivateMs?: number;
  /**
   * How long a sent message stays out of `GET Message/` (the list), as Plivo's message detail records lag
   * behind the send. Default 0 (listed at once).
   */
  messageListLagMs?: number;
}

/** Fixed-capacity FIFO; push is O(1). */
class RingBuffer<T> {
  private items: Array<T | undefined>;
  private start = 0;
  private count = 0;
  constructor(private readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }
  push(item: T): void {
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = item;
      this.count++;
    } else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }
  toArray(): T[] {
    const out: T[] = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.start + i) % this.capacity] as T;
    return out;
  }
  get size(): number {
    return this.count;
  }
  clear(): void {
    this.items = new Array<T | undefined>(this.capacity);
    this.start = 0;
    this.count = 0;
  }
}

/** Strip URL-encoding, a leading '+', spaces, dashes, dots and parentheses. */
export function normalizeNumber(raw: string): string {
  let s = raw;
  try {
    s = decodeURIComponent(raw);
  } catch {
    /* keep raw */
  }
  return s.trim().replace(/[\s\-().]/g, '').replace(/^\+/, '');
}

const pairKey = (src: string, dst: string): string => `${src}>${dst}`;

export function isE164Digits(n: string): boolean {
  return /^[1-9]\d{6,14}$/.test(n);
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export interface SearchQuery {
  countryIso: string;
  pattern?: string;
  services?: string;
  type?: string;
  limit: number;
  offset: number;
}

export interface RentOptions {
  appId?: string | null;
  alias?: string | null;
  source: 'api' | 'control';
  activated?: boolean;
}

export interface FaultDecision {
  latencyMs: number;
  terminal: Fault | null;
  /** Faults that act once the request was carried out: answer this much later, or drop the connection. */
  afterLatencyMs: number;
  afterDrop: boolean;
  ids: number[];
}

/** Filters of `GET Message/` (Plivo's "List all messages"); times are epoch ms, UTC. */
export interface MessageQuery {
  from?: string;
  to?: string;
  direction?: 'inbound' | 'outbound';
  state?: string;
  type?: string;
  timeEq?: number;
  timeGt?: number;
  timeGte?: number;
  timeLt?: number;
  timeLte?: number;
  limit: number;
  offset: number;
}

export interface RequestFilter {
  endpoint?: string;
  method?: string;
  limit?: number;
}

export class SimulatorState {
  readonly authId: string;
  readonly authToken: string;
  messageUrl: string | null;
  requireActivation: boolean;
  autoActivateMs: number;
  messageListLagMs: number;
  /** The account's prepaid balance as `GET /v1/Account/{id}/` reports it (`cash_credits`). */
  cashCredits = '100.00000';
  readonly inventory: Inventory;
  private readonly activationTimers = new Set<NodeJS.Timeout>();
  private seed: number;
  private readonly rentedMap = new Map<string, RentedNumber>();
  private readonly messageMap = new Map<string, MessageRecord>();
  /** Messages by `src>dst`, oldest first: the list filtered on both numbers stays O(matches). */
  private readonly messagesByPair = new Map<string, MessageRecord[]>();
  private readonly maxMessages: number;
  private readonly requestLog: RingBuffer<RequestLogEntry>;
  private requestSeq = 0;
  private faultList: Fault[] = [];
  private faultSeq = 0;
  /** Totals since start/reset (not bounded like the logs). */
  readonly counters = { requests: 0, messages: 0 };

  constructor(opts: StateOptions) {
    this.authId = opts.authId;
    this.authToken = opts.authToken;
    this.messageUrl = opts.messageUrl ?? null;
    this.seed = opts.seed ?? 1;
    this.requireActivation = opts.requireActivation ?? true;
    this.autoActivateMs = Math.max(0, opts.autoActivateMs ?? 0);
    this.messageListLagMs = Math.max(0, opts.messageListLagMs ?? 0);
    this.inventory = new Inventory(this.seed);
    this.maxMessages = Math.max(1, opts.maxMessages ?? 200_000);
    this.requestLog = new RingBuffer<RequestLogEntry>(Math.max(1, opts.maxRequestLog ?? 100_000));
  }

  /** Forget everything (rented numbers, messages, request log, faults, inventory overrides). */
  reset(opts: { seed?: number } = {}): void {
    if (opts.seed !== undefined) this.seed = opts.seed;
    this.inventory.reset(this.seed);
    this.rentedMap.clear();
    this.messageMap.clear();
    this.messagesByPair.clear();
    this.requestLog.clear();
    this.faultList = [];
    this.dispose();
    this.counters.requests = 0;
    this.counters.messages = 0;
  }

  /** Cancel pending auto-activation timers (called by reset() and by the server's close()). */
  dispose(): void {
    for (const t of this.activationTimers) clearTimeout(t);
    this.activationTimers.clear();
  }

  // ---------------------------------------------------------------- inventory / search

  /** Available (not rented) numbers matching a search. */
  search(q: SearchQuery): { total: number; objects: AvailableNumber[] } {
    const country = q.countryIso.toUpperCase();
    if (country !== 'US' && country !== 'CA') return { total: 0, objects: [] };
    const type = (q.type ?? '').toLowerCase();
    if (type && !['local', 'fixed', 'any'].includes(type)) return { total: 0, objects: [] };
    let pattern = (q.pattern ?? '').replace(/[^\d]/g, '');
    if (pattern.startsWith('1')) pattern = pattern.slice(1); // country code included
    let areaCodes: string[];
    if (pattern.length >= 3) {
      areaCodes = [pattern.slice(0, 3)];
    } else {
      areaCodes = knownAreaCodes(country).filter((a) => a.startsWith(pattern));
    }
    const services = (q.services ?? '')
      .toLowerCase()
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const wantSms = services.includes('sms');
    const wantMms = services.includes('mms');
    const wantVoice = services.includes('voice');
    const prefix = `1${pattern}`;
    const matches: AvailableNumber[] = [];
    for (const code of areaCodes) {
      const area = this.inventory.area(code);
      if (!area || area.info.countryIso !== country) continue;
      for (const n of area.numbers) {
        if (!n.number.startsWith(prefix)) continue;
        if (this.rentedMap.has(n.number)) continue;
        if (wantSms && !n.smsEnabled) continue;
        if (wantMms && !n.mmsEnabled) continue;
        if (wantVoice && !n.voiceEnabled) continue;
        matches.push(n);
      }
    }
    return { total: matches.length, objects: matches.slice(q.offset, q.offset + q.limit) };
  }

  isAvailable(number: string): boolean {
    return !this.rentedMap.has(number) && this.inventory.lookup(number) !== null;
  }

  setInventory(areaCode: string, override: { size?: number; numbers?: string[] } | null): void {
    if (!/^\d{3}$/.test(areaCode)) throw new SimulatorError(400, 'areaCode must be 3 digits');
    if (override === null) this.inventory.clearOverride(areaCode);
    else this.inventory.setOverride(areaCode, override);
  }

  // ---------------------------------------------------------------- rented numbers

  /** Rent a number. Through the API it must be available in the inventory; through the control API any number works. */
  rent(rawNumber: string, opts: RentOptions): RentedNumber {
    const number = normalizeNumber(rawNumber);
    if (!isE164Digits(number)) throw new SimulatorError(400, `invalid number ${rawNumber}`);
    if (this.rentedMap.has(number)) {
      throw new SimulatorError(400, `number ${number} is already rented by this account`);
    }
    const inv = this.inventory.lookup(number);
    if (opts.source === 'api' && !inv) throw new SimulatorError(404, `number ${number} is not available for purchase`);
    const geo = inv ? { city: inv.city, region: inv.region, countryIso: inv.countryIso } : describeNumber(number);
    const now = new Date().toISOString();
    const activated = opts.activated === true;
    const rented: RentedNumber = {
      number,
      appId: opts.appId ?? null,
      alias: opts.alias ?? null,
      addedOn: today(),
      rentedAt: now,
      activation: activated ? 'active' : 'pending',
      activatedAt: activated ? now : null,
      tendlcRegistrationStatus: activated ? 'COMPLETED' : 'PROCESSING',
      smsEnabled: inv ? inv.smsEnabled : true,
      mmsEnabled: inv ? inv.mmsEnabled : true,
      voiceEnabled: inv ? inv.voiceEnabled : true,
      monthlyRentalRate: '0.80000',
      numberType: 'local',
      country: countryName(geo.countryIso),
      countryIso: geo.countryIso,
      region: geo.region,
      city: geo.city,
      source: opts.source,
    };
    this.rentedMap.set(number, rented);
    if (!activated && this.autoActivateMs > 0) {
      const timer = setTimeout(() => {
        this.activationTimers.delete(timer);
        if (this.rentedMap.get(number) === rented) this.activate(number);
      }, this.autoActivateMs);
      timer.unref();
      this.activationTimers.add(timer);
    }
    return rented;
  }

  getRented(rawNumber: string): RentedNumber | undefined {
    return this.rentedMap.get(normalizeNumber(rawNumber));
  }

  listRented(): RentedNumber[] {
    return [...this.rentedMap.values()];
  }

  release(rawNumber: string): boolean {
    return this.rentedMap.delete(normalizeNumber(rawNumber));
  }

  updateRented(rawNumber: string, patch: { appId?: string | null; alias?: string | null }): RentedNumber {
    const rented = this.getRented(rawNumber);
    if (!rented) throw new SimulatorError(404, 'not found');
    if (patch.appId !== undefined) rented.appId = patch.appId === '' ? null : patch.appId;
    if (patch.alias !== undefined) rented.alias = patch.alias === '' ? null : patch.alias;
    return rented;
  }

  /** Mark a rented number usable (10DLC registration completed). */
  activate(rawNumber: string): RentedNumber {
    const rented = this.getRented(rawNumber);
    if (!rented) throw new SimulatorError(404, `number ${normalizeNumber(rawNumber)} is not rented`);
    if (rented.activation !== 'active') {
      rented.activation = 'active';
      rented.activatedAt = new Date().toISOString();
      rented.tendlcRegistrationStatus = 'COMPLETED';
    }
    return rented;
  }

  /** Put a rented number back to pending (registration processing). */
  deactivate(rawNumber: string): RentedNumber {
    const rented = this.getRented(rawNumber);
    if (!rented) throw new SimulatorError(404, `number ${normalizeNumber(rawNumber)} is not rented`);
    rented.activation = 'pending';
    rented.activatedAt = null;
    rented.tendlcRegistrationStatus = 'PROCESSING';
    return rented;
  }

  /** Activate every pending number; returns how many changed. */
  activateAll(): number {
    let n = 0;
    for (const r of this.rentedMap.values()) {
      if (r.activation !== 'active') {
        this.activate(r.number);
        n++;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- messages

  recordMessage(msg: MessageRecord): void {
    this.messageMap.set(msg.messageUuid, msg);
    const key = pairKey(msg.src, msg.dst);
    const pair = this.messagesByPair.get(key);
    if (pair) pair.push(msg);
    else this.messagesByPair.set(key, [msg]);
    this.counters.messages++;
    if (this.messageMap.size > this.maxMessages) {
      const oldest = this.messageMap.values().next();
      if (!oldest.done) {
        this.messageMap.delete(oldest.value.messageUuid);
        this.unindex(oldest.value);
      }
    }
  }

  private unindex(msg: MessageRecord): void {
    const key = pairKey(msg.src, msg.dst);
    const pair = this.messagesByPair.get(key);
    if (!pair) return;
    // The oldest message overall is also the oldest of its pair.
    const at = pair[0] === msg ? 0 : pair.indexOf(msg);
    if (at >= 0) pair.splice(at, 1);
    if (pair.length === 0) this.messagesByPair.delete(key);
  }

  /**
   * Plivo's "List all messages": outbound messages matching the filters, newest first, one page. Filtering on
   * both `from` and `to` reads only that pair's messages; any other filter scans the store. Without a time
   * filter, Plivo answers the last 24 hours. Messages younger than `messageListLagMs` are not listed yet.
   */
  queryMessages(q: MessageQuery, now = Date.now()): { total: number; objects: MessageRecord[] } {
    if (q.direction === 'inbound') return { total: 0, objects: [] }; // inbound texts are not stored
    const from = q.from ? normalizeNumber(q.from) : '';
    const to = q.to ? normalizeNumber(q.to) : '';
    const candidates = from && to ? this.messagesByPair.get(pairKey(from, to)) ?? [] : [...this.messageMap.values()];
    const anyTime = [q.timeEq, q.timeGt, q.timeGte, q.timeLt, q.timeLte].some((t) => t !== undefined);
    const notBefore = anyTime ? -Infinity : now - 24 * 3600_000;
    const visibleUntil = now - this.messageListLagMs;
    const matches: MessageRecord[] = [];
    for (let i = candidates.length - 1; i >= 0; i--) {
      const m = candidates[i];
      const t = Date.parse(m.receivedAt);
      if (t > visibleUntil || t < notBefore) continue;
      if (from && m.src !== from) continue;
      if (to && m.dst !== to) continue;
      if (q.state && m.status !== q.state) continue;
      if (q.type && m.type !== q.type) continue;
      if (q.timeEq !== undefined && t !== q.timeEq) continue;
      if (q.timeGt !== undefined && !(t > q.timeGt)) continue;
      if (q.timeGte !== undefined && !(t >= q.timeGte)) continue;
      if (q.timeLt !== undefined && !(t < q.timeLt)) continue;
      if (q.timeLte !== undefined && !(t <= q.timeLte)) continue;
      matches.push(m);
    }
    return { total: matches.length, objects: matches.slice(q.offset, q.offset + q.limit) };
  }

  getMessage(uuid: string): MessageRecord | undefined {
    return this.messageMap.get(uuid);
  }

  listMessages(): MessageRecord[] {
    return [...this.messageMap.values()];
  }

  get messageCount(): number {
    return this.messageMap.size;
  }

  clearMessages(): void {
    this.messageMap.clear();
    this.messagesByPair.clear();
  }

  setMessageStatus(uuid: string, status: MessageStatus): void {
    const m = this.messageMap.get(uuid);
    if (m) m.status = status;
  }

  // ---------------------------------------------------------------- faults

  addFault(spec: FaultSpec): Fault {
    const endpoint = spec.endpoint;
    if (endpoint !== '*' && !ENDPOINT_NAMES.includes(endpoint)) {
      throw new SimulatorError(400, `endpoint must be one of ${ENDPOINT_NAMES.join(', ')}, *`);
    }
    if (!FAULT_KINDS.includes(spec.kind)) throw new SimulatorError(400, `kind must be one of ${FAULT_KINDS.join(', ')}`);
    if (spec.times !== undefined && spec.times !== null && (!Number.isInteger(spec.times) || spec.times < 1)) {
      throw new SimulatorError(400, 'times must be a positive integer');
    }
    if (spec.status !== undefined && (!Number.isInteger(spec.status) || spec.status < 100 || spec.status > 599)) {
      throw new SimulatorError(400, 'status must be an HTTP status code');
    }
    if (spec.latencyMs !== undefined && (typeof spec.latencyMs !== 'number' || spec.latencyMs < 0)) {
      throw new SimulatorError(400, 'latencyMs must be a non-negative number');
    }
    if (spec.durationMs !== undefined && spec.durationMs !== null && (typeof spec.durationMs !== 'number' || spec.durationMs <= 0)) {
      throw new SimulatorError(400, 'durationMs must be a positive number');
    }
    if (spec.after && spec.kind !== 'latency' && spec.kind !== 'drop') {
      throw new SimulatorError(400, 'after applies to latency and drop faults only');
    }
    const fault: Fault = {
      id: ++this.faultSeq,
      endpoint,
      kind: spec.kind,
      status: spec.kind === 'status' ? spec.status ?? 500 : spec.kind === 'rate_limit' ? 429 : null,
      latencyMs: spec.kind === 'latency' ? spec.latencyMs ?? 1000 : null,
      remaining: spec.times ?? null,
      body: spec.body ?? null,
      after: spec.after === true,
      hits: 0,
      createdAt: new Date().toISOString(),
      expiresAt: spec.durationMs ? new Date(Date.now() + spec.durationMs).toISOString() : null,
    };
    this.faultList.push(fault);
    return fault;
  }

  listFaults(): Fault[] {
    return this.faultList.map((f) => ({ ...f }));
  }

  removeFault(id: number): boolean {
    const before = this.faultList.length;
    this.faultList = this.faultList.filter((f) => f.id !== id);
    return this.faultList.length !== before;
  }

  clearFaults(): void {
    this.faultList = [];
  }

  /**
   * Consume the faults matching a request: every matching latency fault adds its delay, and the first
   * matching status/drop/rate_limit fault decides the answer. Exhausted faults are removed.
   */
  takeFaults(endpoint: EndpointName | null): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, terminal: null, afterLatencyMs: 0, afterDrop: false, ids: [] };
    if (this.faultList.length === 0) return decision;
    const now = new Date().toISOString();
    let exhausted = false;
    if (this.faultList.some((f) => f.expiresAt !== null && f.expiresAt <= now)) {
      this.faultList = this.faultList.filter((f) => f.expiresAt === null || f.expiresAt > now);
    }
    for (const f of this.faultList) {
      if (f.endpoint !== '*' && f.endpoint !== endpoint) continue;
      if (f.after) {
        if (f.kind === 'latency') decision.afterLatencyMs += f.latencyMs ?? 0;
        else decision.afterDrop = true;
      } else if (f.kind === 'latency') {
        decision.latencyMs += f.latencyMs ?? 0;
      } else if (decision.terminal === null) {
        decision.terminal = f;
      } else {
        continue;
      }
      decision.ids.push(f.id);
      f.hits++;
      if (f.remaining !== null) {
        f.remaining--;
        if (f.remaining <= 0) exhausted = true;
      }
    }
    if (exhausted) this.faultList = this.faultList.filter((f) => f.remaining === null || f.remaining > 0);
    return decision;
  }

  // ---------------------------------------------------------------- request log

  logRequest(entry: Omit<RequestLogEntry, 'seq' | 'time' | 'status' | 'faults' | 'durationMs'>): RequestLogEntry {
    const full: RequestLogEntry = {
      seq: ++this.requestSeq,
      time: new Date().toISOString(),
      status: null,
      faults: [],
      durationMs: null,
      ...entry,
    };
    this.requestLog.push(full);
    this.counters.requests++;
    return full;
  }

  requests(filter: RequestFilter = {}): RequestLogEntry[] {
    let list = this.requestLog.toArray();
    if (filter.endpoint) list = list.filter((r) => r.endpoint === filter.endpoint);
    if (filter.method) {
      const m = filter.method.toUpperCase();
      list = list.filter((r) => r.method === m);
    }
    if (filter.limit !== undefined && filter.limit >= 0) list = list.slice(Math.max(0, list.length - filter.limit));
    return list;
  }

  clearRequests(): void {
    this.requestLog.clear();
  }

  get requestLogSize(): number {
    return this.requestLog.size;
  }
}

// ---------------------------------------------------------------- wire representations

/** Search result object, as Plivo's GET PhoneNumber/ returns it. */
export function availableToWire(n: AvailableNumber, authId: string): JsonObject {
  return {
    number: n.number,
    prefix: n.prefix,
    city: n.city,
    country: n.country,
    region: n.region,
    rate_center: n.rateCenter,
    lata: n.lata,
    type: 'fixed',
    sub_type: 'local',
    voice_enabled: n.voiceEnabled,
    sms_enabled: n.smsEnabled,
    mms_enabled: n.mmsEnabled,
    voice_rate: '0.00500',
    sms_rate: '0.00800',
    mms_rate: n.mmsEnabled ? '0.02000' : null,
    monthly_rental_rate: '0.80000',
    setup_rate: '0.00000',
    restriction: null,
    restriction_text: null,
    resource_uri: `/v1/Account/${authId}/PhoneNumber/${n.number}/`,
  };
}

/** Rented-number object, as Plivo's GET Number/{number}/ and GET Number/ return it. */
export function rentedToWire(r: RentedNumber, authId: string): JsonObject {
  const renewal = new Date(`${r.addedOn}T00:00:00Z`);
  renewal.setUTCMonth(renewal.getUTCMonth() + 1);
  return {
    number: r.number,
    alias: r.alias,
    added_on: r.addedOn,
    renewal_date: renewal.toISOString().slice(0, 10),
    app_id: r.appId,
    application: r.appId ? `/v1/Account/${authId}/Application/${r.appId}/` : null,
    carrier: 'Plivo',
    city: r.city,
    country: r.country,
    region: `${r.region}, ${r.country}`,
    number_type: r.numberType,
    monthly_rental_rate: r.monthlyRentalRate,
    sms_enabled: r.smsEnabled,
    sms_rate: '0.00000',
    mms_enabled: r.mmsEnabled,
    mms_rate: '0.00000',
    voice_enabled: r.voiceEnabled,
    voice_rate: '0.00850',
    sub_account: null,
    cnam_lookup: 'disabled',
    tendlc_registration_status: r.tendlcRegistrationStatus,
    tendlc_campaign_id: r.tendlcRegistrationStatus === 'COMPLETED' ? 'CSIMULATR' : null,
    toll_free_sms_verification: null,
    resource_uri: `/v1/Account/${authId}/Number/${r.number}/`,
  };
}

/** Plivo's time format in message records: `2026-01-31 14:05:09.123000+00:00` (UTC here). */
export function plivoTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000+00:00`
  );
}

/**
 * A `message_time` filter value as Plivo takes it: `YYYY-MM-DD HH:MM[:ss[.uuuuuu]]`, UTC. A `T` separator and a
 * trailing `Z` or offset are accepted too. Answers epoch ms, or null when the value is not such a time.
 */
export function parsePlivoTime(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec ?? 0), frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0);
  if (zone && zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    ms -= (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000;
  }
  return Number.isFinite(ms) ? ms : null;
}

/** Message object, as Plivo's GET Message/ (and GET Message/{uuid}/) returns it. */
export function messageToWire(m: MessageRecord, authId: string, sender: RentedNumber | undefined): JsonObject {
  const last = m.deliveryEvents[m.deliveryEvents.length - 1];
  const rate = m.type === 'mms' ? 0.02 : 0.005;
  const time = plivoTime(m.receivedAt);
  return {
    error_code: last && (last.status === 'failed' || last.status === 'undelivered') ? last.errorCode : '',
    from_number: m.src,
    to_number: m.dst,
    message_direction: 'outbound',
    message_state: m.status,
    message_time: time,
    message_type: m.type,
    message_uuid: m.messageUuid,
    resource_uri: `/v1/Account/${authId}/Message/${m.messageUuid}/`,
    total_amount: (rate * m.units).toFixed(5),
    total_rate: rate.toFixed(5),
    units: m.units,
    powerpack_id: null,
    tendlc_campaign_id: sender?.tendlcRegistrationStatus === 'COMPLETED' ? 'CSIMULATR' : null,
    tendlc_registration_status: sender?.tendlcRegistrationStatus === 'COMPLETED' ? 'Registered' : 'Unregistered',
    destination_country_iso2: m.dst.startsWith('1') ? 'US' : null,
    requester_ip: '127.0.0.1',
    is_domestic: m.src.startsWith('1') === m.dst.startsWith('1'),
    replaced_sender: '',
    log: m.log === false || m.log === 'false' ? false : true,
    message_sent_time: time,
    message_updated_time: last ? plivoTime(last.at) : time,
    error_message: '',
  };
}

/** Detached copy of a message for the control API (JSON-serialisable). */
export function messageToControl(m: MessageRecord): MessageRecord {
  return { ...m, deliveryEvents: m.deliveryEvents.map((e) => ({ ...e })) };
}

/** Detached copy of a rented number for the control API (JSON-serialisable). */
export function rentedToControl(r: RentedNumber): RentedNumber {
  return { ...r };
}

export function isJsonObject(v: JsonValue | undefined | null): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export { areaCodeInfo };
