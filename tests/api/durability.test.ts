/**
 * Issue 14, item 3: the group-committed webhook keeps rule 9 under load and across a crash. Signed inbound
 * texts are fired at full speed (16 connections) at a Strapi serving in a CHILD process; once some have
 * been answered it is SIGKILLed with requests in flight, and another child starts on the same database.
 * Then:
 *  - every MessageUUID that got a 200 has exactly one stored row (a 200 means committed);
 *  - the texts that got no answer, sent again as Plivo retries them (the same request, then re-signed with
 *    a fresh nonce), end up stored exactly once: the exact copy answers 200 when its first attempt died
 *    uncommitted (nothing of it, nonce included, was kept) or 403 when it was committed (its nonce is
 *    taken), and the re-signed one answers 200 either way, without a second row;
 *  - one contact's texts, even in one batch, never opened two conversations in the same inbox.
 * The in-process app (tests/helpers/app.ts) only creates the database, the fixtures and reads the results.
 */
import http from 'http';
import path from 'path';
import readline from 'readline';
import { spawn, type ChildProcess } from 'child_process';
import { startAppWithSimulator, type PlivoApp } from '../helpers/plivo';
import { freePort, ROOT } from '../helpers/app';
import { makeNumber, makeOffice, uuid, type NumberDoc } from '../helpers/inbound';
import { signV3 } from '../../simulator/src/server';

const WEBHOOK = '/api/texting/webhooks/plivo/message';
const CONTACTS = 40;
const CONNECTIONS = 16;
/** The crash comes once this many texts were answered 200. */
const KILL_AFTER = 150;

let env: PlivoApp;
let line: NumberDoc;
let seq = 0;

interface Child {
  proc: ChildProcess;
  url: string;
  ready: Promise<void>;
  exited: Promise<unknown>;
}

/** A Strapi serving HTTP in a child process, on the test's database, at `port` (PUBLIC_URL follows). */
function startChild(port: number): Child {
  const url = `http://127.0.0.1:${port}`;
  const proc = spawn(process.execPath, [path.join(ROOT, 'tests/helpers/webhook-process.js')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), PUBLIC_URL: url, TEXTING_JOBS: 'false', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise((resolve) => proc.on('close', resolve));
  const ready = new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: proc.stdout! }).on('line', (l) => l.includes('"ready":true') && resolve());
    void exited.then((code) => reject(new Error(`webhook child exited (${String(code)}) before it listened: ${stderr}`)));
  });
  ready.catch(() => undefined);
  return { proc, url, ready, exited };
}

interface Signed {
  uuid: string;
  params: Record<string, string>;
  headers: Record<string, string>;
}

function sign(url: string, params: Record<string, string>): Signed {
  const nonce = `7${String(Date.now()).padStart(15, '0')}${String(++seq).padStart(6, '0')}`;
  const sig = signV3('POST', `${url}${WEBHOOK}`, params, nonce, env.sim.authToken);
  return { uuid: params.MessageUUID, params, headers: { 'X-Plivo-Signature-V3': sig, 'X-Plivo-Signature-V3-Nonce': nonce } };
}

/** The status of one POST, or 0 when no answer came (reset, refused: the process died). */
function post(url: string, s: Signed, agent: http.Agent): Promise<number> {
  const body = new URLSearchParams(s.params).toString();
  return new Promise((resolve) => {
    const req = http.request(
      `${url}${WEBHOOK}`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), ...s.headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      }
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** `CONNECTIONS` workers send `list` in order until it ends or `stop()` says so; statuses by index. */
async function fire(url: string, list: Signed[], stop: () => boolean, onStatus: (status: number) => void = () => undefined) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const statuses: Array<number | undefined> = new Array(list.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < list.length && !stop()) {
        const i = next++;
        statuses[i] = await post(url, list[i], agent);
        onStatus(statuses[i]!);
      }
    })
  );
  agent.destroy();
  return statuses;
}

const storedCounts = async (uuids: string[]) => {
  const rows = (await env.app.strapi.db
    .connection('texting_messages')
    .select('message_uuid')
    .count({ n: '*' })
    .whereIn('message_uuid', uuids)
    .groupBy('message_uuid')) as Array<{ message_uuid: string; n: number | string }>;
  return new Map(rows.map((r) => [r.message_uuid, Number(r.n)]));
};

