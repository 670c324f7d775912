import type { Core } from '@strapi/strapi';
import { parse } from '../utils/validate';
import { documentIdParams } from '../services/campaigns/schemas';
import { dispatchStatus } from '../services/campaigns/pause';
import { retryFailed } from '../services/campaigns/retry-failed';

/** Sending health: whether sending is paused and why; "Retry failed" on a campaign. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async dispatchStatus(ctx: any) {
    ctx.body = { data: await dispatchStatus(strapi) };
  },

  async retryFailed(ctx: any) {
    const { documentId } = parse(documentIdParams, ctx.params);
    ctx.body = { data: await retryFailed(strapi, documentId, ctx.state.user) };
  },
});
