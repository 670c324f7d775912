/**
 * Campaign test helpers: the app with an in-process simulator, offices/agents/numbers through the shared
 * fixtures, recipients, the campaign API, the job ticks as services expose them, and dispatcher child
 * processes (each a Strapi instance of its own on the test's database) for the multi-instance tests.
 */
import { spawn, type ChildProcess } from 'child_process';
import path from 'path';
import readline from 'readline';
import type { Core } from '@strapi/strapi';
import type request from 'supertest';
import { ROOT } from './app';
import type { Simulator } from '../../simulator/src/server';
import { makeNumber, type Doc } from './inbound';
import type { DispatchStats } from '../../src/plugins/texting/server/src/services/campaigns/dispatcher';

export interface CampaignApi {
  http: () => request.Agent;
  auth: Record<string, string>;
}

/** `n` distinct valid US numbers (617-200-xxxx and up), E.164. */
export const recipientNumbers = (n: number, from = 0, area = '617') =>
  Array.from({ length: n }, (_, i) => `+1${area}${String(2000000 + from + i).padStart(7, '0')}`);

export const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

export const campaignsService = (strapi: Core.Strapi) =>
  strapi.plugin('texting').service('campaigns') as {
    activateDue(now?: Date): Promise<{ activated: Array<{ documentId: string; queued: number }>; held: Array<{ documentId: string; reason: string }> }>;
    archiveDue(now?: Date): Promise<{ archived: Array<{ documentId: string }>; released: string[]; releaseFailed: Array<{ phoneNumber: string; reason: string }> }>;
    releaseSingleUse(now?: Date): Promise<{ released: string[]; releaseFailed: Array<{ phoneNumber: string; reason: string }> }>;
  };

// The dispatcher's own type: a test cannot drift from the stats the service reports.
export type { DispatchStats };

export const dispatcherService = (strapi: Core.Strapi) =>
  strapi.plugin('texting').service('dispatcher') as {
    instanceId: string;
    drain(): Promise<DispatchStats>;
    configure(over: Record<string, unknown>): void;
    resetStats(): void;
    stats(): DispatchStats;
  };

/** Outbox rows of a campaign by state. */
export async function outboxCounts(strapi: Core.Strapi, campaignDocumentId: string): Promise<Record<string, number>> {
  const rows = (await strapi.db
    .connection('texting_outbox')
    .select('state')
    .count({ n: '*' })
    .where({ campaign_document_id: campaignDocumentId })
    .groupBy('state')) as Array<{ state: string; n: number | string }>;
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** Creates a draft through the API and answers its body (fails the test on a non-201). */
export async function createCampaign(api: CampaignApi, body: Record<string, unknown>) {
  const res = await api.http().post('/texting/campaigns').set(api.auth).send(body);
  if (res.status !== 201) throw new Error(`create campaign answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as { data: { documentId: string; [k: string]: unknown }; meta: Record<string, unknown> };
}

export async function scheduleCampaign(api: CampaignApi, documentId: string) {
  const res = await api.http().post(`/texting/campaigns/${documentId}/schedule`).set(api.auth).send({});
  if (res.status !== 200) throw new Error(`schedule answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * A campaign of `count` recipients (from `recipientNumbers(count, from)`) on a new bot number of `office`,
 * scheduled to start now and ending in an hour. `activate`: also run the scheduler's start (recipients queued).
 */
export async function campaignOnNewNumber(
  env: { strapi: Core.Strapi; sim: Simulator; api: CampaignApi },
  office: Doc,
  number: string,
  count: number,
  from: number,
  opts: { activate?: boolean; name?: string; message?: string } = {}
): Promise<string> {
  const n = await makeNumber(env.strapi, env.sim, number, office, { responseType: 'bot' });
  const { data } = await createCampaign(env.api, {
    name: opts.name ?? `Campaign ${number}`,
    office: office.documentId,
    phoneNumber: n.documentId,
    message: opts.message ?? 'Orientation starts Monday at 9.',
    sendAt: minutesFromNow(-1),
    archiveAt: minutesFromNow(60),
    recipients: recipientNumbers(count, from),
  });
  await scheduleCampaign(env.api, data.documentId);
  if (opts.activate) await campaignsService(env.strapi).activateDue();
  return data.documentId;
}

/* ------------------------------------------------------------------ dispatcher child processes */

export interface DispatcherChild {
  proc: ChildProcess;
  /** Parsed JSON lines the child printed (`{ready}`, `{stats}`). */
  lines: Array<Record<string, unknown>>;
  /** Everything else it printed (Strapi's log), newest last, for failure messages. */
  logs: string[];
  ready: Promise<void>;
  exited: Promise<number | null>;
  stop(): Promise<DispatchStats | null>;
  kill(): Promise<void>;
}

/**
 * A Strapi instance in a child process, on the same database as the test's app (its environment comes from
 * process.env, which startApp filled), running the dispatcher until told to stop. `env` adds settings.
 */
export function startDispatcherChild(env: Record<string, string> = {}): DispatcherChild {
  const proc = spawn(process.execPath, [path.join(ROOT, 'tests/helpers/dispatcher-process.js')], {
    cwd: ROOT,
    env: { ...process.env, TEXTING_JOBS: 'false', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  const logs: string[] = [];
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
    logs.push(d.toString());
  });
  // 'close', not 'exit': the last stdout line (the final stats) may still be unread at 'exit'.
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: proc.stdout! }).on('line', (line) => {
      try {
        const msg = JSON.parse(line) as Record<string, unknown>;
        lines.push(msg);
        if (msg.ready) resolve();
      } catch {
        logs.push(line);
        if (logs.length > 200) logs.shift();
      }
    });
    void exited.then((code) => reject(new Error(`dispatcher child exited (${code}) before it was ready: ${stderr}`)));
  });
  ready.catch(() => undefined);
  return {
    proc,
    lines,
    logs,
    ready,
    exited,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGUSR2');
      await exited;
      const last = [...lines].reverse().find((l) => l.stats);
      return (last?.stats as DispatchStats | undefined) ?? null;
    },
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

export async function waitUntil(fn: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
