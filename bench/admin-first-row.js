'use strict';
/**
 * The Phone Numbers page at 50,000 numbers on PostgreSQL, in a real browser (issue 5): the time from navigation
 * until the first table row is visible. Goal: ≤ 1.5 s.
 *
 *   node bench/admin-first-row.js                                   # seeds its own PostgreSQL database
 *   node bench/admin-first-row.js --url http://127.0.0.1:1337 --email a@b.c --password '…'   # an app already seeded
 *   node bench/admin-first-row.js --samples 10 --numbers 50000
 *
 * Without --url, a fresh database is created at TEST_PG_URL, seeded by bench/phone-numbers.js (`--seed`, the same
 * 50k numbers and 5k campaigns its list bench uses), served by it (`--serve`, NODE_ENV=production with the built
 * admin from dist/build), and dropped at the end. Debian's Chromium (/usr/bin/chromium) is driven by playwright-core.
 *
 * Two ways of reaching the page are timed, each on the browser's own clock:
 *  - load: a full page load of /admin/plugins/texting?… (the admin's JavaScript from the browser cache after the
 *    first, as for a returning admin); navigation start → first `tbody tr` in the DOM and painted;
 *  - in-app: from the admin's home page, a click on the Texting menu link → first row (the usual path).
 * Each scenario is sampled `--samples` times after one warm-up; the figure is the median, with the worst shown.
 * Strapi's own Settings → Users list is timed the same way, as the floor any admin page pays on a full load.
 * Exports { name, title, run, report } for bench/run.js.
 */
const fs = require('fs');
const http = require('http');
const path = require('path');
const { ROOT, PG_URL, option, parseArgs, orExit, freePort, spawnApp, stopChild, pgReachable, createDatabase, median, pgAppEnv } = require('./lib');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SEEDER = path.join(__dirname, 'phone-numbers.js');
const GOAL_MS = 1500;
/** A data row of our list; on Strapi's own list, a row of more than one cell (loading/empty rows have one). */
const ROW = 'main tbody tr[data-row]';
const STRAPI_ROW = 'main tbody tr > td:nth-child(2)';
const rowSelector = (pathname) => (pathname.includes('/plugins/texting') ? ROW : STRAPI_ROW);
const PAGE = '/admin/plugins/texting';
const SCENARIOS = [
  { label: 'default order (phone number)', path: PAGE },
  { label: 'sorted by Active Campaign', path: `${PAGE}?sort=activeCampaign:ASC` },
  { label: 'sorted by Campaign Archive Date', path: `${PAGE}?sort=campaignArchiveAt:ASC` },
  { label: 'search "visit", sorted by Name', path: `${PAGE}?_q=visit&sort=name:ASC` },
  // The same shell's own list page, measured the same way: what any admin page costs before its first row.
  { label: "baseline: Strapi's Settings → Users list", path: '/admin/settings/users?pageSize=10&page=1&sort=firstname' },
];

const args = () =>
  parseArgs(
    { samples: 10, numbers: 50000, campaigns: 5000 },
    {
      '--url': option('url', (u) => u.replace(/\/$/, '')),
      '--email': option('email'),
      '--password': option('password'),
      '--samples': option('samples', Number),
      '--numbers': option('numbers', Number),
      '--campaigns': option('campaigns', Number),
    }
  );

const round = (x) => Math.round(x);