beforeAll(async () => {
  env = await startAppWithSimulator();
  const office = await makeOffice(env.app.strapi, 'Durability Office');
  line = await makeNumber(env.app.strapi, env.sim, '+14155550733', office, { responseType: 'agent', inboxOffices: [office] });
});
afterAll(() => env?.stop());

it('SIGKILL mid-stream: every 200 is stored, and Plivo retries of the unanswered ones are stored exactly once', async () => {
  const port = await freePort();
  let child = startChild(port);
  await child.ready;
  const texts = Array.from({ length: 4000 }, (_, i) =>
    sign(child.url, {
      // Contacts are new at first (created in the batch), then most texts join an open conversation.
      From: String(16175510000 + (i % CONTACTS)),
      To: line.phoneNumber.slice(1),
      Text: `Durability text ${i}`,
      Type: 'sms',
      MessageUUID: uuid(),
    })
  );

  let ok = 0;
  let killed = false;
  const firing = fire(child.url, texts, () => killed, (status) => {
    if (status === 200 && ++ok >= KILL_AFTER && !killed) {
      killed = true;
      child.proc.kill('SIGKILL');
    }
  });
  const statuses = await firing;
  await child.exited;
  expect(killed).toBe(true);

  const sent = texts.map((t, i) => ({ ...t, status: statuses[i] })).filter((t) => t.status !== undefined);
  const answered = sent.filter((t) => t.status === 200);
  const unanswered = sent.filter((t) => t.status === 0);
  // Nothing but 200s before the crash, and no answer after it.
  expect(sent.filter((t) => t.status !== 0 && t.status !== 200)).toEqual([]);
  expect(answered.length).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(unanswered.length).toBeGreaterThan(0);

  // Every 200 has its row, exactly one.
  const afterCrash = await storedCounts(answered.map((t) => t.uuid));
  expect(answered.filter((t) => afterCrash.get(t.uuid) !== 1).map((t) => t.uuid)).toEqual([]);

  // The same app starts again on the same database and address.
  child = startChild(port);
  await child.ready;
  try {
    // Plivo's retries: first the very same request (same signature and nonce). The nonce was claimed in the
    // transaction that stored the text, so the copy is refused exactly when the text was committed.
    const storedAtCrash = await storedCounts(unanswered.map((t) => t.uuid));
    const replays = await fire(child.url, unanswered, () => false);
    expect(unanswered.map((t, i) => [t.uuid, replays[i]])).toEqual(unanswered.map((t) => [t.uuid, storedAtCrash.get(t.uuid) ? 403 : 200]));
    // ... then re-signed with a fresh nonce: accepted, and stored only if it was not already.
    const resigned = await fire(child.url, unanswered.map((t) => sign(child.url, t.params)), () => false);
    expect(resigned.filter((s) => s !== 200)).toEqual([]);
  } finally {
    child.proc.kill('SIGTERM');
    await child.exited;
  }

  const all = await storedCounts(sent.map((t) => t.uuid));
  expect(sent.filter((t) => all.get(t.uuid) !== 1).map((t) => `${t.uuid}: ${all.get(t.uuid) ?? 0}`)).toEqual([]);

  // One open conversation per contact in the office inbox, whatever the batches held.
  const open = (await env.app.strapi.db.query('plugin::texting.conversation').findMany({
    where: { status: 'open' },
    populate: { contact: { select: ['phoneNumber'] }, inboxOffice: { select: ['id'] } },
  })) as Array<{ contact: { phoneNumber: string } | null; inboxOffice: { id: number } | null }>;
  const perContact = new Map<string, number>();
  for (const c of open) {
    const key = `${c.contact?.phoneNumber}:${c.inboxOffice?.id}`;
    perContact.set(key, (perContact.get(key) ?? 0) + 1);
  }
  expect(perContact.size).toBe(CONTACTS);
  expect([...perContact.values()].filter((n) => n !== 1)).toEqual([]);
});
