/**
 * Builders for the callbacks Plivo makes to the application: inbound texts and delivery reports.
 */
import { randomUUID } from 'crypto';
import { normalizeNumber, SimulatorError, type SimulatorState } from './state';
import { sendWebhook, type WebhookAgents } from './webhooks';
import type {
  DeliveryReportOptions,
  DeliveryReportResult,
  DeliveryReportsSummary,
  InboundOptions,
  InboundResult,
  MessageRecord,
  MessageStatus,
  SignatureMode,
} from './types';
import { MESSAGE_STATUSES } from './types';

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXT = '^{}\\[~]|€\f';
const GSM_BASIC_SET = new Set(GSM_BASIC);
const GSM_EXT_SET = new Set(GSM_EXT);

/** Number of SMS segments ("units") a text takes: GSM-7 160/153, otherwise UCS-2 70/67. */
export function smsUnits(text: string): number {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC_SET.has(ch)) septets += 1;
    else if (GSM_EXT_SET.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  const codeUnits = text.length; // UTF-16 code units
  return codeUnits <= 70 ? 1 : Math.ceil(codeUnits / 67);
}

function checkMode(mode: string | undefined): SignatureMode {
  const m = mode ?? 'v3';
  if (m !== 'v3' && m !== 'v2' && m !== 'both' && m !== 'none') {
    throw new SimulatorError(400, 'signature must be one of v3, v2, both, none');
  }
  return m;
}

/** Plivo-style timestamp, e.g. "2024-05-01 12:34:56". */
function plivoTime(d: Date): string {
  return d.toISOString().replace('T', ' ').slice(0, 19);
}

export async function sendInbound(state: SimulatorState, opts: InboundOptions, agents?: WebhookAgents): Promise<InboundResult> {
  if (typeof opts.from !== 'string' || !opts.from) throw new SimulatorError(400, 'from is required');
  if (typeof opts.to !== 'string' || !opts.to) throw new SimulatorError(400, 'to is required');
  if (typeof opts.text !== 'string') throw new SimulatorError(400, 'text is required');
  const url = opts.url ?? state.messageUrl;
  if (!url) throw new SimulatorError(400, 'no url given and the simulator has no messageUrl configured');
  const signature = checkMode(opts.signature);
  const messageUuid = opts.messageUuid ?? randomUUID();
  const params: Record<string, string> = {
    From: normalizeNumber(opts.from),
    To: normalizeNumber(opts.to),
    Text: opts.text,
    Type: opts.type ?? 'sms',
    MessageUUID: messageUuid,
    Units: String(smsUnits(opts.text)),
    TotalRate: '0.00000',
    TotalAmount: '0.00000',
    PowerpackUUID: '',
  };
  if (opts.intent !== undefined && opts.intent !== null && opts.intent !== '') params.MessageIntent = opts.intent;
  if (opts.extra) for (const [k, v] of Object.entries(opts.extra)) params[k] = String(v);
  const result = await sendWebhook({
    url,
    method: 'POST',
    params,
    signature,
    authToken: opts.authToken ?? state.authToken,
    tamper: opts.tamper,
    agents,
  });
  return { ...result, messageUuid };
}

const SMS_RATE = 0.005;

function defaultErrorCode(status: MessageStatus): string {
  if (status === 'failed') return '1000';
  if (status === 'undelivered') return '80';
  return '000';
}

async function sendReportsForMessage(
  state: SimulatorState,
  msg: MessageRecord,
  statuses: MessageStatus[],
  opts: DeliveryReportOptions,
  signature: SignatureMode,
  agents: WebhookAgents | undefined,
): Promise<DeliveryReportResult[]> {
  const out: DeliveryReportResult[] = [];
  const url = opts.url ?? msg.url;
  if (!url) return out;
  const method: 'GET' | 'POST' = msg.method.toUpperCase() === 'GET' && !opts.url ? 'GET' : 'POST';
  for (const status of statuses) {
    const errorCode = opts.errorCode ?? defaultErrorCode(status);
    const billed = status !== 'queued';
    const params: Record<string, string> = {
      MessageUUID: msg.messageUuid,
      Status: status,
      ErrorCode: errorCode,
      To: msg.dst,
      From: msg.src,
      TotalRate: billed ? SMS_RATE.toFixed(5) : '0.00000',
      TotalAmount: billed ? (SMS_RATE * msg.units).toFixed(5) : '0.00000',
      Units: String(msg.units),
      MessageTime: plivoTime(new Date()),
    };
    const result = await sendWebhook({ url, method, params, signature, authToken: opts.authToken ?? state.authToken, agents });
    msg.status = status;
    msg.deliveryEvents.push({ status, errorCode, at: new Date().toISOString(), responseStatus: result.status });
    out.push({ messageUuid: msg.messageUuid, status, result });
  }
  return out;
}

export async function sendDeliveryReports(
  state: SimulatorState,
  opts: DeliveryReportOptions,
  agents?: WebhookAgents,
): Promise<DeliveryReportsSummary> {
  const signature = checkMode(opts.signature);
  let statuses: MessageStatus[];
  if (opts.order !== undefined) {
    if (!Array.isArray(opts.order) || opts.order.length === 0) throw new SimulatorError(400, 'order must be a non-empty array of statuses');
    statuses = opts.order;
  } else {
    statuses = [opts.status ?? 'delivered'];
  }
  for (const s of statuses) {
    if (!MESSAGE_STATUSES.includes(s)) throw new SimulatorError(400, `status must be one of ${MESSAGE_STATUSES.join(', ')}`);
  }
  let targets: MessageRecord[];
  if (opts.messageUuid) {
    const msg = state.getMessage(opts.messageUuid);
    if (!msg) throw new SimulatorError(404, `message ${opts.messageUuid} not found`);
    if (!msg.url && !opts.url) throw new SimulatorError(400, `message ${opts.messageUuid} has no status url`);
    targets = [msg];
  } else {
    targets = state.listMessages().filter((m) => m.url !== null || opts.url !== undefined);
  }
  const concurrency = Math.max(1, Math.min(64, opts.concurrency ?? 8));
  const perMessage: DeliveryReportResult[][] = new Array<DeliveryReportResult[]>(targets.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const i = next++;
      perMessage[i] = await sendReportsForMessage(state, targets[i], statuses, opts, signature, agents);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, () => worker()));
  const reports = perMessage.flat();
  const failed = reports.filter((r) => r.result.error !== null || r.result.status < 200 || r.result.status >= 300).length;
  return { sent: reports.length, failed, reports };
}
