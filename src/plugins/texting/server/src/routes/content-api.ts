import { route, router, type RouteConfig } from './route';

/**
 * Public routes (under /api/texting/…): Plivo's webhooks, authenticated by Plivo's signature instead of a token.
 * The plugin's error middleware keeps 503 (Plivo not configured) a 503, so Plivo retries and the log says why.
 */
const WEBHOOK: RouteConfig = { auth: false, middlewares: ['plugin::texting.texting-errors'] };

export default router('content-api', [
  route('POST', '/webhooks/plivo/message', 'webhooks.message', WEBHOOK),
  route('POST', '/webhooks/plivo/status', 'webhooks.status', WEBHOOK),
]);