function postJson(url, body) {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** bench/phone-numbers.js in a child mode: `seed` resolves with its JSON summary, `serve` once it prints READY. */
function seeder(mode, env) {
  return spawnApp(SEEDER, [`--${mode}`], env, { until: mode === 'serve' ? 'READY\n' : undefined, label: mode, timeoutMs: 900_000 });
}

/** The admin JWT: from the login route, or from register-admin on a database without admins. */
async function adminToken(base, email, password) {
  const login = await postJson(`${base}/admin/login`, { email, password });
  if (login.status === 200) return JSON.parse(login.text).data.token;
  const reg = await postJson(`${base}/admin/register-admin`, { email, password, firstname: 'Bench', lastname: 'Admin' });
  if (reg.status === 200 || reg.status === 201) return JSON.parse(reg.text).data.token;
  throw new Error(`could not log in as ${email}: login ${login.status} ${login.text.slice(0, 200)}; register ${reg.status}`);
}

/**
 * Records, on the page's clock (ms since navigation start), when the first row is in the DOM, then when the
 * frame showing it has been painted (the next animation frame).
 */
const OBSERVER = `(() => {
  const sel = location.pathname.includes('/plugins/texting') ? ${JSON.stringify(ROW)} : ${JSON.stringify(STRAPI_ROW)};
  window.__firstRow = null;
  const check = () => {
    if (window.__firstRow === null && document.querySelector(sel)) {
      window.__firstRowDom = performance.now();
      window.__firstRow = 0;
      requestAnimationFrame(() => { window.__firstRow = performance.now(); });
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
})();`;

async function measureBrowser(base, token, o) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    // The admin reads its JWT from localStorage ("remember me"): no login form, and the token is the one
    // the API answered, so nothing depends on cookies over plain HTTP.
    await context.addInitScript(`try { localStorage.setItem('jwtToken', ${JSON.stringify(JSON.stringify(token))}); } catch (e) {}`);
    await context.addInitScript(OBSERVER);
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const firstRow = async () => {
      await page.waitForFunction(() => typeof window.__firstRow === 'number' && window.__firstRow > 0, null, { polling: 10 });
      return page.evaluate(() => window.__firstRow);
    };

    const results = [];
    for (const s of SCENARIOS) {
      const load = [];
      for (let i = 0; i <= o.samples; i++) {
        await page.goto(`${base}${s.path}`);
        const t = await firstRow();
        if (i > 0) load.push(t); // the first load fills the browser cache
      }
      const rows = await page.locator(rowSelector(s.path)).count();
      results.push({ scenario: `load: ${s.label}`, url: s.path, rows, baseline: s.path === SCENARIOS[SCENARIOS.length - 1].path, median: round(median(load)), worst: round(Math.max(...load)) });
    }

    // In-app: home page first (admin shell loaded), then the menu link; the SPA keeps running between samples.
    const inApp = [];
    for (let i = 0; i <= o.samples; i++) {
      await page.goto(`${base}/admin`);
      const link = page.locator('nav a[href$="/plugins/texting"]').first();
      await link.waitFor();
      await page.waitForLoadState('networkidle');
      const t = await page.evaluate(
        (sel) =>
          new Promise((resolve) => {
            const a = document.querySelector('nav a[href$="/plugins/texting"]');
            const t0 = performance.now();
            const done = () => requestAnimationFrame(() => resolve(performance.now() - t0));
            const obs = new MutationObserver(() => {
              if (document.querySelector(sel)) {
                obs.disconnect();
                done();
              }
            });
            obs.observe(document, { childList: true, subtree: true });
            a.click();
          }),
        ROW
      );
      if (i > 0) inApp.push(t);
    }
    results.push({ scenario: 'in-app: home → Texting menu link', url: '/admin → /admin/plugins/texting', rows: await page.locator(ROW).count(), median: round(median(inApp)), worst: round(Math.max(...inApp)) });
    return results;
  } finally {
    await browser.close();
  }
}

async function run(options = {}) {
  const o = { ...args(), ...options };
  if (!fs.existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM} (apt-get install -y chromium)` };
  if (!fs.existsSync(path.join(ROOT, 'dist', 'build', 'index.html'))) return { skipped: 'no admin build in dist/build (npm run build)' };

  if (o.url) {
    const token = await adminToken(o.url, o.email, o.password);
    return { target: o.url, seeded: null, samples: o.samples, results: await measureBrowser(o.url, token, o) };
  }

  if (!fs.existsSync(SEEDER)) return { skipped: 'bench/phone-numbers.js (the 50k seeder) is missing; pass --url of a seeded app' };
  if (!(await pgReachable())) return { skipped: `PostgreSQL unreachable at ${PG_URL}` };
  const db = await createDatabase('texting_bench_ui');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = pgAppEnv(port, db.url, { BENCH_NUMBERS: String(o.numbers), BENCH_CAMPAIGNS: String(o.campaigns) });
  let server;
  try {
    const seeded = await seeder('seed', env);
    server = await seeder('serve', env);
    const token = await adminToken(base, 'bench-ui@texting.local', 'Bench-Password-1');
    return { target: 'own PostgreSQL database', seeded, samples: o.samples, results: await measureBrowser(base, token, o) };
  } finally {
    if (server) await stopChild(server);
    await db.drop();
  }
}

function report(r) {
  if (r.skipped) return `Skipped: ${r.skipped}.`;
  const seeded = r.seeded
    ? `PostgreSQL ${r.seeded.postgres}; ${r.seeded.numbers.toLocaleString('en-US')} numbers, ${r.seeded.campaigns.toLocaleString('en-US')} campaigns (seeded by bench/phone-numbers.js). `
    : `App at ${r.target} (seeded beforehand). `;
  const ours = r.results.filter((x) => !x.baseline);
  const worst = Math.max(...ours.map((x) => x.median));
  const base = r.results.find((x) => x.baseline);
  return [
    `${seeded}Headless Chromium (${CHROMIUM}), 1600×1000, loopback; ${r.samples} samples per line after one warm-up; ` +
      'time on the browser clock from navigation start (load) or from the menu click (in-app) to the frame that paints the first table row.',
    '',
    '| scenario | URL | rows shown | median ms | worst ms |',
    '|---|---|---|---|---|',
    ...r.results.map((x) => `| ${x.scenario} | \`${x.url}\` | ${x.rows} | ${x.median} | ${x.worst} |`),
    '',
    `Goal: first row ≤ ${GOAL_MS} ms — ${worst <= GOAL_MS ? 'met' : 'NOT met'} (slowest median ${worst} ms` +
      (base ? `; Strapi's own Users list in the same run: ${base.median} ms).` : ').'),
  ].join('\n');
}

module.exports = { name: 'admin-first-row', title: 'Phone Numbers page: first row visible (browser, 50k numbers, PostgreSQL)', run, report };

if (require.main === module) {
  orExit(
    run().then((r) => {
      console.log(report(r));
      console.log(JSON.stringify(r));
    })
  );
}
