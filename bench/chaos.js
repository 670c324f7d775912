'use strict';
/**
 * Chaos (issue 11): a 10,000-recipient campaign sent through a fault schedule, on PostgreSQL, against the
 * simulator in its own process — then the same campaign without faults, for the drain time to compare.
 *
 *   npm run bench -- chaos
 *   node bench/chaos.js --recipients 2000 --outage-ms 10000
 *
 * Fault schedule (seconds after the campaign starts): 2 s a burst of 429s (every send, for 2 s); 4 s late answers (30
 * texts accepted but answered 2.5 s after the adapter's 1 s timeout); 6 s an outage (every send answers 503
 * for `--outage-ms`, default 20 s); when it ends, more late answers are held and the dispatcher is killed with
 * SIGKILL; a new dispatcher process takes over. Reported: texts lost (recipients without a text), texts
 * doubled (texts beyond one per recipient), rows failed, and the drain time against the run without faults.
 * Goal: 0 lost, 0 doubled. Exports `run(options)` / `report(results)` for bench/run.js.
 */
const { spawn } = require('child_process');
const path = require('path');
const readline = require('readline');
const { ROOT, option, parseArgs, flag, benchMain, simAppEnv, loadStrapi, pgReachable, createDatabase, startSimulator, benchRecipients, createBenchCampaign } = require('./lib');

const AUTH_ID = 'MABENCHCHAOS00000001';
const AUTH_TOKEN = 'bench-chaos-token';
const DISPATCHER = path.join(ROOT, 'tests/helpers/dispatcher-process.js');

const args = () =>
  parseArgs(
    { recipients: 10_000, outageMs: 20_000 },
    {
      '--recipients': option('recipients', Number),
      '--outage-ms': option('outageMs', Number),
      '--setup': flag('setup'),
      '--number': option('number'),
      '--offset': option('offset', Number),
    }
  );
const recipients = benchRecipients;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- child: create and start one campaign

async function setup(o) {
  const strapi = await loadStrapi();
  const office = await strapi.documents('plugin::texting.office').create({
    data: { name: `Chaos ${o.number}`, timezone: 'America/New_York', sendWindowStart: 0, sendWindowEnd: 1440 },
  });
  const campaign = await createBenchCampaign(strapi, { officeDocumentId: office.documentId, number: o.number, label: `chaos ${o.number}`, count: o.recipients, offset: o.offset });
  await strapi.plugin('texting').service('campaigns').activateDue();
  process.stdout.write(`${JSON.stringify({ campaign })}\n`);
  await strapi.destroy();
  process.exit(0);
}

// ---------------------------------------------------------------- parent

function jsonLines(child) {
  const out = [];
  readline.createInterface({ input: child.stdout }).on('line', (l) => {
    try {
      out.push(JSON.parse(l));
    } catch {
      // Strapi's own output
    }
  });
  return out;
}

