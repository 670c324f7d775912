/**
 * Public routes (under /api/texting/…): Plivo's webhooks, authenticated by Plivo's signature instead of a token.
 * The plugin's error middleware keeps 503 (Plivo not configured) a 503, so Plivo retries and the log says why.
 */
const WEBHOOK = { auth: false, middlewares: ['plugin::texting.texting-errors'] };

export default {
  type: 'content-api',
  routes: [
    { method: 'POST', path: '/webhooks/plivo/message', handler: 'webhooks.message', config: WEBHOOK },
    { method: 'POST', path: '/webhooks/plivo/status', handler: 'webhooks.status', config: WEBHOOK },
  ] as Array<Record<string, unknown>>,
};
