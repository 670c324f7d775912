import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { errors } from '@strapi/utils';
import { BODY_LIMITS, formatBytes } from '../../../shared/contracts';
import { StatusError } from '../utils/errors';

/**
 * The webhook lane (issue 14). Plivo's form-encoded webhooks are served here, ahead of the app's configured
 * middlewares, instead of after them: Strapi's stack (logger, error formatter, helmet rebuilt from its options on
 * every request, CORS, query and body parsers re-validating their options, session, router matching every route)
 * cost about 0.5 ms of CPU per request, which was a third of what an inbound text cost the app, and none of it is
 * needed by a machine-to-machine POST whose signature is its authentication.
 *
 * What those middlewares did for this route is done here, deliberately:
 * - the body is read with the route's limit (413 in Strapi's error shape, also for a body sent without a length)
 *   and parsed as a form, first value of a repeated field (what the controller keeps of koa-body's parse);
 * - errors are answered as Strapi's error middleware answers them (same statuses, names and body shape; anything
 *   unexpected is logged and answered 500 "Internal Server Error"), the plugin's StatusErrors with their status;
 * - the security headers Strapi's default `strapi::security` sets are set (a fixed set: this answer is XML or JSON
 *   for Plivo, never a page);
 * - each request is logged at the `http` level as `strapi::logger` logs it.
 * The controller is the route's own (`webhooks.message`/`webhooks.status`), so the signature, nonce and storage
 * rules are the same code. Anything else on these paths (another method or content type, e.g. JSON) falls through
 * to Strapi's stack and the route as before.
 */

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
};

/** Strapi's error middleware's statuses for its ApplicationErrors (anything else of that family is a 400). */
const STATUS_OF: Array<[new (...args: never[]) => Error, number]> = [
  [errors.UnauthorizedError, 401],
  [errors.ForbiddenError, 403],
  [errors.NotFoundError, 404],
  [errors.PayloadTooLargeError, 413],
  [errors.RateLimitError, 429],
  [errors.NotImplementedError, 501],
];

class BodyTooLarge extends Error {}

/** Reads the request body up to `limit` bytes (a longer one stops being read: BodyTooLarge). */
async function readBody(ctx: Context, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A form body as the webhook controller reads it: field name → its first value. */
export function parseForm(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (!(key in out)) out[key] = value;
  }
  return out;
}

function answerError(strapi: Core.Strapi, ctx: Context, error: unknown) {
  let status: number;
  let name: string;
  let message: string;
  let details: unknown = {};
  if (error instanceof StatusError) {
    ({ httpStatus: status, name, message } = error);
    details = error.details ?? {};
  } else if (error instanceof errors.ApplicationError) {
    status = STATUS_OF.find(([type]) => error instanceof type)?.[1] ?? 400;
    ({ name, message, details } = error);
  } else {
    strapi.log.error(error);
    status = 500;
    name = 'InternalServerError';
    message = 'Internal Server Error';
  }
  ctx.status = status;
  ctx.body = { data: null, error: { status, name, message, details } };
}

export function webhookLane(strapi: Core.Strapi) {
  const prefix = strapi.config.get('api.rest.prefix', '/api') as string;
  const actions = new Map<string, 'message' | 'status'>([
    [`${prefix}/texting/webhooks/plivo/message`, 'message'],
    [`${prefix}/texting/webhooks/plivo/status`, 'status'],
  ]);
  return async (ctx: Context, next: Next) => {
    const action = ctx.method === 'POST' ? actions.get(ctx.path) : undefined;
    if (!action || !ctx.is('urlencoded')) return next();
    const started = Date.now();
    ctx.set(SECURITY_HEADERS);
    try {
      ctx.request.body = parseForm(await readBody(ctx, BODY_LIMITS.webhook));
      const controller = strapi.plugin('texting').controller('webhooks') as Record<typeof action, (c: Context) => Promise<void>>;
      await controller[action](ctx);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        ctx.set('Connection', 'close'); // the rest of the body is not read
        answerError(strapi, ctx, new errors.PayloadTooLargeError(`The request body is over ${formatBytes(BODY_LIMITS.webhook)}; POST ${ctx.path} accepts at most ${formatBytes(BODY_LIMITS.webhook)}.`));
      } else answerError(strapi, ctx, error);
    }
    strapi.log.http(`${ctx.method} ${ctx.url} (${Date.now() - started} ms) ${ctx.status}`);
  };
}

/** Installed in `register`, like the body limits: ahead of the app's configured middlewares. */
export function registerWebhookLane(strapi: Core.Strapi) {
  strapi.server.use(webhookLane(strapi));
}
