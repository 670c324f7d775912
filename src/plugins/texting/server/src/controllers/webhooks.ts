import type { Core } from '@strapi/strapi';
import type { WebhookContext } from '../utils/context';
import { ProviderError } from '../provider/types';
import { ServiceUnavailableError } from '../utils/errors';
import { getService } from '../utils/get-service';
import { parse } from '../utils/validate';
import { deliveryReport } from '../validation/webhooks';
import { signatureNonce } from '../provider/plivo/signature';
import { claimNonce, releaseNonce } from '../guards/nonces';

/**
 * Plivo's webhooks (content API, `auth: false`): the signature is the authentication. Nothing is read
 * or stored before it checks out. Plivo posts form fields; Strapi's body parser (koa-body) parses
 * `application/x-www-form-urlencoded` into `ctx.request.body`, which is also what the signature covers.
 */
function formParams(ctx: WebhookContext): Record<string, string> {
  const body = ctx.request.body;
  const out: Record<string, string> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && typeof v[0] === 'string') out[k] = v[0];
    else if (v !== undefined && v !== null && typeof v !== 'object') out[k] = String(v);
  }
  return out;
}

const EMPTY_XML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const verified = (ctx: WebhookContext, params: Record<string, string>) => {
    const provider = getService(strapi, 'provider');
    let ok: boolean;
    try {
      ok = provider.verifySignature({ method: 'POST', path: ctx.originalUrl ?? ctx.url, params, headers: ctx.request.headers });
    } catch (e) {
      // Without an auth token no signature can be checked: 503, so that nothing is stored and Plivo retries later.
      if (e instanceof ProviderError && e.kind === 'not_configured') throw new ServiceUnavailableError(e.message);
      throw e;
    }
    if (!ok) {
      strapi.log.warn(`[texting] rejected a webhook with a missing or wrong Plivo signature: ${ctx.method} ${ctx.originalUrl}`);
      refuse(ctx, 'Missing or invalid Plivo signature');
    }
    return ok;
  };

  const refuse = (ctx: WebhookContext, message: string) => {
    ctx.status = 403;
    ctx.body = { data: null, error: { status: 403, name: 'ForbiddenError', message, details: {} } };
  };

  /** The signature and its nonce; null (403 answered) when either is wrong. */
  const signed = (ctx: WebhookContext): { params: Record<string, string>; nonce: string } | null => {
    const params = formParams(ctx);
    if (!verified(ctx, params)) return null;
    const used = signatureNonce(ctx.request.headers);
    if (!used) {
      refuse(ctx, 'Missing or invalid Plivo signature');
      return null;
    }
    return { params, nonce: `${used.version}:${used.nonce}` };
  };

  const replayRefused = (ctx: WebhookContext) => {
    strapi.log.warn(`[texting] rejected a replayed webhook (nonce already used): ${ctx.method} ${ctx.originalUrl}`);
    refuse(ctx, 'This Plivo signature was already used: replayed requests are refused');
  };

  return {
    /**
     * Inbound text. 200 (empty Plivo XML) only once the text is stored; replies go out through the adapter.
     * The nonce is claimed in the transaction that stores the text: a replay answers 403 and stores nothing,
     * and a failure (5xx) leaves no claim behind, so Plivo's retry is not taken for a replay.
     */
    async message(ctx: WebhookContext) {
      const req = signed(ctx);
      if (!req) return;
      const outcome = await getService(strapi, 'routing').receive(req.params, { nonce: req.nonce });
      if (outcome.replayed) return replayRefused(ctx);
      ctx.set('X-Texting-Outcome', outcome.duplicate ? 'duplicate' : outcome.orphaned ? 'orphaned' : 'stored');
      ctx.type = 'application/xml';
      ctx.body = EMPTY_XML;
    },

    /**
     * Delivery report: moves the message's status up (never down); reports for unknown UUIDs are kept.
     * Its nonce is claimed on its own (a replay answers 403) and given back when handling fails.
     */
    async status(ctx: WebhookContext) {
      const req = signed(ctx);
      if (!req) return;
      if (!(await claimNonce(strapi, req.nonce))) return replayRefused(ctx);
      try {
        const report = parse(deliveryReport, req.params, 'Plivo delivery report');
        const outcome = await getService(strapi, 'inbox').applyDeliveryReport(report);
        ctx.set('X-Texting-Outcome', outcome);
        ctx.type = 'application/xml';
        ctx.body = EMPTY_XML;
      } catch (err) {
        await releaseNonce(strapi, req.nonce).catch(() => undefined);
        throw err;
      }
    },
  };
};
