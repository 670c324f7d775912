'use strict';
/**
 * `npm test`: the whole suite, against a real Strapi booted in-process.
 *   1. every test on SQLite (a temporary file per test file), browser tests included;
 *   2. every API test again on PostgreSQL (a fresh database per test file, dropped afterwards).
 * Unit tests (`*.unit.test.ts`, beside the pure modules of the plugin and in tests/unit) run in step 1 only.
 * Outside CI an unreachable PostgreSQL skips step 2 with one line saying so; with CI=true it fails the run.
 * Extra arguments go to Jest (e.g. `npm test -- tests/api/foundation.test.ts`).
 * Prints one closing line: "N passed, N failed, N skipped".
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { Client } = require('pg');

const root = path.resolve(__dirname, '..');
const pgUrl = process.env.TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
const args = process.argv.slice(2);
const ci = process.env.CI === 'true' || process.env.CI === '1';

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

function jest(db, extra) {
  const out = path.join(root, '.tmp', `jest-${db}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.rmSync(out, { force: true });
  console.log(`\n=== Tests on ${db} ===`);
  const r = spawnSync(
    process.execPath,
    [require.resolve('jest/bin/jest'), '--runInBand', '--json', `--outputFile=${out}`, ...extra, ...args],
    { cwd: root, stdio: 'inherit', env: { ...process.env, TEST_DB: db, NO_PROXY: '127.0.0.1,localhost' } }
  );
  let counts = { passed: 0, failed: 0, skipped: 0 };
  if (fs.existsSync(out)) {
    const j = JSON.parse(fs.readFileSync(out, 'utf8'));
    counts = { passed: j.numPassedTests, failed: j.numFailedTests + j.numRuntimeErrorTestSuites, skipped: j.numPendingTests + j.numTodoTests };
  } else if (r.status !== 0) {
    counts.failed = 1;
  }
  return { ok: r.status === 0, counts };
}

(async () => {
  const results = [jest('sqlite', [])];
  if (await pgReachable()) {
    // Browser tests exercise the admin bundle and unit tests no database at all: they run once, on SQLite.
    // `--passWithNoTests`: `npm test -- tests/e2e/x.test.ts` leaves nothing for this run, which is not a failure.
    results.push(jest('postgres', ['--testPathIgnorePatterns', '/tests/e2e/', '\\.unit\\.test\\.ts$', '--passWithNoTests']));
  } else if (ci) {
    console.error(`PostgreSQL is unreachable at ${pgUrl} and CI=true: failing. Start it, or set TEST_PG_URL.`);
    results.push({ ok: false, counts: { passed: 0, failed: 1, skipped: 0 } });
  } else {
    console.log(`Skipping the PostgreSQL run: nothing answers at ${pgUrl} (start PostgreSQL or set TEST_PG_URL to include it).`);
  }
  const sum = results.reduce(
    (a, r) => ({ passed: a.passed + r.counts.passed, failed: a.failed + r.counts.failed, skipped: a.skipped + r.counts.skipped }),
    { passed: 0, failed: 0, skipped: 0 }
  );
  console.log(`\n${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped`);
  process.exit(results.every((r) => r.ok) ? 0 : 1);
})();
