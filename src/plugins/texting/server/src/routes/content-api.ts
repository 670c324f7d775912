/** Public routes (under /api/texting/…): Plivo's webhooks, authenticated by Plivo's signature instead of a token. */
export default {
  type: 'content-api',
  routes: [] as Array<Record<string, unknown>>,
};
