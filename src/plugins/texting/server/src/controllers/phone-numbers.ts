import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { parse } from '../utils/validate';
import { documentIdParams } from '../validation/common';
import { assertNoImmutableFields, listQuerySchema, updateBodySchema, viewQuerySchema } from '../validation/phone-numbers';
import { exportFileName } from '../services/numbers/export';
import { getService } from '../utils/get-service';

const numbers = (strapi: Core.Strapi) => getService(strapi, 'numbers');
const userId = (ctx: Context): number | null => (ctx.state?.user as { id?: number } | undefined)?.id ?? null;

/** The Phone Numbers page: list, CSV export, detail, edit, scheduled campaigns, history (API.md). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    ctx.body = await numbers(strapi).list(parse(listQuerySchema, ctx.query, 'query'));
  },

  async export(ctx: Context) {
    const view = parse(viewQuerySchema, ctx.query, 'query');
    ctx.set('Content-Disposition', `attachment; filename="${exportFileName()}"`);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = numbers(strapi).export(view);
  },

  async findOne(ctx: Context) {
    const { documentId } = parse(documentIdParams, ctx.params, 'path');
    ctx.body = { data: await numbers(strapi).findOne(documentId) };
  },

  async scheduledCampaigns(ctx: Context) {
    const { documentId } = parse(documentIdParams, ctx.params, 'path');
    ctx.body = { data: await numbers(strapi).scheduledCampaigns(documentId) };
  },

  async history(ctx: Context) {
    const { documentId } = parse(documentIdParams, ctx.params, 'path');
    ctx.body = { data: await numbers(strapi).history(documentId) };
  },

  async update(ctx: Context) {
    const { documentId } = parse(documentIdParams, ctx.params, 'path');
    const raw = (ctx.request as unknown as { body?: unknown }).body;
    assertNoImmutableFields(raw);
    const body = parse(updateBodySchema, raw, 'phone number');
    ctx.body = { data: await numbers(strapi).update(documentId, body, userId(ctx)) };
  },
});
