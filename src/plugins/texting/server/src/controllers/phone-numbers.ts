import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { z } from 'zod';
import { parse } from '../utils/validate';
import { assertNoImmutableFields, listQuerySchema, updateBodySchema, viewQuerySchema } from '../services/numbers/params';
import { exportFileName } from '../services/numbers/export';
import { assertNumberInScope, assertOfficeInScope, officeScope } from '../guards/office-scope';

const params = z.object({ documentId: z.string().min(1).max(64) });
const numbers = (strapi: Core.Strapi) => strapi.plugin('texting').service('numbers');
const userId = (ctx: Context): number | null => (ctx.state?.user as { id?: number } | undefined)?.id ?? null;

/** The Phone Numbers page: list, CSV export, detail, edit, scheduled campaigns, history (API.md). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    ctx.body = await numbers(strapi).list({ ...parse(listQuerySchema, ctx.query, 'query'), scope: officeScope(ctx, 'numbersRead') });
  },

  async export(ctx: Context) {
    const view = { ...parse(viewQuerySchema, ctx.query, 'query'), scope: officeScope(ctx, 'numbersExport') };
    ctx.set('Content-Disposition', `attachment; filename="${exportFileName()}"`);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = numbers(strapi).export(view);
  },

  async findOne(ctx: Context) {
    const { documentId } = parse(params, ctx.params, 'path');
    await assertNumberInScope(strapi, documentId, officeScope(ctx, 'numbersRead'));
    ctx.body = { data: await numbers(strapi).findOne(documentId) };
  },

  async scheduledCampaigns(ctx: Context) {
    const { documentId } = parse(params, ctx.params, 'path');
    await assertNumberInScope(strapi, documentId, officeScope(ctx, 'numbersRead'));
    ctx.body = { data: await numbers(strapi).scheduledCampaigns(documentId) };
  },

  async history(ctx: Context) {
    const { documentId } = parse(params, ctx.params, 'path');
    await assertNumberInScope(strapi, documentId, officeScope(ctx, 'numbersRead'));
    ctx.body = { data: await numbers(strapi).history(documentId) };
  },

  async update(ctx: Context) {
    const { documentId } = parse(params, ctx.params, 'path');
    const raw = (ctx.request as unknown as { body?: unknown }).body;
    assertNoImmutableFields(raw);
    const body = parse(updateBodySchema, raw, 'phone number');
    const scope = officeScope(ctx, 'numbersUpdate');
    await assertNumberInScope(strapi, documentId, scope);
    await assertOfficeInScope(strapi, body.office, scope);
    ctx.body = { data: await numbers(strapi).update(documentId, body, userId(ctx)) };
  },
});
