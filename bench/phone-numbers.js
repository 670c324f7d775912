'use strict';
/**
 * The Phone Numbers page at 50,000 numbers and 1,000,000 texts on PostgreSQL (issues 4 and 13):
 *  - p50/p95 of `GET /texting/phone-numbers` for three sorts (name, activeCampaign, campaignArchiveAt),
 *    each with and without a search, against the same page from the Content Manager's own list endpoint
 *    for the type, measured in the same run (goal: p95 ≤ 50 ms and a ratio ≤ 1.0);
 *  - issue 14: the same lines' p50 above the floor (`GET /texting/provider`, same rounds): ≤ +10 ms without a search,
 *    ≤ +20 ms with `q`;
 *  - the CSV export of every row: wall time and the server process's peak RSS growth (≤ 3 s, ≤ 100 MB);
 *  - number health (issue 13): the list with the health columns sorted (`deliveryRate7d`, `lastInboundAt`) and the
 *    "Needs attention" filter over the texts, as a ratio against Strapi's `/_health` measured in the same rounds
 *    (goal: p95 ≤ 50 ms, like the other list lines).
 *
 *   node bench/phone-numbers.js [--numbers 50000] [--campaigns 5000] [--messages 1000000] [--samples 200]
 *
 * A fresh database is created and dropped (BENCH_KEEP_DB=1 keeps it, to EXPLAIN the list's statements on it). One child process seeds it (bulk knex inserts in batches,
 * table and link-table names read from Strapi's metadata) and exits; a second boots the app on it and
 * serves, so the export's memory is measured on a process that never held the seed data. The load
 * (sequential keep-alive requests on loopback) comes from this process.
 * Exports { name, title, run, report } for bench/run.js.
 */
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const { PG_URL, numberOptions, flag, parseArgs, orExit, freePort, loadStrapi, listenUntilSigterm, spawnApp, stopChild, pgReachable, createDatabase, percentile, procStatus, pgAppEnv } = require('./lib');
// The simulator's seeded generator (built with the rest by `npm run build`).
const { mulberry32 } = require('../simulator/dist/inventory');
const GOALS = { p95: 50, ratio: 1.0, exportMs: 3000, rssMb: 100, aboveFloor: 10, aboveFloorQ: 20 };
const SEARCH = 'visit';
const CM_PATH = '/content-manager/collection-types/plugin::texting.phone-number?page=1&pageSize=25&sort=name:ASC';
/** The floor: an admin route of the plugin that reads no table (JWT, RBAC policy, Koa, JSON). */
const FLOOR_PATH = '/texting/provider';

const DEFAULTS = { numbers: 50000, campaigns: 5000, messages: 1000000, samples: 200, warmup: 20 };
/** Strapi's own health route (no auth, no table): the baseline of the health lines. */
const HEALTH_PATH = '/_health';
const HEALTH_LINES = [
  '/texting/phone-numbers?sort=deliveryRate7d:asc&page=1&pageSize=25',
  '/texting/phone-numbers?sort=lastInboundAt:desc&page=1&pageSize=25',
  '/texting/phone-numbers?needsAttention=true&page=1&pageSize=25',
  '/texting/phone-numbers?needsAttention=true&sort=deliveryRate7d:asc&page=1&pageSize=25',
];
const args = () =>
  parseArgs(DEFAULTS, {
    ...numberOptions(DEFAULTS),
    '--seed': flag('mode', 'seed'),
    '--serve': flag('mode', 'serve'),
  });

// ------------------------------------------------------------------ child: seed (bulk insert) or serve

const WORDS = ['Main line', 'Campus visits', 'Application help', 'Deadline reminders', 'Yield events', 'Orientation',
  'Transfer students', 'Scholarships', 'Housing questions', 'Parents line', 'Visit day desk', 'Athletics recruiting'];
const CAMPAIGN_WORDS = ['Fall Visit Day', 'FAFSA Reminder', 'Admitted Weekend', 'Spring Open House', 'Info Session',
  'Orientation Welcome', 'Scholarship Nudge', 'Early Action', 'Summer Melt', 'Visa Webinar', 'Campus Tour', 'Deposit Deadline'];
const DESCRIPTIONS = [null, 'Promoted on the website; students text any time.', 'Used by counsellors for 1:1 follow-ups.',
  'Printed on brochures for the fall fair.', 'Reminder texts before application deadlines.'];

