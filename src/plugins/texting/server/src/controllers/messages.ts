import type { Core } from '@strapi/strapi';
import type { AdminContext } from '../utils/context';
import { getService } from '../utils/get-service';
import { parse } from '../utils/validate';
import { directBody } from '../validation/inbox';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** A new 1:1 text from one of the office's numbers (rule 1, rule 10). */
  async create(ctx: AdminContext) {
    const body = parse(directBody, ctx.request.body, 'text');
    ctx.status = 201;
    ctx.body = await getService(strapi, 'inbox').sendDirect(ctx.state.user, body);
  },
});
