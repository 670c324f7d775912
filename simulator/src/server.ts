/**
 * Plivo-compatible HTTP simulator (numbers search/buy/get/update/list/unrent, outbound messages),
 * with a control API for tests under /__control/.
 *
 * The real `plivo` SDK talks to it unchanged:
 *   new plivo.Client(authId, authToken, { url: `${sim.origin}/v1/Account/${authId}` })
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { randomUUID } from 'crypto';
import {
  availableToWire,
  isE164Digits,
  isJsonObject,
  messageToControl,
  messageToWire,
  normalizeNumber,
  parsePlivoTime,
  rentedToControl,
  rentedToWire,
  SimulatorError,
  SimulatorState,
  type MessageQuery,
  type RequestFilter,
  type StateOptions,
} from './state';
import { sendDeliveryReports, sendInbound, smsUnits } from './callbacks';
import { createWebhookAgents } from './webhooks';
import type {
  DeliveryReportOptions,
  DeliveryReportsSummary,
  EndpointName,
  Fault,
  FaultSpec,
  InboundOptions,
  InboundResult,
  JsonObject,
  JsonValue,
  MessageRecord,
  MessageStatus,
  RentedNumber,
  RequestLogEntry,
} from './types';

export * from './types';
export { SimulatorState, SimulatorError, normalizeNumber, parsePlivoTime, plivoTime } from './state';
export { signV2, signV3, v3BaseString } from './signature';

export interface SimulatorOptions extends StateOptions {
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Called with one line per API request (e.g. console.error) — off by default. */
  log?: (line: string) => void;
}

export interface Simulator {
  /** e.g. http://127.0.0.1:4010 */
  readonly origin: string;
  readonly host: string;
  readonly port: number;
  readonly authId: string;
  readonly authToken: string;
  /** `${origin}/v1/Account/${authId}` — pass as the SDK's `url` option. */
  readonly apiUrl: string;
  /** The live state (same object the control API reads and writes). */
  readonly state: SimulatorState;

  // In-process equivalents of the control API.
  addFault(spec: FaultSpec): Fault;
  clearFaults(): void;
  faults(): Fault[];
  requests(filter?: RequestFilter): RequestLogEntry[];
  clearRequests(): void;
  rented(): RentedNumber[];
  messages(): MessageRecord[];
  activate(number: string): RentedNumber;
  rent(number: string, opts?: { appId?: string | null; alias?: string | null; activated?: boolean }): RentedNumber;
  release(number: string): boolean;
  reset(opts?: { seed?: number }): void;
  inbound(opts: InboundOptions): Promise<InboundResult>;
  deliveryReports(opts?: DeliveryReportOptions): Promise<DeliveryReportsSummary>;

  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

interface ParsedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  rawBody: string;
  body: JsonValue | null;
  bodyError: string | null;
  contentType: string;
}

function parseQuery(qs: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!qs) return out;
  for (const [k, v] of new URLSearchParams(qs)) out[k] = v;
  return out;
}

function parseBody(raw: string, contentType: string): { body: JsonValue | null; error: string | null } {
  if (!raw || raw.trim() === '') return { body: null, error: null };
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const obj: JsonObject = {};
    for (const [k, v] of new URLSearchParams(raw)) obj[k] = v;
    return { body: obj, error: null };
  }
  try {
    return { body: JSON.parse(raw) as JsonValue, error: null };
  } catch {
    return { body: null, error: 'invalid JSON body' };
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new SimulatorError(413, 'request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, payload: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendRaw(res: http.ServerResponse, status: number, body: string, contentType: string): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendEmpty(res: http.ServerResponse, status: number): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status);
  res.end();
}

function apiError(res: http.ServerResponse, status: number, error: string, extraHeaders?: Record<string, string>): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify({ api_id: randomUUID(), error });
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...extraHeaders });
  res.end(text);
}

