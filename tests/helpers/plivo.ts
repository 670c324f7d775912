/**
 * The app booted against an in-process Plivo simulator (the same wiring `npm run develop` uses with the CLI),
 * and a receiver that captures callbacks as they arrive on the wire.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import { startSimulator, type Simulator } from '../../simulator/src/server';
import { startApp, type TestApp } from './app';

export const PLIVO_AUTH_ID = 'MATESTPROVISIONING0001';
export const PLIVO_AUTH_TOKEN = 'test-plivo-token-123';
export const PLIVO_APP_ID = 'test-app-42';

export interface PlivoApp {
  app: TestApp;
  sim: Simulator;
  stop: () => Promise<void>;
}

/** Simulator first (its origin is the app's PLIVO_API_URL), then the app; `env` overrides either's settings. */
export async function startAppWithSimulator(env: Record<string, string | undefined> = {}, seed = 7): Promise<PlivoApp> {
  const sim = await startSimulator({ authId: PLIVO_AUTH_ID, authToken: PLIVO_AUTH_TOKEN, seed });
  let app: TestApp;
  try {
    app = await startApp({
      PLIVO_AUTH_ID,
      PLIVO_AUTH_TOKEN,
      PLIVO_APP_ID,
      PLIVO_API_URL: sim.origin,
      PLIVO_SIMULATED: 'true',
      ...env,
    });
  } catch (e) {
    await sim.close();
    throw e;
  }
  sim.state.messageUrl = `${app.url}/api/texting/webhooks/plivo/message`;
  return {
    app,
    sim,
    stop: async () => {
      await app.stop();
      await sim.close();
    },
  };
}

export interface Captured {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: http.IncomingHttpHeaders;
  params: Record<string, string>;
}

/** A stand-in for the app's webhook endpoint: records each request (headers + form body) and answers 200. */
export async function startReceiver(): Promise<{ origin: string; port: number; received: Captured[]; close(): Promise<void> }> {
  const received: Captured[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const params: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) params[k] = v;
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, params });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