async function seed(o) {
  const strapi = await loadStrapi();
  const k = strapi.db.connection;
  const meta = (uid) => strapi.db.metadata.get(uid);
  const T = (uid) => meta(uid).tableName;
  const link = (uid, attr) => {
    const jt = meta(uid).attributes[attr].joinTable;
    return { table: jt.name, owner: jt.joinColumn.name, target: jt.inverseJoinColumn.name, ord: jt.inverseOrderColumnName, tord: jt.orderColumnName };
  };
  /** Attribute names → column names, plus what Strapi sets on every row. */
  const row = (uid, data) => {
    const attrs = meta(uid).attributes;
    const now = new Date();
    const out = {};
    for (const [key, value] of Object.entries({ documentId: crypto.randomBytes(12).toString('hex').slice(0, 24), createdAt: now, updatedAt: now, publishedAt: now, ...data })) {
      out[attrs[key]?.columnName || key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = value;
    }
    return out;
  };
  const insert = async (table, rows, returning) => {
    const ids = [];
    for (let i = 0; i < rows.length; i += 1000) {
      const q = k(table).insert(rows.slice(i, i + 1000));
      if (returning) ids.push(...(await q.returning('id')).map((r) => (typeof r === 'object' ? r.id : r)));
      else await q;
    }
    return ids;
  };
  const linkRows = (l, pairs, withOrd) =>
    pairs.map(([a, b], i) => ({ [l.owner]: a, [l.target]: b, ...(withOrd && l.ord ? { [l.ord]: i + 1 } : {}) }));

  const rnd = mulberry32(42); // deterministic data: the same database every run
  const started = Date.now();
  const OFFICE = 'plugin::texting.office';
  const AGENT = 'plugin::texting.agent';
  const NUMBER = 'plugin::texting.phone-number';
  const CAMPAIGN = 'plugin::texting.campaign';

  const officeIds = await insert(T(OFFICE), Array.from({ length: 20 }, (_, i) => row(OFFICE, { name: `Office ${String(i + 1).padStart(2, '0')}`, timezone: 'America/New_York' })), true);
  const agentIds = await insert(T(AGENT), Array.from({ length: 100 }, (_, i) => row(AGENT, { name: `Agent ${String(i + 1).padStart(3, '0')}` })), true);

  const areaCodes = ['212', '312', '415', '512', '617', '718', '213', '305', '404', '206'];
  const numbers = Array.from({ length: o.numbers }, (_, i) =>
    row(NUMBER, {
      phoneNumber: `+1${areaCodes[i % areaCodes.length]}${String(2000000 + i).padStart(7, '0')}`,
      name: `${WORDS[Math.floor(rnd() * WORDS.length)]} ${i + 1}`,
      description: DESCRIPTIONS[i % DESCRIPTIONS.length],
      numberType: i % 7 === 6 ? 'single_use' : 'reusable',
      responseType: i % 3 === 0 ? 'bot' : 'agent',
      providerStatus: i % 10 === 9 ? 'pending' : 'active',
      providerAppId: 'bench-app',
      monthlyRentalRate: 0.8,
    })
  );
  const numberIds = await insert(T(NUMBER), numbers, true);
  const officeOf = (i) => officeIds[i % officeIds.length];
  await insert(link(NUMBER, 'office').table, linkRows(link(NUMBER, 'office'), numberIds.map((id, i) => [id, officeOf(i)]), true));
  await insert(link(NUMBER, 'agent').table, linkRows(link(NUMBER, 'agent'), numberIds.flatMap((id, i) => (i % 3 === 2 ? [] : [[id, agentIds[i % agentIds.length]]])), false));
  await insert(
    link(NUMBER, 'inboxOffices').table,
    linkRows(link(NUMBER, 'inboxOffices'), numberIds.flatMap((id, i) => (i % 3 === 0 ? [] : [[id, officeOf(i)]])), true)
  );

  // ~40% active (each on its own number), 30% scheduled, 20% archived, 10% draft.
  const day = 24 * 3600 * 1000;
  const now = Date.now();
  const shuffled = numberIds.map((id, i) => [id, i]);
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const plan = Array.from({ length: o.campaigns }, (_, c) => {
    const state = c < o.campaigns * 0.4 ? 'active' : c < o.campaigns * 0.7 ? 'scheduled' : c < o.campaigns * 0.9 ? 'archived' : 'draft';
    const [numberId, index] = state === 'active' ? shuffled[c] : shuffled[Math.floor(rnd() * shuffled.length)];
    const sendAt = state === 'active' || state === 'archived' ? now - Math.ceil(rnd() * 30) * day : now + Math.ceil(rnd() * 30) * day;
    const archiveAt = state === 'archived' ? sendAt + 5 * day : sendAt + Math.ceil(rnd() * 60) * day + Math.floor(rnd() * day);
    return { numberId, officeId: officeOf(index), state, sendAt, archiveAt };
  });
  const campaignIds = await insert(
    T(CAMPAIGN),
    plan.map((p, c) =>
      row(CAMPAIGN, {
        name: `${CAMPAIGN_WORDS[Math.floor(rnd() * CAMPAIGN_WORDS.length)]} ${c + 1}`,
        state: p.state,
        sendAt: new Date(p.sendAt),
        archiveAt: new Date(p.archiveAt),
        message: 'Hello from the bench. Reply STOP to opt out.',
        responseType: 'agent',
      })
    ),
    true
  );
  await insert(link(CAMPAIGN, 'phoneNumber').table, linkRows(link(CAMPAIGN, 'phoneNumber'), campaignIds.map((id, c) => [id, plan[c].numberId]), true));
  await insert(link(CAMPAIGN, 'office').table, linkRows(link(CAMPAIGN, 'office'), campaignIds.map((id, c) => [id, plan[c].officeId]), false));

  const messages = await seedMessages(strapi, k, T, o, numberIds.length);

  // As autovacuum would have by then: statistics, and a visibility map for index-only scans.
  await k.raw('VACUUM ANALYZE');
  const summary = {
    numbers: numberIds.length,
    campaigns: campaignIds.length,
    active: plan.filter((p) => p.state === 'active').length,
    scheduled: plan.filter((p) => p.state === 'scheduled').length,
    ...messages,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    postgres: (await k.raw('show server_version')).rows[0].server_version,
  };
  await strapi.destroy();
  return summary;
}

/**
 * `o.messages` texts over the last 30 days, written by PostgreSQL itself (generate_series; deterministic). Half go to
 * 500 "hot" numbers (~1,000 each, so that 7-day rates rest on hundreds of texts), half are spread over every
 * number. 70 % outbound: 93 % delivered, 2 % undelivered (30), 2 % failed (200), 3 % sent; every 10th hot number
 * delivers half. 30 % inbound (from 100,000 contacts); `last_inbound_at` is then set from them, as routing keeps it.
 * Needs attention besides the rates: 100 numbers release_failed, 100 missing at Plivo, half the pending ones
 * provisioned 20 days ago.
 */
async function seedMessages(strapi, k, T, o, numbers) {
  const M = T('plugin::texting.message');
  const N = T('plugin::texting.phone-number');
  await k.raw(`create temp table bench_phones as select row_number() over (order by id) as i, phone_number from ??`, [N]);
  await k.raw(
    `insert into ?? (document_id, direction, body, message_uuid, status, error_code, from_number, to_number, created_at, updated_at, published_at)
     select substr(md5(g::text), 1, 24), x.direction, 'Bench text', md5('u' || g::text), x.status,
            case x.status when 'undelivered' then '30' when 'failed' then '200' end,
            case x.direction when 'outbound' then p.phone_number else x.contact end,
            case x.direction when 'outbound' then x.contact else p.phone_number end,
            x.at, x.at, x.at
     from generate_series(1, ?) g
     cross join lateral (select case when g % 2 = 0 then (g / 2) % 500 + 1 else (g::bigint * 7919) % ? + 1 end as i) pick
     join bench_phones p on p.i = pick.i
     cross join lateral (
       select case when g % 10 < 7 then 'outbound' else 'inbound' end as direction,
              '+1555' || lpad(((g * 31) % 100000)::text, 7, '0') as contact,
              now() - ((g::bigint * 2654435761) % 2592000000) * interval '1 millisecond' as at,
              case when g % 10 >= 7 then 'received'
                   when pick.i <= 500 and pick.i % 10 = 0 then case when (g / 10) % 2 = 0 then 'delivered' else 'undelivered' end
                   else case (g / 10) % 100 when 0 then 'undelivered' when 1 then 'undelivered' when 2 then 'failed' when 3 then 'failed'
                        when 4 then 'sent' when 5 then 'sent' when 6 then 'sent' else 'delivered' end end as status
     ) x`,
    [M, o.messages, numbers]
  );
  await k.raw(
    `update ?? pn set last_inbound_at = x.m from (select to_number, max(created_at) m from ?? where direction = 'inbound' group by to_number) x
     where x.to_number = pn.phone_number`,
    [N, M]
  );
  await k.raw(`update ?? set provider_status = 'release_failed', status_reason = 'Plivo refused (bench)' where id % 500 = 1`, [N]);
  await k.raw(`update ?? set status_reason = ? where id % 500 = 2`, [N, 'Not on the Plivo account any more (released outside the app?)']);
  await k.raw(`update ?? set created_at = now() - interval '20 days' where provider_status = 'pending' and id % 2 = 0`, [N]);
  const [{ n }] = (await k(M).count({ n: '*' })).map((r) => ({ n: Number(r.n) }));
  await k.raw('ANALYZE');
  // The list's stored 7-day figures (the number-health job's pass): the first writes every number, the second
  // finds nothing changed (what most 5-minute passes are).
  const timed = async () => {
    const t0 = Date.now();
    const changed = await strapi.plugin('texting').service('numbers').refreshWeekStats();
    return { ms: Date.now() - t0, changed };
  };
  const refresh = [await timed(), await timed()];
  return { messages: n, refresh };
}

async function serve() {
  await listenUntilSigterm(await loadStrapi());
}

// ------------------------------------------------------------------ parent: database, load, figures

/** Runs this file in a child `mode`; resolves with the child once it prints `until`, or with its JSON output. */
function child(mode, env, until) {
  return spawnApp(__filename, [`--${mode}`], env, { until, label: mode });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(base, method, p, { headers = {}, body, sink } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body ? JSON.stringify(body) : undefined;
    const req = http.request(
      `${base}${p}`,
      { method, agent, headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } },
      (res) => {
        const chunks = [];
        let bytes = 0;
        res.on('data', (c) => {
          bytes += c.length;
          if (sink) sink(c);
          else chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes, text: sink ? '' : Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      }
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

const round = (x) => Math.round(x * 10) / 10;

/**
 * p50/p95 of each path, measured round-robin (one request to each path in turn, `samples` rounds) so that
 * a change in the machine's load during the run weighs on every path alike and the ratios stay fair.
 */
async function measureAll(base, auth, paths, o) {
  const times = paths.map(() => []);
  const totals = paths.map(() => null);
  for (let round = -o.warmup; round < o.samples; round++) {
    for (const [i, p] of paths.entries()) {
      const t0 = process.hrtime.bigint();
      const res = await request(base, 'GET', p, { headers: auth });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      // Strapi's /_health answers 204.
      if (res.status !== 200 && res.status !== 204) throw new Error(`GET ${p} answered ${res.status}: ${res.text.slice(0, 500)}`);
      if (round < 0) continue;
      times[i].push(ms);
      if (totals[i] === null && res.text.includes('"pagination"')) {
        const body = JSON.parse(res.text);
        totals[i] = (body.meta ?? body).pagination.total; // the Content Manager answers { results, pagination }
      }
    }
  }
  return paths.map((p, i) => {
    const sorted = times[i].sort((a, b) => a - b);
    return { path: p, total: totals[i], p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)) };
  });
}

/** Wall time of the whole export, and the server's peak RSS above its RSS when the request started. */
async function measureExport(base, auth, pid, query) {
  // Reset the kernel's peak-RSS mark (VmHWM) so that it covers this request only; sample as well, in case.
  let hwm = true;
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    hwm = false;
  }
  const before = procStatus(pid, 'VmRSS');
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, procStatus(pid, 'VmRSS'));
  }, 5);
  let newlines = 0;
  let last = 10;
  const t0 = process.hrtime.bigint();
  const res = await request(base, 'GET', `/texting/phone-numbers/export${query}`, {
    headers: auth,
    sink: (c) => {
      for (let i = 0; i < c.length; i++) if (c[i] === 10) newlines++;
      if (c.length) last = c[c.length - 1];
    },
  });
  // Rows = lines minus the header; the last line may have no line break.
  const lines = newlines + (last === 10 ? 0 : 1);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  clearInterval(sampler);
  if (res.status !== 200) throw new Error(`export answered ${res.status}`);
  if (hwm) peak = Math.max(peak, procStatus(pid, 'VmHWM'));
  return { query, rows: lines - 1, mb: round(res.bytes / 2 ** 20), seconds: Math.round(ms / 10) / 100, rssGrowthMb: round((peak - before) / 2 ** 20) };
}

