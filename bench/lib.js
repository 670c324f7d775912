'use strict';
/**
 * What the benches in bench/ share: command-line options, booting the built app (in a child process, as
 * Strapi is a process-wide singleton), a throw-away PostgreSQL database, and the small stats/proc readings.
 * Not a bench itself (exports no run/report, so bench/run.js skips it).
 */
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const path = require('path');
const { devSecrets } = require('../scripts/env');
const { withPg: withPgAt } = require('../scripts/pg');

const ROOT = path.resolve(__dirname, '..');
const PG_URL = process.env.TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

// ---------------------------------------------------------------- options

/** An option taking the next argument, converted by `parse`. */
const option = (key, parse = String) => ({ key, parse });
/** `--key n` for each numeric default: the options that only take a number. */
const numberOptions = (defaults) =>
  Object.fromEntries(Object.keys(defaults).filter((key) => typeof defaults[key] === 'number').map((key) => [`--${key}`, option(key, Number)]));
/** An option without argument: sets `key` to `value`. */
const flag = (key, value = true) => ({ key, flag: true, value });

/** `defaults` overridden by the options in argv; `spec` maps `--name` to option()/flag(); other words are ignored. */
function parseArgs(defaults, spec, argv = process.argv.slice(2)) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const o = spec[argv[i]];
    if (!o) continue;
    out[o.key] = o.flag ? o.value : o.parse(argv[++i]);
  }
  return out;
}

/**
 * A bench file's main block: `child()` may start a child mode (it answers a promise, or nothing); otherwise
 * `run()` and print `report(results)`; any error ends the process with 1.
 */
function benchMain(run, report, child = () => null) {
  const started = child();
  if (started) return orExit(started);
  return run().then(
    (r) => {
      console.log(report(r));
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    }
  );
}

