import type { Core } from '@strapi/strapi';

/**
 * Issue 11: no unhandled rejection can end the process. Node 20 exits on one by default; a background promise
 * that rejects while PostgreSQL restarts (a pool connection dropped under a timer's query, a late Plivo answer)
 * would take the whole app down with it. Every job and timer of the plugin catches and logs its own errors
 * (jobs/run-once.ts, the dispatcher); this is the net under them: the rejection is logged, the process goes on.
 * Installed once per process, removed when the Strapi instance that installed it is destroyed.
 */
let installed: { strapi: Core.Strapi; handler: (reason: unknown) => void } | null = null;

export function installProcessGuard(strapi: Core.Strapi) {
  if (installed) return;
  const handler = (reason: unknown) => {
    const text = reason instanceof Error ? `${reason.message}\n${reason.stack ?? ''}` : String(reason);
    strapi.log.error(`[texting] Unhandled promise rejection (logged; the process keeps running): ${text}`);
  };
  process.on('unhandledRejection', handler);
  installed = { strapi, handler };
}

export function removeProcessGuard(strapi: Core.Strapi) {
  if (!installed || installed.strapi !== strapi) return;
  process.off('unhandledRejection', installed.handler);
  installed = null;
}
