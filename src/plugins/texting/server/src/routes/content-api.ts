/** Public routes (under /api/texting/…): Plivo's webhooks, authenticated by Plivo's signature instead of a token. */
export default {
  type: 'content-api',
  routes: [
    { method: 'POST', path: '/webhooks/plivo/message', handler: 'webhooks.message', config: { auth: false } },
    { method: 'POST', path: '/webhooks/plivo/status', handler: 'webhooks.status', config: { auth: false } },
  ] as Array<Record<string, unknown>>,
};
