'use strict';
/**
 * Campaign dispatch: a 10,000-recipient campaign sent by one Strapi instance to the Plivo simulator, on
 * PostgreSQL — once unthrottled, once throttled to a set rate per number.
 *
 *   node bench/dispatch.js                                # 10,000 recipients, throttled run at 250/s
 *   node bench/dispatch.js --recipients 2000 --rate 100 --concurrency 32
 *
 * The simulator runs as a process of its own (`node simulator/dist/cli.js`), the app in another (Strapi is
 * a process-wide singleton); this process only orchestrates. Each run: the scheduler's tick starts the
 * campaign (recipients into the outbox, timed separately), then the dispatcher drains the outbox; the rate is
 * the texts the simulator received divided by the time from the first to the last one. Every run checks that
 * the simulator got exactly one text per recipient.
 *
 * Goals (issue 7): unthrottled ≥ 500 texts/s; throttled within ±10 % of the set rate.
 * Exports `run(options)` / `report(results)` for bench/run.js; prints a table when run directly.
 */
const { spawn } = require('child_process');
const readline = require('readline');
const { ROOT, option, flag, parseArgs, benchMain, simAppEnv, loadStrapi, pgReachable, createDatabase, startSimulator, benchRecipients, createBenchCampaign } = require('./lib');

const AUTH_ID = 'MABENCHDISPATCH00001';
const AUTH_TOKEN = 'bench-dispatch-token';
const GOALS = { unthrottled: 500, tolerance: 0.1 };

const args = () =>
  parseArgs(
    { recipients: 10_000, rate: 250, concurrency: 16, batch: 50 },
    {
      '--recipients': option('recipients', Number),
      '--rate': option('rate', Number),
      '--concurrency': option('concurrency', Number),
      '--batch': option('batch', Number),
      '--serve': flag('serve'),
    }
  );
const recipients = benchRecipients;

// ---------------------------------------------------------------- child: the app, driven over stdin/stdout

async function serve() {
  const strapi = await loadStrapi();
  const campaigns = strapi.plugin('texting').service('campaigns');
  const dispatcher = strapi.plugin('texting').service('dispatcher');
  const office = await strapi.documents('plugin::texting.office').create({
    data: { name: 'Bench office', timezone: 'America/New_York', sendWindowStart: 0, sendWindowEnd: 1440 },
  });
  const reply = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);
  reply({ ready: true });

  readline.createInterface({ input: process.stdin }).on('line', async (line) => {
    const cmd = JSON.parse(line);
    if (cmd.quit) {
      await strapi.destroy();
      process.exit(0);
    }
    if (cmd.baseline) {
      // The floor: the same sends through the bare plivo SDK, same concurrency, no database.
      const plivo = require('plivo');
      const client = new plivo.Client(process.env.PLIVO_AUTH_ID, process.env.PLIVO_AUTH_TOKEN, {
        url: `${process.env.PLIVO_API_URL}/v1/Account/${process.env.PLIVO_AUTH_ID}`,
      });
      const to = recipients(cmd.count, cmd.offset);
      let next = 0;
      const cpu0 = process.cpuUsage();
      const t0 = Date.now();
      await Promise.all(
        Array.from({ length: cmd.concurrency }, async () => {
          while (next < to.length) {
            const dst = to[next++];
            await client.messages.create(cmd.number.slice(1), dst.slice(1), 'Admitted students day is Saturday at 10. Reply STOP to opt out', {
              url: `${process.env.PUBLIC_URL}/api/texting/webhooks/plivo/status`,
              method: 'POST',
            });
          }
        })
      );
      const cpu = process.cpuUsage(cpu0);
      reply({ label: cmd.label, drainMs: Date.now() - t0, cpuMsPerText: Math.round(((cpu.user + cpu.system) / 1000 / to.length) * 100) / 100, enqueueMs: 0 });
      return;
    }
    // One measured run: a number, a campaign of `count` recipients, start, drain.
    const campaign = {
      documentId: await createBenchCampaign(strapi, { officeDocumentId: office.documentId, number: cmd.number, label: cmd.label, count: cmd.count, offset: cmd.offset }),
    };
    dispatcher.configure({ ratePerSecond: cmd.rate, concurrency: cmd.concurrency, batchSize: cmd.batch });
    dispatcher.resetStats();
    const t0 = Date.now();
    const started = await campaigns.activateDue();
    const t1 = Date.now();
    const cpu0 = process.cpuUsage();
    const stats = await dispatcher.drain();
    const cpu = process.cpuUsage(cpu0);
    const t2 = Date.now();
    const left = await strapi.db.connection('texting_outbox').where({ campaign_document_id: campaign.documentId }).whereNot({ state: 'sent' }).count({ n: '*' });
    reply({
      label: cmd.label,
      queued: started.activated[0]?.queued ?? 0,
      enqueueMs: t1 - t0,
      drainMs: t2 - t1,
      // CPU the app spent per text while draining: the figure that does not depend on other load on the machine.
      cpuMsPerText: Math.round(((cpu.user + cpu.system) / 1000 / Math.max(1, stats.sent)) * 100) / 100,
      stats,
      notSent: Number(left[0].n),
    });
  });
}

// ---------------------------------------------------------------- parent

