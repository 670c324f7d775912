'use strict';
/**
 * Inbound-text throughput: signed Plivo webhooks with distinct MessageUUIDs, fired by autocannon on loopback
 * at a Strapi app running in a child process, against Strapi's own `/_health` in the same run.
 *
 *   node bench/inbound.js                       # PostgreSQL (TEST_PG_URL) then SQLite
 *   node bench/inbound.js --db sqlite --duration 10 --connections 16
 *
 * Every request is a real inbound text routed to an agent inbox (the common case: one conversation opened
 * or appended per text, transaction included). Signatures are computed before the run, with the simulator's
 * signer (the same HMAC Plivo uses), so the load tool spends no time on them. After the run the stored
 * message count must equal the 200s received: a fast but lossy webhook fails the bench.
 *
 * The app counts the statements it sends during the measure (knex `query` events, BEGIN/COMMIT included; a
 * statement outside a transaction commits by itself and is not counted as a COMMIT): statements per text is
 * the figure the group commit (issue 14) cuts.
 *
 * Goals (issues 6 and 14): ≥ 300 req/s, p99 ≤ 100 ms, ratio to /_health ≥ 0.25, on PostgreSQL.
 * Exports `run(options)` for bench/run.js; prints a table when run directly.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { ROOT, option, flag, parseArgs, orExit, freePort, appEnv, listenEnv, loadStrapi, listenUntilSigterm, spawnApp, stopChild, withPg, pgReachable, createDatabase, cpuOf } = require('./lib');

const WEBHOOK = '/api/texting/webhooks/plivo/message';
const AUTH_ID = 'MABENCHINBOUND000001';
const AUTH_TOKEN = 'bench-inbound-token';
const NUMBER = '+14155550100';
const CONTACTS = 500;
const GOALS = { rps: 300, p99: 100, ratio: 0.25 };

const args = () =>
  parseArgs(
    { db: ['postgres', 'sqlite'], duration: 10, connections: 16, warmup: 3 },
    {
      '--db': option('db', (v) => v.split(',')),
      '--duration': option('duration', Number),
      '--connections': option('connections', Number),
      '--warmup': option('warmup', Number),
      '--serve': flag('serve'),
    }
  );

// ---------------------------------------------------------------- child: the app under test

async function serve() {
  const strapi = await loadStrapi();
  const office = await strapi.documents('plugin::texting.office').create({ data: { name: 'Bench office' } });
  // Set up as the plugin: the door guard refuses number writes from outside its services.
  await strapi.plugin('texting').service('door').run(() => strapi.documents('plugin::texting.phone-number').create({
    data: {
      phoneNumber: NUMBER,
      name: 'Bench line',
      office: office.documentId,
      responseType: 'agent',
      providerStatus: 'active',
      inboxOffices: [office.documentId],
    },
  }));
  if (process.env.BENCH_SLOW_MS) {
    // Diagnostics: log queries slower than BENCH_SLOW_MS to stderr.
    const limit = Number(process.env.BENCH_SLOW_MS);
    const started = new Map();
    strapi.db.connection.on('query', (q) => started.set(q.__knexQueryUid, [Date.now(), q.sql]));
    strapi.db.connection.on('query-response', (_r, q) => {
      const s = started.get(q.__knexQueryUid);
      started.delete(q.__knexQueryUid);
      if (s && Date.now() - s[0] > limit) process.stderr.write(`slow ${Date.now() - s[0]} ms: ${s[1].slice(0, 160)}\n`);
    });
  }
  if (process.env.BENCH_COUNTS_FILE) {
    // Statements the app sends, by first word (knex query events; BEGIN/COMMIT included): SIGUSR1 appends
    // the running totals to BENCH_COUNTS_FILE as one JSON line, so the parent can diff two of them.
    const counts = {};
    strapi.db.connection.on('query', (q) => {
      // The first word only: splitting a whole batched INSERT cost ~1% of the app's CPU (cpu14 profile).
      const word = (/^\s*([a-zA-Z]+)/.exec(String(q.sql || '')) || [])[1]?.toLowerCase() || '?';
      counts[word] = (counts[word] || 0) + 1;
    });
    process.on('SIGUSR1', () => fs.appendFileSync(process.env.BENCH_COUNTS_FILE, `${JSON.stringify(counts)}\n`));
  }
  if (process.env.BENCH_CPU_PROF) {
    // Diagnostics: SIGUSR2 starts the CPU profiler, the next SIGUSR2 writes BENCH_CPU_PROF/inbound-<pid>.cpuprofile.
    const { Session } = require('inspector');
    const session = new Session();
    session.connect();
    let on = false;
    process.on('SIGUSR2', () => {
      if (!on) {
        on = true;
        session.post('Profiler.enable', () => session.post('Profiler.start'));
        return;
      }
      on = false;
      session.post('Profiler.stop', (err, res) => {
        if (!err) fs.writeFileSync(path.join(process.env.BENCH_CPU_PROF, `inbound-${process.pid}.cpuprofile`), JSON.stringify(res.profile));
      });
    });
  }
  await listenUntilSigterm(strapi);
}

// ---------------------------------------------------------------- parent: database, load, figures

async function prepareDb(db) {
  if (db === 'postgres') {
    const { name, url, drop } = await createDatabase('texting_bench');
    return {
      env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: url },
      count: async () => {
        const pg = new (require('pg').Client)({ connectionString: url });
        await pg.connect();
        try {
          const r = await pg.query(`select count(*)::int as n from texting_messages where direction = 'inbound'`);
          return r.rows[0].n;
        } finally {
          await pg.end();
        }
      },
      drop,
      /** The server processes serving the app's connections (the pool keeps them for the whole run). */
      backends: () =>
        withPg(async (c) => (await c.query('select pid from pg_stat_activity where datname = $1', [name])).rows.map((r) => r.pid)),
    };
  }
  const file = path.join(ROOT, '.tmp', `bench_${process.pid}_${crypto.randomBytes(3).toString('hex')}.db`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return {
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file, DATABASE_URL: '' },
    count: async () => {
      const Database = require('better-sqlite3');
      const d = new Database(file, { readonly: true });
      try {
        return d.prepare(`select count(*) as n from texting_messages where direction = 'inbound'`).get().n;
      } finally {
        d.close();
      }
    },
    drop: async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
    },
  };
}

