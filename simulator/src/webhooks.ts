/**
 * Outgoing callbacks (inbound texts, delivery reports) — form-encoded, signed like Plivo.
 */
import * as http from 'http';
import * as https from 'https';
import { URL } from 'url';
import { signatureHeaders, type SignMode } from './signature';
import type { JsonValue, WebhookResult } from './types';

/**
 * Keep-alive agents owned by one simulator instance (destroyed by its close()). Node's http module never
 * goes through HTTP(S)_PROXY, so callbacks to 127.0.0.1 are never captured by a proxy.
 */
export interface WebhookAgents {
  http: http.Agent;
  https: https.Agent;
  destroy(): void;
}

export function createWebhookAgents(): WebhookAgents {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32 });
  return {
    http: httpAgent,
    https: httpsAgent,
    destroy: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

export interface WebhookRequest {
  url: string;
  method: 'GET' | 'POST';
  /** Form fields that are signed and sent. */
  params: Record<string, string>;
  signature: SignMode;
  authToken: string;
  /** Fields overwritten after signing (null = removed). */
  tamper?: Record<string, string | null>;
  timeoutMs?: number;
  agents?: WebhookAgents;
}

function encodeForm(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

export async function sendWebhook(req: WebhookRequest): Promise<WebhookResult> {
  const started = Date.now();
  const sigHeaders = signatureHeaders(req.signature, req.method, req.url, req.params, req.authToken);
  const sent: Record<string, string> = { ...req.params };
  if (req.tamper) {
    for (const [k, v] of Object.entries(req.tamper)) {
      if (v === null) delete sent[k];
      else sent[k] = String(v);
    }
  }
  const requestHeaders: Record<string, string> = {
    'User-Agent': 'PlivoHTTP/simulator',
    Accept: '*/*',
    ...sigHeaders,
  };
  let target: URL;
  try {
    target = new URL(req.url);
  } catch {
    return fail(req, sent, requestHeaders, `invalid url: ${req.url}`, started);
  }
  let body = '';
  if (req.method === 'POST') {
    body = encodeForm(sent);
    requestHeaders['Content-Type'] = 'application/x-www-form-urlencoded';
    requestHeaders['Content-Length'] = String(Buffer.byteLength(body));
  } else {
    const qs = encodeForm(sent);
    if (qs) target.search = target.search ? `${target.search}&${qs}` : `?${qs}`;
  }
  const isHttps = target.protocol === 'https:';
  const lib = isHttps ? https : http;
  return new Promise<WebhookResult>((resolve) => {
    const request = lib.request(
      target,
      { method: req.method, headers: requestHeaders, agent: req.agents ? (isHttps ? req.agents.https : req.agents.http) : false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: JsonValue | null = null;
          if (text) {
            try {
              json = JSON.parse(text) as JsonValue;
            } catch {
              json = null;
            }
          }
          const headers: Record<string, string | string[]> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = v;
          resolve({
            url: req.url,
            method: req.method,
            params: sent,
            requestHeaders,
            status: res.statusCode ?? 0,
            body: text,
            json,
            headers,
            error: null,
            durationMs: Date.now() - started,
          });
        });
        res.on('error', (e: Error) => resolve(fail(req, sent, requestHeaders, e.message, started)));
      },
    );
    request.setTimeout(req.timeoutMs ?? 30000, () => request.destroy(new Error(`timeout after ${req.timeoutMs ?? 30000} ms`)));
    request.on('error', (e: NodeJS.ErrnoException) => resolve(fail(req, sent, requestHeaders, e.code ? `${e.code}: ${e.message}` : e.message, started)));
    if (body) request.write(body);
    request.end();
  });
}

function fail(req: WebhookRequest, params: Record<string, string>, requestHeaders: Record<string, string>, error: string, started: number): WebhookResult {
  return {
    url: req.url,
    method: req.method,
    params,
    requestHeaders,
    status: 0,
    body: '',
    json: null,
    headers: {},
    error,
    durationMs: Date.now() - started,
  };
}