function startDispatcher(env) {
  const child = spawn(process.execPath, [DISPATCHER], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = jsonLines(child);
  const exited = new Promise((r) => child.once('exit', r));
  return { child, lines, exited };
}

async function outboxCounts(dbUrl, campaign) {
  const { Client } = require('pg');
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  try {
    const { rows } = await c.query('select state, count(*)::int as n from texting_outbox where campaign_document_id = $1 group by state', [campaign]);
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  } finally {
    await c.end();
  }
}

async function oneRun({ label, env, sim, db, number, offset, count, faults, outageMs }) {
  await sim.control('POST', 'rent', { number, activated: true });
  const setupChild = spawn(process.execPath, [__filename, '--setup', '--number', number, '--offset', String(offset), '--recipients', String(count)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const setupLines = jsonLines(setupChild);
  await new Promise((r) => setupChild.once('exit', r));
  const campaign = setupLines.find((l) => l.campaign)?.campaign;
  if (!campaign) throw new Error(`${label}: the setup process created no campaign`);

  let dispatcher = startDispatcher(env);
  while (!dispatcher.lines.some((l) => l.ready)) await sleep(50);
  const t0 = Date.now();
  const events = [];
  const at = (s) => sleep(Math.max(0, t0 + s * 1000 - Date.now()));
  if (faults) {
    await at(2);
    await sim.control('POST', 'faults', { endpoint: 'send', kind: 'rate_limit', durationMs: 2000 });
    events.push('2 s: every send 429 for 2 s');
    await at(4);
    await sim.control('POST', 'faults', { endpoint: 'send', kind: 'latency', latencyMs: 2500, after: true, times: 30 });
    events.push('4 s: 30 late answers (2.5 s, timeout 1 s)');
    await at(6);
    await sim.control('POST', 'faults', { endpoint: 'send', kind: 'status', status: 503, durationMs: outageMs });
    events.push(`6 s: every send 503 for ${outageMs / 1000} s`);
    await at(6 + outageMs / 1000 + 2);
    await sim.control('POST', 'faults', { endpoint: 'send', kind: 'latency', latencyMs: 5000, after: true, times: 10 });
    await sleep(500);
    dispatcher.child.kill('SIGKILL');
    await dispatcher.exited;
    events.push(`${Math.round((Date.now() - t0) / 1000)} s: dispatcher killed (SIGKILL) holding late answers; a new one started`);
    dispatcher = startDispatcher(env);
  }
  let counts = {};
  for (;;) {
    counts = await outboxCounts(db.url, campaign);
    if ((counts.sent ?? 0) + (counts.failed ?? 0) + (counts.skipped ?? 0) === count) break;
    if (Date.now() - t0 > 30 * 60_000) throw new Error(`${label}: not drained after 30 minutes: ${JSON.stringify(counts)}`);
    await sleep(200);
  }
  const drainMs = Date.now() - t0;
  dispatcher.child.kill('SIGUSR2');
  await dispatcher.exited;
  const stats = [...dispatcher.lines].reverse().find((l) => l.stats)?.stats ?? null;
  const msgs = (await sim.control('GET', `messages?src=${number.slice(1)}&limit=${count * 3}`)).filter((m) => m.src === number.slice(1));
  const per = new Map();
  for (const m of msgs) per.set(m.dst, (per.get(m.dst) ?? 0) + 1);
  const lost = recipients(count, offset).filter((r) => !per.has(r.slice(1))).length;
  const doubled = [...per.values()].reduce((a, n) => a + Math.max(0, n - 1), 0);
  return { label, drainMs, received: msgs.length, lost, doubled, failed: counts.failed ?? 0, counts, events, stats };
}

async function run(options = {}) {
  const o = { ...args(), ...options };
  if (!(await pgReachable())) return { skipped: 'PostgreSQL unreachable' };
  const load = require('os').loadavg().map((l) => l.toFixed(1)).join(' / ');
  const db = await createDatabase('texting_bench_chaos');
  const sim = await startSimulator(AUTH_ID, AUTH_TOKEN);
  try {
    // Plivo lists a text half a second after taking it; the in-doubt grace waits longer than that.
    await sim.control('POST', 'config', { messageListLagMs: 500 });
    const env = simAppEnv(sim, AUTH_ID, AUTH_TOKEN, db.url, {
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'error',
      PLIVO_TIMEOUT_MS: '1000',
      TEXTING_SEND_RATE: '0',
      TEXTING_SEND_LEASE_MS: '3000',
      TEXTING_IN_DOUBT_GRACE_MS: '1500',
      TEXTING_RETRY_BASE_MS: '200',
      TEXTING_RETRY_MAX_MS: '3000',
      TEXTING_PROBE_MS: '1000',
      TEXTING_DISPATCH_IDLE_MS: '100',
    });
    const common = { env, sim, db, count: o.recipients, outageMs: o.outageMs };
    const clean = await oneRun({ ...common, label: 'no faults', number: '+14155550950', offset: 0, faults: false });
    const chaos = await oneRun({ ...common, label: 'fault schedule', number: '+14155550951', offset: o.recipients, faults: true });
    return { recipients: o.recipients, outageMs: o.outageMs, load, clean, chaos };
  } finally {
    sim.child.kill('SIGTERM');
    await db.drop();
  }
}

function report(r) {
  if (r.skipped) return `Skipped: ${r.skipped}.`;
  const row = (x) =>
    `| ${x.label} | ${x.received} | ${x.lost} | ${x.doubled} | ${x.failed} | ${(x.drainMs / 1000).toFixed(1)} | ${x.stats ? `${x.stats.inDoubt} / ${x.stats.staleFoundSent} / ${x.stats.pauses} / ${x.stats.probes}` : '—'} |`;
  const met = r.chaos.lost === 0 && r.chaos.doubled === 0 && r.chaos.failed === 0;
  return [
    `${r.recipients.toLocaleString('en-US')} recipients, PostgreSQL, one dispatcher process at a time (unthrottled), simulator in its own process; load average at the start ${r.load}.`,
    '',
    `Fault schedule: ${r.chaos.events.join('; ')}.`,
    '',
    '| run | texts received | lost | doubled | rows failed | drain s | last dispatcher: in doubt / found sent / pauses / probes |',
    '|---|---|---|---|---|---|---|',
    row(r.clean),
    row(r.chaos),
    '',
    `Goal 0 lost, 0 doubled, 0 failed: ${met ? 'met' : 'NOT met'}. The faults cost ${((r.chaos.drainMs - r.clean.drainMs) / 1000).toFixed(1)} s over the clean run (the outage alone is ${r.outageMs / 1000} s).`,
  ].join('\n');
}

module.exports = { name: 'chaos', title: 'Chaos: sends through outages, 429s, late answers and a SIGKILL (issue 11)', run, report };

if (require.main === module) {
  const o = args();
  benchMain(() => run(o), report, () => o.setup && setup(o));
}
