import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { parse } from '../utils/validate';
import { toE164 } from '../utils/phone';

/** The sender test texts come from when the admin gives none (a fictional 555-01xx number). */
export const TEST_FROM = '+12025550199';

const testInboundBody = z
  .object({
    from: z
      .string()
      .trim()
      .optional()
      .transform((s, ctx) => {
        if (!s) return TEST_FROM;
        const e164 = toE164(s);
        if (!e164) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${s}" is not a valid phone number` });
        return e164 ?? '';
      }),
    text: z.string().trim().min(1, 'must not be empty').max(1600),
  })
  .strict();

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const inbox = () => strapi.plugin('texting').service('inbox');
  return {
    async find(ctx: any) {
      ctx.body = await inbox().list(ctx.state.user, ctx.query);
    },
    async findOne(ctx: any) {
      ctx.body = await inbox().thread(ctx.state.user, ctx.params.documentId);
    },
    async olderMessages(ctx: any) {
      ctx.body = await inbox().olderMessages(ctx.state.user, ctx.params.documentId, ctx.query);
    },
    async reply(ctx: any) {
      ctx.status = 201;
      ctx.body = await inbox().reply(ctx.state.user, ctx.params.documentId, ctx.request.body);
    },
    async close(ctx: any) {
      ctx.body = await inbox().close(ctx.state.user, ctx.params.documentId);
    },
    async reassignOptions(ctx: any) {
      ctx.body = await inbox().reassignOptions(ctx.state.user, ctx.params.documentId);
    },
    async fromOptions(ctx: any) {
      ctx.body = await inbox().fromOptions(ctx.state.user);
    },
    async reassign(ctx: any) {
      ctx.body = await inbox().reassign(ctx.state.user, ctx.params.documentId, ctx.request.body);
    },
    /** Test routing from the number's page: a simulated, signed inbound text and where it landed. */
    async testInbound(ctx: any) {
      const input = parse(testInboundBody, ctx.request.body ?? {}, 'test text');
      ctx.body = { data: await strapi.plugin('texting').service('routing').testInbound(ctx.params.documentId, input) };
    },
  };
};