/** Runs the promise a bench's main block starts; any error is printed and ends the process with 1. */
function orExit(promise) {
  return promise.catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

// ---------------------------------------------------------------- the app


function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The environment of an app child: production mode, fresh secrets, quiet logs, demo seed and jobs off,
 * then `extra` (database, Plivo, ports).
 */
function appEnv(extra = {}) {
  return {
    ...process.env,
    NODE_ENV: 'production',
    ...devSecrets(),
    LOG_LEVEL: 'warn',
    STRAPI_TELEMETRY_DISABLED: 'true',
    NO_PROXY: '127.0.0.1,localhost',
    TEXTING_SEED_DEMO: 'false',
    TEXTING_JOBS: 'false',
    ...extra,
  };
}

/** The part of appEnv for an app that listens on `port` of the loopback. */
const listenEnv = (port) => ({
  HOST: '127.0.0.1',
  PORT: String(port),
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
});

/** The app on its own PostgreSQL database, without Plivo or timed jobs: what the list benches boot. */
const pgAppEnv = (port, databaseUrl, extra = {}) =>
  appEnv({
    ...listenEnv(port),
    DATABASE_CLIENT: 'postgres',
    DATABASE_URL: databaseUrl,
    PLIVO_AUTH_ID: '',
    PLIVO_AUTH_TOKEN: '',
    PLIVO_APP_ID: '',
    CRON_ENABLED: 'false',
    ...extra,
  });

/** The built app, loaded (not listening) in this process. */
async function loadStrapi() {
  const { createStrapi } = require('@strapi/strapi');
  return createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist') }).load();
}

/** Child side of spawnApp(): listen, print READY, stop cleanly on SIGTERM. */
async function listenUntilSigterm(strapi) {
  await strapi.listen();
  process.stdout.write('READY\n');
  process.on('SIGTERM', async () => {
    await strapi.destroy().catch(() => {});
    process.exit(0);
  });
}

/**
 * Runs `node file ...args` in ROOT. With `until`, resolves with the child once its stdout contains `until`
 * (an exit before that rejects); without, resolves with the JSON of its last stdout line once it exits 0.
 */
function spawnApp(file, args, env, { until, label, timeoutMs = 600_000, verb = 'finish', stderr = 'pipe' } = {}) {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [file, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', stderr] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${label} did not ${verb} in ${timeoutMs / 1000} s:\n${err}`)), timeoutMs);
    c.stdout.on('data', (d) => {
      out += d;
      if (until && out.includes(until)) {
        clearTimeout(timer);
        resolve(c);
      }
    });
    c.stderr?.on('data', (d) => {
      err = (err + d).slice(-20_000);
    });
    c.on('exit', (code) => {
      clearTimeout(timer);
      if (until) return reject(new Error(`${label} exited with ${code}:\n${err}`));
      if (code !== 0) return reject(new Error(`${label} failed (${code}):\n${err}`));
      resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}

/** SIGTERM to a child, resolved once it has exited. */
async function stopChild(child) {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

// ---------------------------------------------------------------- PostgreSQL

/** `fn(client)` on a connection to the PostgreSQL at TEST_PG_URL. */
const withPg = (fn) => withPgAt(PG_URL, fn);

async function pgReachable() {
  try {
    await withPg((c) => c.query('select 1'));
    return true;
  } catch {
    return false;
  }
}

/** A fresh database `<prefix>_<pid>_<random>` on the same server: { name, url, drop() }. */
async function createDatabase(prefix) {
  const name = `${prefix}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  await withPg((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withPg((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(() => {}),
  };
}

/**
 * appEnv for an app on the PostgreSQL database `databaseUrl` that talks to the simulator `sim` (startSimulator);
 * status callbacks go to a closed port (the simulator sends none unless asked).
 */
const simAppEnv = (sim, authId, authToken, databaseUrl, extra = {}) =>
  appEnv({
    DATABASE_CLIENT: 'postgres',
    DATABASE_URL: databaseUrl,
    PLIVO_AUTH_ID: authId,
    PLIVO_AUTH_TOKEN: authToken,
    PLIVO_APP_ID: 'bench-app',
    PLIVO_API_URL: sim.origin,
    PUBLIC_URL: 'http://127.0.0.1:9',
    ...extra,
  });

// ---------------------------------------------------------------- campaigns

/** `n` distinct valid US recipients from `offset` on (617-200-xxxx and up), E.164. */
const benchRecipients = (n, offset) => Array.from({ length: n }, (_, i) => `+1617${String(2000000 + offset + i).padStart(7, '0')}`);

/**
 * A scheduled campaign of `count` recipients (from `offset`) on a new active bot number of `officeDocumentId`,
 * due now: the scheduler's next `activateDue()` starts it. Answers the campaign's documentId.
 */
async function createBenchCampaign(strapi, { officeDocumentId, number, label, count, offset }) {
  // Set up as the plugin: the door guard refuses number and campaign writes from outside its services.
  const asPlugin = (fn) => strapi.plugin('texting').service('door').run(fn);
  const phone = await asPlugin(() => strapi.documents('plugin::texting.phone-number').create({
    data: { phoneNumber: number, name: `Bench ${number}`, office: officeDocumentId, responseType: 'bot', providerStatus: 'active' },
  }));
  const campaign = await asPlugin(() => strapi.documents('plugin::texting.campaign').create({
    data: {
      name: `Bench ${label}`,
      state: 'scheduled',
      office: officeDocumentId,
      phoneNumber: phone.documentId,
      message: 'Admitted students day is Saturday at 10. Reply STOP to opt out',
      sendAt: new Date(Date.now() - 1000).toISOString(),
      archiveAt: new Date(Date.now() + 3600_000).toISOString(),
      recipients: benchRecipients(count, offset).map((phoneNumber) => ({ phoneNumber })),
      recipientCount: count,
    },
  }));
  return campaign.documentId;
}

// ---------------------------------------------------------------- the simulator

/**
 * The Plivo simulator as a process of its own (`node simulator/dist/cli.js`, built by `npm run build`):
 * { child, origin, control(method, path, body) } where `control` calls its `/__control/…` API.
 */
async function startSimulator(authId, authToken) {
  const child = spawn(process.execPath, [path.join(ROOT, 'simulator/dist/cli.js'), '--port', '0', '--auto-activate-ms', '0'], {
    cwd: ROOT,
    env: { ...process.env, PLIVO_AUTH_ID: authId, PLIVO_AUTH_TOKEN: authToken, NO_PROXY: '127.0.0.1,localhost' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const origin = await new Promise((resolve, reject) => {
    require('readline').createInterface({ input: child.stdout }).once('line', (l) => resolve(l.trim()));
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const control = async (method, p, body) => {
    const res = await fetch(`${origin}/__control/${p}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return res.json();
  };
  return { child, origin, control };
}

// ---------------------------------------------------------------- figures

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};
/** The nearest-rank percentile of an ascending array. */
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** CPU seconds a process has used so far (Linux /proc; NaN elsewhere). */
function cpuOf(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/** A `<field>: N kB` line of /proc/<pid>/status, in bytes (VmRSS, VmHWM…). */
const procStatus = (pid, field) => {
  const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) * 1024 : NaN;
};

module.exports = {
  ROOT,
  PG_URL,
  option,
  numberOptions,
  flag,
  parseArgs,
  orExit,
  benchMain,
  freePort,
  appEnv,
  listenEnv,
  pgAppEnv,
  loadStrapi,
  listenUntilSigterm,
  spawnApp,
  stopChild,
  withPg,
  pgReachable,
  createDatabase,
  startSimulator,
  simAppEnv,
  benchRecipients,
  createBenchCampaign,
  median,
  percentile,
  cpuOf,
  procStatus,
};
