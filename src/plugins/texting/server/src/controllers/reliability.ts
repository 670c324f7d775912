import type { Core } from '@strapi/strapi';
import type { AdminContext } from '../utils/context';
import { parse } from '../utils/validate';
import { documentIdParams } from '../validation/common';
import { dispatchStatus } from '../services/campaigns/pause';
import { retryFailed } from '../services/campaigns/retry-failed';

/** Sending health: whether sending is paused and why; "Retry failed" on a campaign. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async dispatchStatus(ctx: AdminContext) {
    ctx.body = { data: await dispatchStatus(strapi) };
  },

  async retryFailed(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    ctx.body = { data: await retryFailed(strapi, documentId, ctx.state.user) };
  },
});