async function run(options = {}) {
  const o = { ...args(), ...options };
  if (!(await pgReachable())) return { skipped: `PostgreSQL unreachable at ${PG_URL}` };
  const db = await createDatabase('texting_bench_pn');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = pgAppEnv(port, db.url);
  let server;
  try {
    const seeded = await child('seed', { ...env, BENCH_NUMBERS: String(o.numbers), BENCH_CAMPAIGNS: String(o.campaigns), BENCH_MESSAGES: String(o.messages) });
    server = await child('serve', env, 'READY\n');
    const reg = await request(base, 'POST', '/admin/register-admin', {
      body: { email: 'bench@texting.local', password: 'Bench-Password-1', firstname: 'Bench', lastname: 'Admin' },
    });
    if (reg.status !== 200 && reg.status !== 201) throw new Error(`register-admin answered ${reg.status}: ${reg.text}`);
    const auth = { Authorization: `Bearer ${JSON.parse(reg.text).data.token}` };

    const paths = [];
    for (const sort of ['name:asc', 'activeCampaign:asc', 'campaignArchiveAt:asc']) {
      for (const q of ['', SEARCH]) paths.push(`/texting/phone-numbers?sort=${sort}&page=1&pageSize=25${q ? `&q=${encodeURIComponent(q)}` : ''}`);
    }
    const loadBefore = os.loadavg()[0];
    const measured = await measureAll(base, auth, [...paths, CM_PATH, FLOOR_PATH, ...HEALTH_LINES, HEALTH_PATH], o);
    const list = measured.slice(0, paths.length);
    const cm = measured[paths.length];
    const floor = measured[paths.length + 1];
    const health = measured.slice(paths.length + 2, paths.length + 2 + HEALTH_LINES.length);
    const strapiHealth = measured[measured.length - 1];
    const exports = [];
    for (const query of ['', '?sort=activeCampaign:desc']) exports.push(await measureExport(base, auth, server.pid, query));
    return { seeded, samples: o.samples, warmup: o.warmup, list, cm, floor, health, strapiHealth, exports, load: [round(loadBefore), round(os.loadavg()[0])] };
  } finally {
    if (server) await stopChild(server);
    agent.destroy();
    // Diagnostics: BENCH_KEEP_DB=1 keeps the database (EXPLAIN the list's statements on it) and prints its URL.
    if (process.env.BENCH_KEEP_DB) console.error(`Kept the database: ${db.url}`);
    else await db.drop();
  }
}