function str(v: JsonValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function intParam(v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : fallback;
}

// ------------------------------------------------------------------ API routing

interface ApiRoute {
  endpoint: EndpointName | null;
  accountId: string | null;
  resourceId: string | null;
  /** 404 / 405 when no endpoint matches. */
  miss: 404 | 405 | null;
}

const API_PREFIX = '/v1/Account/';

function routeApi(method: string, path: string): ApiRoute {
  const rest = path.slice(API_PREFIX.length);
  const parts = rest.split('/').filter((p) => p !== '');
  const accountId = parts[0] ?? null;
  const resource = parts[1];
  const id = parts.length > 2 ? parts.slice(2).join('/') : null;
  const r = (endpoint: EndpointName | null, miss: 404 | 405 | null = null): ApiRoute => ({ endpoint, accountId, resourceId: id, miss });
  if (accountId && resource === undefined) return method === 'GET' ? r('account') : r(null, 405);
  if (!accountId || !resource || parts.length > 3) return r(null, 404);
  if (resource === 'PhoneNumber') {
    if (id === null) return method === 'GET' ? r('search') : r(null, 405);
    return method === 'POST' ? r('buy') : r(null, 405);
  }
  if (resource === 'Number') {
    if (id === null) return method === 'GET' ? r('list') : r(null, 405);
    if (method === 'GET') return r('get');
    if (method === 'POST') return r('update');
    if (method === 'DELETE') return r('unrent');
    return r(null, 405);
  }
  if (resource === 'Message') {
    if (id === null) return method === 'POST' ? r('send') : method === 'GET' ? r('list_messages') : r(null, 405);
    return r(null, 404);
  }
  return r(null, 404);
}

// ------------------------------------------------------------------ server

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  if (!opts.authId || !opts.authToken) throw new Error('startSimulator: authId and authToken are required');
  const state = new SimulatorState(opts);
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log;
  const timers = new Set<NodeJS.Timeout>();
  const agents = createWebhookAgents();
  let closing = false;
  const expectedAuth = `Basic ${Buffer.from(`${opts.authId}:${opts.authToken}`).toString('base64')}`;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  function authOk(req: http.IncomingMessage, accountId: string | null): boolean {
    if (accountId !== opts.authId) return false;
    return req.headers.authorization === expectedAuth;
  }

  function metaFor(resource: 'PhoneNumber' | 'Number' | 'Message', query: Record<string, string>, limit: number, offset: number, total: number): JsonObject {
    const link = (off: number): string => {
      const q = new URLSearchParams({ ...query, limit: String(limit), offset: String(off) });
      return `/v1/Account/${opts.authId}/${resource}/?${q.toString()}`;
    };
    return {
      limit,
      next: offset + limit < total ? link(offset + limit) : null,
      offset,
      previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
      total_count: total,
    };
  }

  function pageParams(query: Record<string, string>): { limit: number; offset: number } {
    let limit = intParam(query.limit, 20);
    if (limit <= 0) limit = 20;
    if (limit > 20) limit = 20;
    let offset = intParam(query.offset, 0);
    if (offset < 0) offset = 0;
    return { limit, offset };
  }

  // -------------------------------------------------------------- Plivo API handlers

  function handleSearch(res: http.ServerResponse, query: Record<string, string>): void {
    const countryIso = query.country_iso;
    if (!countryIso) return apiError(res, 400, 'country_iso is a required parameter');
    const { limit, offset } = pageParams(query);
    const { total, objects } = state.search({
      countryIso,
      pattern: query.pattern,
      services: query.services,
      type: query.type,
      limit,
      offset,
    });
    sendJson(res, 200, {
      api_id: randomUUID(),
      meta: metaFor('PhoneNumber', query, limit, offset, total),
      objects: objects.map((n) => availableToWire(n, opts.authId)),
    });
  }

  function handleBuy(res: http.ServerResponse, rawNumber: string, body: JsonObject): void {
    const number = normalizeNumber(rawNumber);
    if (!isE164Digits(number)) return apiError(res, 400, `invalid number ${rawNumber}`);
    if (state.getRented(number)) return apiError(res, 400, `number ${number} is already rented by this account`);
    if (!state.isAvailable(number)) return apiError(res, 404, `number ${number} is not available for purchase`);
    state.rent(number, { appId: str(body.app_id) ?? null, source: 'api' });
    sendJson(res, 201, {
      api_id: randomUUID(),
      message: 'created',
      numbers: [{ number, status: 'Success' }],
      status: 'fulfilled',
    });
  }

  function handleGet(res: http.ServerResponse, rawNumber: string): void {
    const rented = state.getRented(rawNumber);
    if (!rented) return apiError(res, 404, 'not found');
    sendJson(res, 200, { api_id: randomUUID(), ...rentedToWire(rented, opts.authId) });
  }

  function handleUpdate(res: http.ServerResponse, rawNumber: string, body: JsonObject): void {
    if (!state.getRented(rawNumber)) return apiError(res, 404, 'not found');
    const patch: { appId?: string | null; alias?: string | null } = {};
    if ('app_id' in body) patch.appId = body.app_id === null ? null : str(body.app_id) ?? null;
    if ('alias' in body) patch.alias = body.alias === null ? null : str(body.alias) ?? null;
    state.updateRented(rawNumber, patch);
    sendJson(res, 202, { api_id: randomUUID(), message: 'changed' });
  }

  function handleList(res: http.ServerResponse, query: Record<string, string>): void {
    const { limit, offset } = pageParams(query);
    let list = state.listRented();
    const startsWith = query.number_startswith ? normalizeNumber(query.number_startswith) : '';
    if (startsWith) list = list.filter((r) => r.number.startsWith(startsWith));
    if (query.alias) list = list.filter((r) => r.alias === query.alias);
    if (query.type && !['local', 'fixed', 'any'].includes(query.type.toLowerCase())) list = [];
    if (query.tendlc_registration_status) {
      const s = query.tendlc_registration_status.toUpperCase();
      list = list.filter((r) => r.tendlcRegistrationStatus === s);
    }
    if (query.services) {
      const wanted = query.services.toLowerCase().split(',').map((s) => s.trim());
      list = list.filter(
        (r) => (!wanted.includes('sms') || r.smsEnabled) && (!wanted.includes('mms') || r.mmsEnabled) && (!wanted.includes('voice') || r.voiceEnabled),
      );
    }
    sendJson(res, 200, {
      api_id: randomUUID(),
      meta: metaFor('Number', query, limit, offset, list.length),
      objects: list.slice(offset, offset + limit).map((r) => rentedToWire(r, opts.authId)),
    });
  }

  function handleUnrent(res: http.ServerResponse, rawNumber: string): void {
    if (!state.release(rawNumber)) return apiError(res, 404, 'not found');
    sendEmpty(res, 204);
  }

  const TIME_FILTERS = { message_time: 'timeEq', message_time__gt: 'timeGt', message_time__gte: 'timeGte', message_time__lt: 'timeLt', message_time__lte: 'timeLte' } as const;

  function handleListMessages(res: http.ServerResponse, query: Record<string, string>): void {
    const { limit, offset } = pageParams(query);
    const q: MessageQuery = { limit, offset };
    const direction = query.message_direction?.toLowerCase();
    if (direction !== undefined && direction !== '') {
      if (direction !== 'inbound' && direction !== 'outbound') return apiError(res, 400, 'message_direction must be inbound or outbound');
      q.direction = direction;
    }
    for (const [param, field] of Object.entries(TIME_FILTERS)) {
      const raw = query[param];
      if (raw === undefined || raw === '') continue;
      const t = parsePlivoTime(raw);
      if (t === null) return apiError(res, 400, `${param} must be a UTC time as YYYY-MM-DD HH:MM[:ss[.uuuuuu]]`);
      q[field] = t;
    }
    if (query.from_number) q.from = query.from_number;
    if (query.to_number) q.to = query.to_number;
    if (query.message_state) q.state = query.message_state.toLowerCase();
    if (query.message_type) q.type = query.message_type.toLowerCase();
    const { total, objects } = state.queryMessages(q);
    sendJson(res, 200, {
      api_id: randomUUID(),
      meta: metaFor('Message', query, limit, offset, total),
      objects: objects.map((m) => messageToWire(m, opts.authId, state.getRented(m.src))),
    });
  }

  function handleSend(res: http.ServerResponse, body: JsonObject): void {
    const type = (str(body.type) ?? 'sms').toLowerCase();
    if (type !== 'sms' && type !== 'mms') return apiError(res, 400, `type ${type} is not supported by the simulator (sms, mms)`);
    const srcRaw = str(body.src);
    if (!srcRaw) {
      if (str(body.powerpack_uuid)) return apiError(res, 400, 'powerpack_uuid is not supported by the simulator; use src');
      return apiError(res, 400, 'src parameter is required');
    }
    const src = normalizeNumber(srcRaw);
    const rented = state.getRented(src);
    if (!rented) return apiError(res, 400, `src ${src} is not a number rented by this account`);
    if (!rented.smsEnabled) return apiError(res, 400, `src ${src} is not SMS enabled`);
    if (state.requireActivation && rented.activation !== 'active') {
      return apiError(
        res,
        400,
        `src ${src} is not yet registered for messaging (tendlc_registration_status ${rented.tendlcRegistrationStatus})`,
      );
    }
    const dstRaw = str(body.dst);
    if (!dstRaw) return apiError(res, 400, 'dst parameter is required');
    const text = str(body.text);
    const hasMedia = Array.isArray(body.media_urls) && body.media_urls.length > 0;
    if ((text === undefined || text === '') && !(type === 'mms' && hasMedia)) return apiError(res, 400, 'text parameter is required');
    if (text !== undefined && text.length > 1600) return apiError(res, 400, 'text exceeds 1600 characters');
    const url = str(body.url) ?? null;
    if (url !== null && !/^https?:\/\/\S+$/i.test(url)) return apiError(res, 400, 'url is not a valid http(s) url');
    const method = (str(body.method) ?? 'POST').toUpperCase();
    if (method !== 'GET' && method !== 'POST') return apiError(res, 400, 'method must be GET or POST');

    const dsts = dstRaw.split('<').map((d) => normalizeNumber(d));
    const valid = dsts.filter((d) => isE164Digits(d) && d !== src);
    const invalid = dsts.filter((d) => !isE164Digits(d) || d === src);
    if (valid.length === 0) {
      if (dsts.length === 1 && dsts[0] === src) return apiError(res, 400, 'src and dst cannot be the same');
      return apiError(res, 400, `invalid dst ${dstRaw}`);
    }
    const receivedAt = new Date().toISOString();
    const units = smsUnits(text ?? '');
    const uuids: string[] = [];
    for (const dst of valid) {
      const messageUuid = randomUUID();
      uuids.push(messageUuid);
      state.recordMessage({
        messageUuid,
        src,
        dst,
        text: text ?? '',
        type,
        url,
        method,
        log: body.log ?? null,
        units,
        receivedAt,
        status: 'queued',
        deliveryEvents: [],
        params: body,
      });
    }
    const answer: JsonObject = { api_id: randomUUID(), message: 'message(s) queued', message_uuid: uuids };
    if (invalid.length > 0) answer.invalid_number = invalid;
    sendJson(res, 202, answer);
  }

  /** The request is carried out as usual; its answer then leaves `latencyMs` later, or the connection drops instead. */
  function holdAnswer(req: http.IncomingMessage, res: http.ServerResponse, latencyMs: number, drop: boolean): void {
    const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
    const held = (...args: unknown[]): http.ServerResponse => {
      void (async () => {
        if (latencyMs > 0) await sleep(latencyMs);
        if (drop) req.socket.destroy();
        else if (!res.destroyed) end(...args);
      })();
      return res;
    };
    res.end = held as unknown as typeof res.end;
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, p: ParsedRequest): Promise<void> {
    const started = Date.now();
    const route = routeApi(p.method, p.path);
    const entry = state.logRequest({ method: p.method, path: p.path, endpoint: route.endpoint, query: p.query, body: p.body });
    res.on('finish', () => {
      entry.status = res.statusCode;
      entry.durationMs = Date.now() - started;
    });
    if (log) log(`${p.method} ${p.path} -> ${route.endpoint ?? 'unknown'}`);

    const decision = state.takeFaults(route.endpoint);
    entry.faults = decision.ids;
    if (decision.latencyMs > 0) {
      await sleep(decision.latencyMs);
      if (closing || res.destroyed) return;
    }
    const fault = decision.terminal;
    if (fault) {
      if (fault.kind === 'drop') {
        entry.durationMs = Date.now() - started;
        req.socket.destroy();
        return;
      }
      const status = fault.kind === 'rate_limit' ? 429 : fault.status ?? 500;
      if (fault.body !== null) {
        const isJson = /^\s*[[{]/.test(fault.body);
        return sendRaw(res, status, fault.body, isJson ? 'application/json' : 'text/plain; charset=utf-8');
      }
      if (fault.kind === 'rate_limit') return apiError(res, 429, 'Too many requests', { 'Retry-After': '1' });
      return apiError(res, status, status === 401 ? 'Authentication credentials invalid' : `simulated fault: HTTP ${status}`);
    }
    if (decision.afterLatencyMs > 0 || decision.afterDrop) holdAnswer(req, res, decision.afterLatencyMs, decision.afterDrop);

    if (!authOk(req, route.accountId)) {
      return apiError(res, 401, 'Authentication credentials invalid', { 'WWW-Authenticate': 'Basic realm="Plivo"' });
    }
    if (route.miss === 405) return apiError(res, 405, `method ${p.method} not allowed`);
    if (!route.endpoint) return apiError(res, 404, 'not found');
    if (p.bodyError) return apiError(res, 400, p.bodyError);
    const body: JsonObject = isJsonObject(p.body) ? p.body : {};
    const id = route.resourceId ?? '';
    switch (route.endpoint) {
      case 'search':
        return handleSearch(res, p.query);
      case 'buy':
        return handleBuy(res, id, body);
      case 'get':
        return handleGet(res, id);
      case 'update':
        return handleUpdate(res, id, body);
      case 'list':
        return handleList(res, p.query);
      case 'unrent':
        return handleUnrent(res, id);
      case 'send':
        return handleSend(res, body);
      case 'list_messages':
        return handleListMessages(res, p.query);
      case 'account':
        return sendJson(res, 200, {
          api_id: randomUUID(),
          account_type: 'standard',
          address: '',
          auth_id: opts.authId,
          auto_recharge: false,
          billing_mode: 'prepaid',
          cash_credits: state.cashCredits,
          city: '',
          name: 'Plivo Simulator',
          resource_uri: `/v1/Account/${opts.authId}/`,
          state: '',
          timezone: 'America/Los_Angeles',
        });
    }
  }

  // -------------------------------------------------------------- control API

  function bodyObject(p: ParsedRequest): JsonObject {
    if (p.bodyError) throw new SimulatorError(400, p.bodyError);
    if (p.body === null) return {};
    if (!isJsonObject(p.body)) throw new SimulatorError(400, 'body must be a JSON object');
    return p.body;
  }

  function optBool(v: JsonValue | undefined): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 'true') return true;
    if (v === 'false') return false;
    throw new SimulatorError(400, 'expected a boolean');
  }

  function optNumber(v: JsonValue | undefined, name: string): number | undefined {
    if (v === undefined || v === null) return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
    if (!Number.isFinite(n)) throw new SimulatorError(400, `${name} must be a number`);
    return n;
  }

  function stringRecord(v: JsonValue | undefined, name: string, allowNull: boolean): Record<string, string | null> | undefined {
    if (v === undefined || v === null) return undefined;
    if (!isJsonObject(v)) throw new SimulatorError(400, `${name} must be an object`);
    const out: Record<string, string | null> = {};
    for (const [k, val] of Object.entries(v)) {
      if (val === null && allowNull) out[k] = null;
      else out[k] = str(val) ?? '';
    }
    return out;
  }

  function faultSpecFrom(b: JsonObject): FaultSpec {
    const endpoint = str(b.endpoint) ?? '*';
    const kind = str(b.kind);
    if (!kind) throw new SimulatorError(400, 'kind is required');
    const times = b.times === null ? null : optNumber(b.times, 'times');
    return {
      endpoint: endpoint as FaultSpec['endpoint'],
      kind: kind as FaultSpec['kind'],
      status: optNumber(b.status, 'status'),
      latencyMs: optNumber(b.latencyMs ?? b.latency_ms, 'latencyMs'),
      times,
      body: b.body === undefined || b.body === null ? undefined : typeof b.body === 'string' ? b.body : JSON.stringify(b.body),
      after: optBool(b.after),
      durationMs: b.durationMs === null ? null : optNumber(b.durationMs ?? b.duration_ms, 'durationMs'),
    };
  }

  function inboundFrom(b: JsonObject): InboundOptions {
    const signature = str(b.signature);
    if (typeof b.text !== 'string') throw new SimulatorError(400, 'text is required (string)');
    return {
      from: str(b.from) ?? '',
      to: str(b.to) ?? '',
      text: b.text,
      type: str(b.type),
      intent: str(b.intent),
      messageUuid: str(b.messageUuid ?? b.message_uuid),
      url: str(b.url),
      signature: signature as InboundOptions['signature'],
      authToken: str(b.authToken ?? b.auth_token),
      tamper: stringRecord(b.tamper, 'tamper', true),
      extra: stringRecord(b.extra, 'extra', false) as Record<string, string> | undefined,
    };
  }

  function deliveryFrom(b: JsonObject): DeliveryReportOptions {
    let order: MessageStatus[] | undefined;
    if (b.order !== undefined && b.order !== null) {
      if (!Array.isArray(b.order)) throw new SimulatorError(400, 'order must be an array');
      order = b.order.map((s) => str(s) as MessageStatus);
    }
    return {
      messageUuid: str(b.messageUuid ?? b.message_uuid),
      status: str(b.status) as MessageStatus | undefined,
      errorCode: str(b.errorCode ?? b.error_code),
      order,
      url: str(b.url),
      signature: str(b.signature) as DeliveryReportOptions['signature'],
      authToken: str(b.authToken ?? b.auth_token),
      concurrency: optNumber(b.concurrency, 'concurrency'),
    };
  }

  async function handleControl(res: http.ServerResponse, p: ParsedRequest): Promise<void> {
    const parts = p.path.slice('/__control'.length).split('/').filter(Boolean).map((s) => decodeURIComponent(s));
    const m = p.method;
    const [a, b2, c] = parts;

    if (a === undefined || a === 'health') {
      return sendJson(res, 200, {
        ok: true,
        origin,
        authId: opts.authId,
        messageUrl: state.messageUrl,
        requireActivation: state.requireActivation,
        autoActivateMs: state.autoActivateMs,
        counters: { ...state.counters },
        rented: state.listRented().length,
        messages: state.messageCount,
        requestLog: state.requestLogSize,
        faults: state.listFaults().length,
      });
    }
    if (a === 'faults') {
      if (b2 === undefined && m === 'GET') return sendJson(res, 200, state.listFaults());
      if (b2 === undefined && m === 'POST') {
        const fault = state.addFault(faultSpecFrom(bodyObject(p)));
        return sendJson(res, 201, fault);
      }
      if (b2 === undefined && m === 'DELETE') {
        state.clearFaults();
        return sendJson(res, 200, { cleared: true });
      }
      if (b2 !== undefined && m === 'DELETE') {
        if (!state.removeFault(Number(b2))) throw new SimulatorError(404, `fault ${b2} not found`);
        return sendJson(res, 200, { removed: Number(b2) });
      }
    }
    if (a === 'requests' && b2 === undefined) {
      if (m === 'GET') {
        const limit = p.query.limit !== undefined ? intParam(p.query.limit, -1) : undefined;
        return sendJson(res, 200, state.requests({ endpoint: p.query.endpoint, method: p.query.method, limit }));
      }
      if (m === 'DELETE') {
        state.clearRequests();
        return sendJson(res, 200, { cleared: true });
      }
    }
    if (a === 'rented') {
      if (b2 === undefined && m === 'GET') return sendJson(res, 200, state.listRented().map(rentedToControl));
      if (b2 !== undefined && m === 'GET') {
        const r = state.getRented(b2);
        if (!r) throw new SimulatorError(404, `number ${normalizeNumber(b2)} is not rented`);
        return sendJson(res, 200, rentedToControl(r));
      }
      if (b2 !== undefined && m === 'DELETE') {
        if (!state.release(b2)) throw new SimulatorError(404, `number ${normalizeNumber(b2)} is not rented`);
        return sendJson(res, 200, { released: normalizeNumber(b2) });
      }
    }
    if (a === 'rent' && b2 === undefined && m === 'POST') {
      const body = bodyObject(p);
      const number = str(body.number);
      if (!number) throw new SimulatorError(400, 'number is required');
      const r = state.rent(number, {
        appId: str(body.app_id ?? body.appId) ?? null,
        alias: str(body.alias) ?? null,
        activated: optBool(body.activated),
        source: 'control',
      });
      return sendJson(res, 201, rentedToControl(r));
    }
    if (a === 'numbers' && m === 'POST') {
      if (b2 === 'activate-all' && c === undefined) return sendJson(res, 200, { activated: state.activateAll() });
      if (b2 !== undefined && c === 'activate') return sendJson(res, 200, rentedToControl(state.activate(b2)));
      if (b2 !== undefined && c === 'deactivate') return sendJson(res, 200, rentedToControl(state.deactivate(b2)));
    }
    if (a === 'messages') {
      if (b2 === undefined && m === 'GET') {
        let list = state.listMessages();
        if (p.query.src) {
          const s = normalizeNumber(p.query.src);
          list = list.filter((x) => x.src === s);
        }
        if (p.query.dst) {
          const d = normalizeNumber(p.query.dst);
          list = list.filter((x) => x.dst === d);
        }
        if (p.query.limit !== undefined) {
          const limit = intParam(p.query.limit, list.length);
          list = list.slice(Math.max(0, list.length - limit));
        }
        return sendJson(res, 200, list.map(messageToControl));
      }
      if (b2 === undefined && m === 'DELETE') {
        state.clearMessages();
        return sendJson(res, 200, { cleared: true });
      }
      if (b2 !== undefined && m === 'GET') {
        const msg = state.getMessage(b2);
        if (!msg) throw new SimulatorError(404, `message ${b2} not found`);
        return sendJson(res, 200, messageToControl(msg));
      }
    }
    if (a === 'inbound' && b2 === undefined && m === 'POST') {
      const result = await sendInbound(state, inboundFrom(bodyObject(p)), agents);
      return sendJson(res, 200, result);
    }
    if (a === 'delivery-reports' && b2 === undefined && m === 'POST') {
      const result = await sendDeliveryReports(state, deliveryFrom(bodyObject(p)), agents);
      return sendJson(res, 200, result);
    }
    if (a === 'inventory') {
      if (b2 === undefined && m === 'GET') return sendJson(res, 200, state.inventory.listOverrides());
      if (b2 === undefined && m === 'POST') {
        const body = bodyObject(p);
        const areaCode = str(body.areaCode ?? body.area_code);
        if (!areaCode) throw new SimulatorError(400, 'areaCode is required');
        const size = optNumber(body.size ?? body.count, 'size');
        let numbers: string[] | undefined;
        if (body.numbers !== undefined && body.numbers !== null) {
          if (!Array.isArray(body.numbers)) throw new SimulatorError(400, 'numbers must be an array');
          numbers = body.numbers.map((n) => str(n) ?? '');
        }
        state.setInventory(areaCode, { size, numbers });
        return sendJson(res, 200, { areaCode, size: size ?? null, numbers: numbers ?? null });
      }
      if (b2 !== undefined && m === 'DELETE') {
        state.setInventory(b2, null);
        return sendJson(res, 200, { cleared: b2 });
      }
    }
    if (a === 'config') {
      if (m === 'POST') {
        const body = bodyObject(p);
        if ('messageUrl' in body) state.messageUrl = str(body.messageUrl) ?? null;
        const ra = optBool(body.requireActivation);
        if (ra !== undefined) state.requireActivation = ra;
        const aa = optNumber(body.autoActivateMs, 'autoActivateMs');
        if (aa !== undefined) state.autoActivateMs = Math.max(0, aa);
        const lag = optNumber(body.messageListLagMs, 'messageListLagMs');
        if (lag !== undefined) state.messageListLagMs = Math.max(0, lag);
        const credits = optNumber(body.cashCredits, 'cashCredits');
        if (credits !== undefined) state.cashCredits = credits.toFixed(5);
      }
      if (m === 'POST' || m === 'GET') {
        return sendJson(res, 200, {
          messageUrl: state.messageUrl,
          requireActivation: state.requireActivation,
          autoActivateMs: state.autoActivateMs,
          messageListLagMs: state.messageListLagMs,
          cashCredits: state.cashCredits,
        });
      }
    }
    if (a === 'reset' && m === 'POST') {
      const body = bodyObject(p);
      state.reset({ seed: optNumber(body.seed, 'seed') });
      return sendJson(res, 200, { reset: true });
    }
    throw new SimulatorError(404, `no control route ${m} ${p.path}`);
  }

  // -------------------------------------------------------------- dispatcher

  async function dispatch(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const qAt = rawUrl.indexOf('?');
    const path = qAt === -1 ? rawUrl : rawUrl.slice(0, qAt);
    const query = parseQuery(qAt === -1 ? '' : rawUrl.slice(qAt + 1));
    const method = (req.method ?? 'GET').toUpperCase();
    const contentType = String(req.headers['content-type'] ?? '');
    const rawBody = await readBody(req);
    const parsed = parseBody(rawBody, contentType);
    const p: ParsedRequest = { method, path, query, rawBody, body: parsed.body, bodyError: parsed.error, contentType };

    if (path.startsWith(API_PREFIX)) return handleApi(req, res, p);
    if (path === '/__control' || path.startsWith('/__control/')) {
      try {
        return await handleControl(res, p);
      } catch (e) {
        if (e instanceof SimulatorError) return sendJson(res, e.status, { error: e.message });
        throw e;
      }
    }
    return apiError(res, 404, 'not found');
  }

  const server = http.createServer((req, res) => {
    dispatch(req, res).catch((e: unknown) => {
      if (e instanceof SimulatorError) return apiError(res, e.status, e.message);
      const message = e instanceof Error ? e.message : String(e);
      if (log) log(`simulator error: ${message}`);
      apiError(res, 500, `simulator internal error: ${message}`);
    });
  });
  // Keep idle keep-alive sockets longer than the SDK's agent reuses them, to avoid reuse/close races.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error): void => reject(e);
    server.once('error', onError);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const port = address.port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const sim: Simulator = {
    origin,
    host,
    port,
    authId: opts.authId,
    authToken: opts.authToken,
    apiUrl: `${origin}/v1/Account/${opts.authId}`,
    state,
    addFault: (spec) => state.addFault(spec),
    clearFaults: () => state.clearFaults(),
    faults: () => state.listFaults(),
    requests: (filter) => state.requests(filter),
    clearRequests: () => state.clearRequests(),
    rented: () => state.listRented(),
    messages: () => state.listMessages(),
    activate: (number) => state.activate(number),
    rent: (number, o = {}) => state.rent(number, { appId: o.appId ?? null, alias: o.alias ?? null, activated: o.activated, source: 'control' }),
    release: (number) => state.release(number),
    reset: (o) => state.reset(o),
    inbound: (o) => sendInbound(state, o, agents),
    deliveryReports: (o = {}) => sendDeliveryReports(state, o, agents),
    close: () =>
      new Promise<void>((resolve) => {
        if (closing) return resolve();
        closing = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        state.dispose();
        server.close(() => resolve());
        server.closeAllConnections();
        agents.destroy();
      }),
  };
  return sim;
}
