import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { BODY_LIMITS, formatBytes } from '../../../shared/contracts';

/**
 * Body limits per route of the plugin (issue 11). Strapi's body middleware (koa-body) has one limit per
 * content type for the whole app; this one runs before it (installed with `strapi.server.use` in `register`,
 * i.e. ahead of the app's configured middlewares) and refuses an oversize body from its Content-Length, before
 * any of it is read: 413 in Strapi's error shape, naming the route's limit. Bodies sent without a length
 * (chunked) are still capped by koa-body's own limits (config/middlewares.ts) and, for the import's file, by the
 * import controller, which checks the file's size.
 */
interface Limit {
  method: string;
  path: RegExp;
  /** What the message calls the route. */
  route: string;
  bytes: number;
  hint?: string;
  when?: (ctx: Context) => boolean;
}

const ADMIN = '/texting/';
const LIMITS: Limit[] = [
  {
    method: 'POST',
    path: /^\/texting\/campaigns\/[^/]+\/recipients\/?$/,
    route: 'POST /texting/campaigns/:documentId/recipients',
    bytes: BODY_LIMITS.importMultipart,
    hint: `(a CSV file of at most ${formatBytes(BODY_LIMITS.importMultipart - 64 * 1024)} as multipart/form-data)`,
    when: (ctx) => Boolean(ctx.is('multipart')),
  },
  {
    method: 'POST',
    path: /^\/texting\/campaigns\/[^/]+\/recipients\/?$/,
    route: 'POST /texting/campaigns/:documentId/recipients',
    bytes: BODY_LIMITS.adminJson,
    hint: '(as JSON; upload a bigger CSV file as multipart/form-data, field "file")',
  },
  { method: 'POST', path: /^\/api\/texting\/webhooks\//, route: 'POST /api/texting/webhooks/plivo/*', bytes: BODY_LIMITS.webhook },
];

function limitFor(ctx: Context): Limit | null {
  const path = ctx.path;
  for (const l of LIMITS) {
    if (l.method === ctx.method && l.path.test(path) && (!l.when || l.when(ctx))) return l;
  }
  if (path.startsWith(ADMIN) && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) {
    return { method: ctx.method, path: /./, route: `${ctx.method} ${path}`, bytes: BODY_LIMITS.adminJson };
  }
  return null;
}

/**
 * A plain Koa `Context`, not `AdminContext`: the middleware sees every request of the app (admin, content API,
 * static files) before any authentication has put a user on `ctx.state`.
 */
export function bodyLimits() {
  return async (ctx: Context, next: Next) => {
    const limit = limitFor(ctx);
    const length = Number(ctx.get('content-length') || 0);
    if (limit && length > limit.bytes) {
      const message = `The request body is ${formatBytes(length)}; ${limit.route} accepts at most ${formatBytes(limit.bytes)}${limit.hint ? ` ${limit.hint}` : ''}.`;
      ctx.status = 413;
      ctx.set('Connection', 'close'); // the body is not read: don't keep the connection for another request
      ctx.body = { data: null, error: { status: 413, name: 'PayloadTooLargeError', message, details: { limit: limit.bytes, length } } };
      return;
    }
    await next();
  };
}

export function registerBodyLimits(strapi: Core.Strapi) {
  strapi.server.use(bodyLimits());
}
