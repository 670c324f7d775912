import type { Core } from '@strapi/strapi';
import type { AdminContext } from '../utils/context';
import { parse } from '../utils/validate';
import { documentIdParams } from '../validation/common';
import { listQuery, olderMessagesQuery, reassignBody, replyBody, testInboundBody } from '../validation/inbox';
import { optOutChangeBody } from '../validation/opt-out-log';
import { getService } from '../utils/get-service';
import { assertNumberInScope, officeScope } from '../guards/office-scope';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const inbox = () => getService(strapi, 'inbox');
  return {
    async find(ctx: AdminContext) {
      ctx.body = await inbox().list(ctx.state.user, parse(listQuery, ctx.query, 'query'));
    },
    async findOne(ctx: AdminContext) {
      const { documentId } = parse(documentIdParams, ctx.params, 'path');
      ctx.body = await inbox().thread(ctx.state.user, documentId);
    },
    async olderMessages(ctx: AdminContext) {
      const { documentId } = parse(documentIdParams, ctx.params, 'path');
      ctx.body = await inbox().olderMessages(ctx.state.user, documentId, parse(olderMessagesQuery, ctx.query, 'query'));
    },
    async reply(ctx: AdminContext) {
      const body = parse(replyBody, ctx.request.body, 'reply');
      const { documentId } = parse(documentIdParams, ctx.params, 'path');
      ctx.status = 201;
      ctx.body = await inbox().reply(ctx.state.user, documentId, body);
    },
    async close(ctx: AdminContext) {
      const { documentId } = parse(documentIdParams, ctx.params, 'path');
      ctx.body = await inbox().close(ctx.state.user, documentId);
    },
    async reassignOptions(ctx: AdminContext) {
      const { documentId } = parse(documentIdParams, ctx.params, 'path');
      ctx.body = await inbox().reassignOptions(ctx.state.user, documentId);
    },
    async fromOptions(ctx: AdminContext) {
      ctx.body = await inbox().fromOptions(ctx.state.user);
    },
    async reassign(ctx: AdminContext) {
      const body = parse(reassignBody, ctx.request.body, 'reassignment');
      const { documentId } = parse(documentIdParams, ctx.params, 'path');
      ctx.body = await inbox().reassign(ctx.state.user, documentId, body);
    },
    /** An opt-out or opt-in the contact asked for outside a keyword, recorded from the thread (source: admin). */
    async setOptOut(ctx: AdminContext) {
      const body = parse(optOutChangeBody, ctx.request.body, 'opt-out change');
      const { documentId } = parse(documentIdParams, ctx.params, 'path');
      ctx.body = await inbox().setOptOut(ctx.state.user, documentId, body);
    },
    /** Test routing from the number's page: a simulated, signed inbound text and where it landed. */
    async testInbound(ctx: AdminContext) {
      const input = parse(testInboundBody, ctx.request.body ?? {}, 'test text');
      const { documentId } = parse(documentIdParams, ctx.params, 'path');
      await assertNumberInScope(strapi, documentId, officeScope(ctx, 'numbersUpdate'));
      ctx.body = { data: await getService(strapi, 'routing').testInbound(documentId, input) };
    },
  };
};
