import type { Core } from '@strapi/strapi';

/**
 * A cron task body that never overlaps itself in this instance (a slow Plivo must not stack runs) and
 * never throws into the scheduler: failures are logged and the next tick tries again.
 */
export function runOnce(strapi: Core.Strapi, label: string, body: () => Promise<unknown>) {
  let running = false;
  return async () => {
    if (running) return;
    running = true;
    try {
      await body();
    } catch (err) {
      strapi.log.error(`[texting] ${label} failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      running = false;
    }
  };
}
