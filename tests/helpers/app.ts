/**
 * Boots the real Strapi app in the test process, on a database of its own:
 * a temporary SQLite file (TEST_DB=sqlite, the default) or a fresh PostgreSQL database
 * (TEST_DB=postgres) that is created here and dropped on stop.
 */
import crypto from 'crypto';
import fs from 'fs';
import net from 'net';
import path from 'path';
import type { Client } from 'pg';
import request from 'supertest';
import { createStrapi } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { devSecrets } from '../../scripts/env';
import { withPg as withPgAt } from '../../scripts/pg';

export const ROOT = path.resolve(__dirname, '../..');
export const PG_ADMIN_URL = process.env.TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';

export interface TestApp {
  strapi: Core.Strapi;
  /** e.g. http://127.0.0.1:41234 — also PUBLIC_URL, so signed webhook URLs match */
  url: string;
  db: 'sqlite' | 'postgres';
  http: () => request.Agent;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}


const withPg = <T>(fn: (c: Client) => Promise<T>): Promise<T> => withPgAt(PG_ADMIN_URL, fn);

/** Settings a test can override: Plivo variables, texting behaviour… */
export async function startApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  const db = (process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite') as TestApp['db'];
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const tag = `${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  let dropDb: () => Promise<void> = async () => {};

  const base: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    ...devSecrets(),
    LOG_LEVEL: process.env.LOG_LEVEL || 'error',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
    NO_PROXY: '127.0.0.1,localhost',
    PLIVO_AUTH_ID: undefined,
    PLIVO_AUTH_TOKEN: undefined,
    PLIVO_APP_ID: undefined,
    PLIVO_API_URL: undefined,
    PLIVO_SIMULATED: undefined,
    PLIVO_TIMEOUT_MS: undefined,
    TEXTING_SEED_DEMO: 'false',
    TEXTING_JOBS: 'false',
  };

  if (db === 'postgres') {
    const name = `texting_t_${tag}`;
    await withPg((c) => c.query(`CREATE DATABASE ${name}`));
    dropDb = () => withPg((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined);
    const u = new URL(PG_ADMIN_URL);
    u.pathname = `/${name}`;
    Object.assign(base, { DATABASE_CLIENT: 'postgres', DATABASE_URL: u.toString(), DATABASE_POOL_MIN: '0' });
  } else {
    const file = path.join(ROOT, '.tmp', `test_${tag}.db`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    Object.assign(base, { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file, DATABASE_URL: undefined });
    dropDb = async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    };
  }

  for (const [k, v] of Object.entries({ ...base, ...env })) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }

  let strapi: Core.Strapi;
  try {
    strapi = await createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist') }).load();
    await strapi.listen();
  } catch (e) {
    await dropDb();
    throw e;
  }

  return {
    strapi,
    url,
    db,
    http: () => request.agent(url),
    stop: async () => {
      await strapi.destroy();
      await dropDb();
    },
  };
}

/** Whether PostgreSQL answers at TEST_PG_URL (used by scripts/test.js and to skip e2e variants). */
export async function pgReachable(): Promise<boolean> {
  try {
    await withPg((c) => c.query('select 1'));
    return true;
  } catch {
    return false;
  }
}
