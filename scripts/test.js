'use strict';
/**
 * `npm test`: the whole suite, against a real Strapi booted in-process.
 *   - every test on SQLite (a temporary file per test file), browser tests included;
 *   - every API test again on PostgreSQL (a fresh database per test file, dropped afterwards).
 * The two stages run at the same time, each in its own Jest process (one test file at a time in each: Strapi is a
 * process-wide singleton). Much of the suite waits on timers, the network and the databases, so two stages share
 * two cores well. Each stage writes its output to .tmp/jest-<db>.log (follow it live with `tail -f`), printed
 * whole when the stage ends, so the two never interleave. The few files that assert this machine's timings (ALONE)
 * run afterwards, on one database at a time, with nothing else of the suite running. `TEST_STAGES=serial` runs
 * the two stages one after the other, printing as they go, as before.
 * Unit tests (`*.unit.test.ts`, beside the pure modules of the plugin and in tests/unit) run on SQLite only.
 * Outside CI an unreachable PostgreSQL skips its stage with one line saying so; with CI=true it fails the run.
 * Extra arguments go to Jest (e.g. `npm test -- tests/api/foundation.test.ts`).
 * Prints one closing line: "N passed, N failed, N skipped".
 */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { Client } = require('pg');

const root = path.resolve(__dirname, '..');
const tmp = path.join(root, '.tmp');
const pgUrl = process.env.TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
const args = process.argv.slice(2);
const ci = process.env.CI === 'true' || process.env.CI === '1';
const serial = process.env.TEST_STAGES === 'serial';

async function pgReachable() {
  const c = new Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    c.end().catch(() => {});
  }
}

/**
 * Files that measure this machine's timings: the import test holds webhooks to 200 ms beyond those measured just
 * before the import, which the other stage's load (a browser, a second Strapi) breaks, not the code under test.
 */
const ALONE = ['tests/api/capacity-import.test.ts'];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const aloneRe = ALONE.map((f) => `/${escape(f)}$`);
// The CLI's patterns replace jest.config.js's, so those come first.
const IGNORED = ['/node_modules/', '/dist/'];
// Browser tests exercise the admin bundle and unit tests no database at all: they run once, on SQLite.
const SQLITE_ONLY = ['/tests/e2e/', '\\.unit\\.test\\.ts$'];

/**
 * Jest's arguments for a stage. `--passWithNoTests` ends the pattern list (the user's arguments follow) and lets
 * `npm test -- tests/e2e/x.test.ts` leave a stage empty; the run still fails when no stage ran any test.
 */
function stageArgs(db, part) {
  const ignore = [...IGNORED];
  if (db === 'postgres') ignore.push(...SQLITE_ONLY);
  if (part === 'rest') ignore.push(...aloneRe);
  if (part === 'alone') ignore.push(`^(?!.*(?:${aloneRe.join('|')}))`);
  return part === 'all' && db === 'sqlite' ? [] : ['--testPathIgnorePatterns', ...ignore, '--passWithNoTests'];
}

/**
 * One stage: Jest on `db`, for `part` of the files: `all`, `rest` (all but ALONE) or `alone`. `buffered`: its
 * output goes to .tmp/jest-<db>.log and is printed whole at the end; otherwise it is printed as it comes.
 */
function jest(db, part, buffered) {
  const name = part === 'alone' ? `${db}-alone` : db;
  const out = path.join(tmp, `jest-${name}.json`);
  const log = path.join(tmp, `jest-${name}.log`);
  fs.mkdirSync(tmp, { recursive: true });
  fs.rmSync(out, { force: true });
  const started = Date.now();
  const title = part === 'alone' ? `${db}, alone: ${ALONE.join(', ')}` : db;
  if (!buffered) console.log(`\n=== Tests on ${title} ===`);
  const logFd = buffered ? fs.openSync(log, 'w') : null;
  const child = spawn(process.execPath, [require.resolve('jest/bin/jest'), '--runInBand', '--json', `--outputFile=${out}`, ...stageArgs(db, part), ...args], {
    cwd: root,
    stdio: buffered ? ['ignore', logFd, logFd] : 'inherit',
    env: { ...process.env, TEST_DB: db, NO_PROXY: '127.0.0.1,localhost' },
  });
  return new Promise((resolve) => {
    child.on('error', (err) => finish(null, err));
    child.on('exit', (code, signal) => finish(code, signal ? new Error(`Jest ended by ${signal}`) : null));
    let done = false;
    function finish(code, err) {
      if (done) return;
      done = true;
      const seconds = Math.round((Date.now() - started) / 1000);
      if (buffered) {
        fs.closeSync(logFd);
        // One write: a stage that ends meanwhile prints after this one, not inside it.
        process.stdout.write(Buffer.concat([Buffer.from(`\n=== Tests on ${title} (${seconds} s; ${path.relative(root, log)}) ===\n`), fs.readFileSync(log)]));
      } else console.log(`(${title}: ${seconds} s)`);
      if (err) console.error(`Tests on ${title}: ${err.message}`);
      let counts = { passed: 0, failed: 0, skipped: 0 };
      if (fs.existsSync(out)) {
        const j = JSON.parse(fs.readFileSync(out, 'utf8'));
        counts = { passed: j.numPassedTests, failed: j.numFailedTests + j.numRuntimeErrorTestSuites, skipped: j.numPendingTests + j.numTodoTests };
      } else if (code !== 0) {
        counts.failed = 1;
      }
      resolve({ ok: code === 0 && !err, counts });
    }
  });
}

(async () => {
  const results = [];
  const pg = await pgReachable();
  if (pg && !serial) {
    console.log('Tests on sqlite and postgres run at once; each prints its output whole when it ends (live: .tmp/jest-<db>.log).');
    results.push(...(await Promise.all([jest('sqlite', 'rest', true), jest('postgres', 'rest', true)])));
    results.push(await jest('sqlite', 'alone', false));
    results.push(await jest('postgres', 'alone', false));
  } else {
    results.push(await jest('sqlite', 'all', false));
    if (pg) results.push(await jest('postgres', 'all', false));
    else if (ci) {
      console.error(`PostgreSQL is unreachable at ${pgUrl} and CI=true: failing. Start it, or set TEST_PG_URL.`);
      results.push({ ok: false, counts: { passed: 0, failed: 1, skipped: 0 } });
    } else {
      console.log(`Skipping the PostgreSQL run: nothing answers at ${pgUrl} (start PostgreSQL or set TEST_PG_URL to include it).`);
    }
  }
  const sum = results.reduce(
    (a, r) => ({ passed: a.passed + r.counts.passed, failed: a.failed + r.counts.failed, skipped: a.skipped + r.counts.skipped }),
    { passed: 0, failed: 0, skipped: 0 }
  );
  if (sum.passed + sum.failed + sum.skipped === 0) {
    // Every stage passes with no tests (see stageArgs); a run that found none at all is a mistake, e.g. a typo.
    console.error(`No tests found${args.length ? ` for: ${args.join(' ')}` : ''}.`);
    results.push({ ok: false, counts: sum });
  }
  // Exit once everything written has been flushed (a stage's log can be megabytes).
  process.stdout.write(`\n${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped\n`, () => process.exit(results.every((r) => r.ok) ? 0 : 1));
})();