function startChild(env) {
  return spawnApp(__filename, ['--serve'], env, {
    until: 'READY\n',
    label: 'app',
    verb: 'start',
    timeoutMs: 120_000,
    stderr: process.env.BENCH_SLOW_MS ? 'inherit' : 'pipe',
  });
}

function signedRequests(publicUrl, n) {
  const { signV3, makeNonce } = require(path.join(ROOT, 'simulator/dist/signature.js'));
  const url = `${publicUrl}${WEBHOOK}`;
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const params = {
      From: String(16175500000 + (i % CONTACTS)),
      To: NUMBER.slice(1),
      Text: `Bench text ${i}: is the campus open on Saturday?`,
      Type: 'sms',
      MessageUUID: crypto.randomUUID(),
      Units: '1',
      TotalRate: '0.00000',
      TotalAmount: '0.00000',
      PowerpackUUID: '',
    };
    const nonce = makeNonce();
    const sig = signV3('POST', url, params, nonce, AUTH_TOKEN);
    out[i] = {
      body: new URLSearchParams(params).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-plivo-signature-v3': sig,
        'x-plivo-signature-ma-v3': sig,
        'x-plivo-signature-v3-nonce': nonce,
      },
    };
  }
  return out;
}

async function cannon(opts) {
  const autocannon = require('autocannon');
  return autocannon({ connections: opts.connections, duration: opts.duration, timeout: 10, ...opts.extra });
}

const summary = (r) => ({
  requests: r.requests.total,
  rps: Math.round(r.requests.average * 10) / 10,
  p50: r.latency.p50,
  p99: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors + r.timeouts,
  ok: r['2xx'],
});