/**
 * Issue 14's list goals: p50 above the floor measured in the same rounds, ≤ +10 ms without a search and ≤ +20 ms
 * with `q`, over the three sorts (the floor absorbs what the machine's load adds to every admin request).
 */
function aboveFloor(r) {
  const part = (withQ) => {
    const deltas = r.list.filter((l) => l.path.includes('&q=') === withQ).map((l) => round(l.p50 - r.floor.p50));
    const goal = withQ ? GOALS.aboveFloorQ : GOALS.aboveFloor;
    const worst = Math.max(...deltas);
    return `${withQ ? 'with' : 'without'} \`q\` +${Math.min(...deltas)} to +${worst} ms (goal ≤ +${goal}: ${worst <= goal ? 'met' : 'NOT met'})`;
  };
  return `List p50 above the floor (issue 14): ${part(false)}; ${part(true)}.`;
}

function report(r) {
  if (r.skipped) return `Skipped: ${r.skipped}.`;
  const same = r.list.find((l) => l.path.includes('sort=name:asc') && !l.path.includes('&q='));
  const ratio = (x) => Math.round((x / r.cm.p95) * 100) / 100;
  const worst = Math.max(...r.list.map((l) => l.p95));
  const lines = [
    `PostgreSQL ${r.seeded.postgres}; ${r.seeded.numbers.toLocaleString('en-US')} numbers, ${r.seeded.campaigns.toLocaleString('en-US')} campaigns ` +
      `(${r.seeded.active.toLocaleString('en-US')} active, ${r.seeded.scheduled.toLocaleString('en-US')} scheduled), seeded in ${r.seeded.seconds} s. ` +
      `${r.samples} rounds of sequential keep-alive requests (one per line, round-robin) after ${r.warmup} warm-up rounds, loopback, ` +
      `page 1 of 25 rows, search \`q=${SEARCH}\`. Machine load average (1 min) at the start and end of the measurements: ${r.load[0]} and ${r.load[1]} ` +
      `on ${os.cpus().length} CPUs (other work was running).`,
    '',
    '| request | matching rows | p50 ms | p95 ms | p95 ÷ CM p95 |',
    '|---|---|---|---|---|',
    ...r.list.map((l) => `| \`GET ${l.path}\` | ${l.total} | ${l.p50} | ${l.p95} | ${ratio(l.p95)} |`),
    `| Content Manager \`GET ${r.cm.path}\` | ${r.cm.total} | ${r.cm.p50} | ${r.cm.p95} | 1 |`,
    `| floor: \`GET ${r.floor.path}\` (admin JWT + RBAC policy, no table read) | — | ${r.floor.p50} | ${r.floor.p95} | ${ratio(r.floor.p95)} |`,
    '',
    '| export | rows | size | wall time | server peak RSS growth |',
    '|---|---|---|---|---|',
    ...r.exports.map((e) => `| \`GET /texting/phone-numbers/export${e.query}\` | ${e.rows} | ${e.mb} MB | ${e.seconds} s | ${e.rssGrowthMb} MB |`),
    '',
    `The floor line is what any admin request of the plugin costs on this machine during the run; the list adds ` +
      `${round(Math.min(...r.list.map((l) => l.p50)) - r.floor.p50)}–${round(Math.max(...r.list.map((l) => l.p50)) - r.floor.p50)} ms (p50) to it, ` +
      `the Content Manager ${round(r.cm.p50 - r.floor.p50)} ms.`,
    '',
    aboveFloor(r),
    '',
    `Goals: list p95 ≤ ${GOALS.p95} ms — ${worst <= GOALS.p95 ? 'met' : 'NOT met'} (worst ${worst} ms); ` +
      `ratio to the Content Manager's same page (sort=name) ≤ ${GOALS.ratio} — ${ratio(same.p95) <= GOALS.ratio ? 'met' : 'NOT met'} (${ratio(same.p95)}); ` +
      `export ≤ ${GOALS.exportMs / 1000} s and ≤ ${GOALS.rssMb} MB — ${r.exports.every((e) => e.seconds * 1000 <= GOALS.exportMs && e.rssGrowthMb <= GOALS.rssMb) ? 'met' : 'NOT met'}.`,
  ];
  if (r.health) {
    const h = r.strapiHealth;
    const worstHealth = Math.max(...r.health.map((l) => l.p95));
    lines.push(
      '',
      `Number health (issue 13): ${(r.seeded.messages ?? 0).toLocaleString('en-US')} texts over 30 days. Every list row above carries the health ` +
        `columns, stored on the number and refreshed every 5 minutes by one pass over the last week's texts: ` +
        (r.seeded.refresh
          ? `${r.seeded.refresh[0].ms} ms for the first pass (${r.seeded.refresh[0].changed.toLocaleString('en-US')} numbers written), ` +
            `${r.seeded.refresh[1].ms} ms for the next (${r.seeded.refresh[1].changed} changed). `
          : '') +
        `Ratios against Strapi's \`GET ${HEALTH_PATH}\` (no auth, no table), measured in the same rounds.`,
      '',
      '| request | matching rows | p50 ms | p95 ms | p50 ÷ /_health p50 | p95 ÷ /_health p95 |',
      '|---|---|---|---|---|---|',
      ...r.health.map((l) => `| \`GET ${l.path}\` | ${l.total} | ${l.p50} | ${l.p95} | ${round(l.p50 / h.p50)} | ${round(l.p95 / h.p95)} |`),
      `| \`GET ${HEALTH_PATH}\` | — | ${h.p50} | ${h.p95} | 1 | 1 |`,
      '',
      `Goal: p95 ≤ ${GOALS.p95} ms — ${worstHealth <= GOALS.p95 ? 'met' : 'NOT met'} (worst ${worstHealth} ms).`
    );
  }
  return lines.join('\n');
}

module.exports = { name: 'phone-numbers', title: 'Phone Numbers list and export (50k numbers, 1M texts, PostgreSQL)', run, report };

if (require.main === module) {
  const o = args();
  if (o.mode === 'seed') {
    seed({
      numbers: Number(process.env.BENCH_NUMBERS || o.numbers),
      campaigns: Number(process.env.BENCH_CAMPAIGNS || o.campaigns),
      messages: Number(process.env.BENCH_MESSAGES ?? o.messages),
    }).then(
      (s) => {
        process.stdout.write(`\n${JSON.stringify(s)}\n`);
        process.exit(0);
      },
      (e) => {
        console.error(e);
        process.exit(1);
      }
    );
  } else if (o.mode === 'serve') {
    orExit(serve());
  } else {
    orExit(
      run(o).then((r) => {
        console.log(report(r));
        console.log(JSON.stringify(r));
      })
    );
  }
}
