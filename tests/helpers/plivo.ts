/**
 * The app booted against an in-process Plivo simulator (the same wiring `npm run develop` uses with the CLI),
 * and a receiver that captures callbacks as they arrive on the wire.
 */
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

export { startReceiver, type Captured } from './receiver';