async function benchOne(db, o) {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const store = await prepareDb(db);
  const env = appEnv({
    ...listenEnv(port),
    PLIVO_AUTH_ID: AUTH_ID,
    PLIVO_AUTH_TOKEN: AUTH_TOKEN,
    PLIVO_APP_ID: 'bench-app',
    PLIVO_API_URL: 'http://127.0.0.1:9', // agent routing sends nothing to Plivo
    ...store.env,
  });
  const countsFile = path.join(ROOT, '.tmp', `bench_counts_${process.pid}_${db}.jsonl`);
  fs.mkdirSync(path.dirname(countsFile), { recursive: true });
  fs.rmSync(countsFile, { force: true });
  env.BENCH_COUNTS_FILE = countsFile;
  /** The child's statement totals now (it appends them on SIGUSR1). */
  const counts = async () => {
    const had = fs.existsSync(countsFile) ? fs.readFileSync(countsFile, 'utf8').split('\n').filter(Boolean).length : 0;
    child.kill('SIGUSR1');
    for (let i = 0; i < 100; i++) {
      const lines = fs.existsSync(countsFile) ? fs.readFileSync(countsFile, 'utf8').split('\n').filter(Boolean) : [];
      if (lines.length > had) return JSON.parse(lines[lines.length - 1]);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('the app did not report its statement counts');
  };
  const child = await startChild(env);
  try {
    const total = Math.ceil((o.duration + o.warmup) * 3000) + 1000;
    const reqs = signedRequests(publicUrl, total);
    let next = 0;
    const inbound = (duration) =>
      cannon({
        connections: o.connections,
        duration,
        extra: {
          url: `${publicUrl}${WEBHOOK}`,
          method: 'POST',
          requests: [
            {
              setupRequest: (req) => {
                const r = reqs[next++ % reqs.length];
                return { ...req, body: r.body, headers: { ...req.headers, ...r.headers } };
              },
            },
          ],
        },
      });
    const health = (duration) => cannon({ connections: o.connections, duration, extra: { url: `${publicUrl}/_health` } });

    await health(o.warmup);
    await inbound(o.warmup);
    // The app's own CPU per request tells its cost apart from what the (shared) machine allowed.
    const c0 = cpuOf(child.pid);
    const h = summary(await health(o.duration));
    const c1 = cpuOf(child.pid);
    const before = await store.count();
    const backends = store.backends ? await store.backends() : [];
    const pgCpu = () => backends.reduce((sum, pid) => sum + (cpuOf(pid) || 0), 0);
    const p1 = pgCpu();
    const s1 = await counts();
    if (process.env.BENCH_CPU_PROF) child.kill('SIGUSR2');
    const i = summary(await inbound(o.duration));
    const c2 = cpuOf(child.pid);
    const p2 = pgCpu();
    const s2 = await counts();
    if (process.env.BENCH_CPU_PROF) {
      child.kill('SIGUSR2');
      await new Promise((r) => setTimeout(r, 1000));
    }
    const perReq = (a, b, n) => Math.round(((b - a) * 1000 * 100) / Math.max(1, n)) / 100;
    h.appCpuMs = perReq(c0, c1, h.requests);
    i.appCpuMs = perReq(c1, c2, i.requests);
    if (backends.length) i.postgresCpuMs = perReq(p1, p2, i.requests);
    // Statements per text (the run's count over the texts answered), and how many of them are COMMITs.
    const diff = (w) => (s2[w] || 0) - (s1[w] || 0);
    const all = Object.keys(s2).reduce((sum, w) => sum + diff(w), 0);
    i.statements = Math.round((all / Math.max(1, i.requests)) * 100) / 100;
    i.commits = Math.round((diff('commit') / Math.max(1, i.requests)) * 100) / 100;
    // Let in-flight requests settle before counting what was stored.
    await new Promise((r) => setTimeout(r, 500));
    const stored = (await store.count()) - before;
    return {
      db,
      connections: o.connections,
      duration: o.duration,
      inbound: i,
      health: h,
      ratio: Math.round((i.rps / h.rps) * 1000) / 1000,
      stored,
      lost: Math.max(0, i.ok - stored),
    };
  } finally {
    await stopChild(child);
    // Diagnostics: BENCH_KEEP_DB=1 keeps the database (EXPLAIN the hot statements on what the run wrote).
    if (!process.env.BENCH_KEEP_DB) await store.drop().catch(() => {});
    fs.rmSync(countsFile, { force: true });
  }
}

async function run(options = {}) {
  const o = { ...args(), ...options };
  const results = [];
  for (const db of o.db) {
    if (db === 'postgres' && !(await pgReachable())) {
      results.push({ db, skipped: 'PostgreSQL unreachable' });
      continue;
    }
    results.push(await benchOne(db, o));
  }
  return results;
}

function report(results) {
  const first = results.find((r) => !r.skipped);
  const lines = [
    first
      ? `autocannon on loopback, ${first.connections} connections, ${first.duration} s per measure; every text signed (V3) with its own MessageUUID, ` +
        `routed to an office inbox (${CONTACTS} contacts, so most texts join an open conversation). The ratio is inbound req/s over /_health req/s in the same run.`
      : '',
    '',
    '| db | inbound req/s | p50 ms | p99 ms | /_health req/s | ratio | CPU ms per inbound text: app + PostgreSQL (per /_health) | statements (COMMITs) per text | non-2xx | stored / 200s | goals (≥300 req/s, p99 ≤100 ms, ratio ≥0.25) |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    if (r.skipped) {
      lines.push(`| ${r.db} | skipped: ${r.skipped} |||||||||| |`);
      continue;
    }
    const met = r.inbound.rps >= GOALS.rps && r.inbound.p99 <= GOALS.p99 && r.ratio >= GOALS.ratio && r.lost === 0 && r.inbound.non2xx === 0;
    lines.push(
      `| ${r.db} | ${r.inbound.rps} | ${r.inbound.p50} | ${r.inbound.p99} | ${r.health.rps} | ${r.ratio} | ${r.inbound.appCpuMs}${r.inbound.postgresCpuMs !== undefined ? ` + ${r.inbound.postgresCpuMs}` : ''} (${r.health.appCpuMs}) | ${r.inbound.statements} (${r.inbound.commits}) | ${r.inbound.non2xx + r.inbound.errors} | ${r.stored} / ${r.inbound.ok} | ${met ? 'met' : 'NOT met'} |`
    );
  }
  return lines.join('\n');
}

module.exports = { name: 'inbound', title: 'Inbound texts: signed Plivo webhook vs /_health', run, report };

if (require.main === module) {
  const o = args();
  if (o.serve) {
    orExit(serve());
  } else {
    orExit(
      run(o).then((results) => {
        console.log(`Inbound webhook vs /_health (${o.connections} connections, ${o.duration} s each, loopback)`);
        console.log(report(results));
        console.log(JSON.stringify(results));
      })
    );
  }
}