function lines(child, onLine) {
  readline.createInterface({ input: child.stdout }).on('line', (l) => {
    try {
      onLine(JSON.parse(l));
    } catch {
      // Strapi's own output
    }
  });
}

async function run(options = {}) {
  const o = { ...args(), ...options };
  // Other processes on the machine change the achieved rate; the report says how busy it was.
  const load = require('os').loadavg().map((l) => l.toFixed(1)).join(' / ');
  if (!(await pgReachable())) return { skipped: 'PostgreSQL unreachable' };
  const db = await createDatabase('texting_bench_dispatch');
  const sim = await startSimulator(AUTH_ID, AUTH_TOKEN);
  let app;
  try {
    // BENCH_NODE_ARGS: extra node flags for the app process (diagnostics, e.g. `--cpu-prof`).
    const nodeArgs = (process.env.BENCH_NODE_ARGS || '').split(' ').filter(Boolean);
    app = spawn(process.execPath, [...nodeArgs, __filename, '--serve'], {
      cwd: ROOT,
      env: simAppEnv(sim, AUTH_ID, AUTH_TOKEN, db.url),
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const waiting = [];
    lines(app, (msg) => waiting.shift()?.(msg));
    const next = () => new Promise((resolve) => waiting.push(resolve));
    const exited = new Promise((_, reject) => app.once('exit', (code) => reject(new Error(`app exited with ${code}`))));
    await Promise.race([next(), exited]);

    const measure = async (label, number, rate, offset, baseline = false) => {
      await sim.control('POST', 'rent', { number, activated: true });
      app.stdin.write(`${JSON.stringify({ label, number, count: o.recipients, offset, rate, concurrency: o.concurrency, batch: o.batch, baseline })}\n`);
      const r = await Promise.race([next(), exited]);
      const msgs = (await sim.control('GET', `messages?src=${number.slice(1)}&limit=${o.recipients * 2}`)).filter((m) => m.src === number.slice(1));
      const times = msgs.map((m) => Date.parse(m.receivedAt)).sort((a, b) => a - b);
      const spanMs = times.length > 1 ? times[times.length - 1] - times[0] : 0;
      const distinct = new Set(msgs.map((m) => m.dst)).size;
      return {
        ...r,
        rate,
        received: msgs.length,
        distinct,
        spanMs,
        achieved: spanMs > 0 ? Math.round(((times.length - 1) / (spanMs / 1000)) * 10) / 10 : null,
      };
    };
    const baseline = await measure('plivo SDK alone (no database)', '+14155550902', 0, 2 * o.recipients, true);
    const unthrottled = await measure('unthrottled', '+14155550900', 0, 0);
    const throttled = await measure(`throttled ${o.rate}/s`, '+14155550901', o.rate, o.recipients);
    app.stdin.write(`${JSON.stringify({ quit: true })}\n`);
    await new Promise((r) => app.once('exit', r));
    return { recipients: o.recipients, concurrency: o.concurrency, batch: o.batch, load, baseline, unthrottled, throttled };
  } finally {
    if (app && app.exitCode === null) app.kill('SIGKILL');
    sim.child.kill('SIGTERM');
    await db.drop();
  }
}

function report(r) {
  if (r.skipped) return `Skipped: ${r.skipped}.`;
  const row = (x, goal, met) =>
    `| ${x.label} | ${x.rate || '—'} | ${x.received} / ${x.distinct} | ${x.enqueueMs} | ${x.drainMs} | ${x.cpuMsPerText} | ${x.achieved} | ${goal} | ${met ? 'met' : 'NOT met'} |`;
  const u = r.unthrottled;
  const t = r.throttled;
  const uMet = u.achieved >= GOALS.unthrottled && u.received === r.recipients && u.distinct === r.recipients;
  const tMet = Math.abs(t.achieved - t.rate) <= t.rate * GOALS.tolerance && t.received === r.recipients && t.distinct === r.recipients;
  return [
    `${r.recipients.toLocaleString('en-US')} recipients per run, PostgreSQL, one Strapi instance (concurrency ${r.concurrency}, batch ${r.batch}), simulator in its own process; load average at the start ${r.load}.`,
    '',
    '| run | set rate /s | texts received / distinct recipients | enqueue ms | drain ms | app CPU ms / text | achieved texts/s | goal | |',
    '|---|---|---|---|---|---|---|---|---|',
    row(u, `≥ ${GOALS.unthrottled}/s`, uMet),
    row(t, `${t.rate}/s ± 10 %`, tMet),
    `| ${r.baseline.label} | — | ${r.baseline.received} / ${r.baseline.distinct} | — | ${r.baseline.drainMs} | ${r.baseline.cpuMsPerText} | ${r.baseline.achieved} | reference | |`,
    '',
    `The unthrottled dispatcher reaches ${Math.round((u.achieved / r.baseline.achieved) * 100)} % of what the bare SDK does in the same run (the SDK's own HTTP work is most of the cost per text).`,
  ].join('\n');
}

module.exports = { name: 'dispatch', title: 'Campaign dispatch (issue 7)', run, report };

if (require.main === module) {
  const o = args();
  benchMain(() => run(o), report, () => o.serve && serve(o));
}
