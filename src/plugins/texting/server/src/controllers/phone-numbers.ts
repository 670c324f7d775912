import type { Core } from '@strapi/strapi';
import type { AdminContext } from '../utils/context';
import { parse } from '../utils/validate';
import { documentIdParams } from '../validation/common';
import { assertNoImmutableFields, listQuerySchema, updateBodySchema, viewQuerySchema } from '../validation/phone-numbers';
import { exportFileName } from '../services/numbers/export';
import { getService } from '../utils/get-service';
import { assertNumberInScope, assertOfficeInScope, mayDo, officeScope } from '../guards/office-scope';
import { parseBulk } from '../validation/bulk';
import { impactQuery } from '../validation/phone-numbers';
import { errors } from '@strapi/utils';

const numbers = (strapi: Core.Strapi) => getService(strapi, 'numbers');
const userId = (ctx: AdminContext): number | null => ctx.state.user?.id ?? null;

/** A read of one number: the path's documentId, 404 outside the user's offices, then `read`. */
async function readInScope<T>(
  strapi: Core.Strapi,
  ctx: AdminContext,
  read: (service: ReturnType<typeof numbers>, documentId: string) => Promise<T>
): Promise<T> {
  const { documentId } = parse(documentIdParams, ctx.params, 'path');
  await assertNumberInScope(strapi, documentId, officeScope(ctx, 'numbersRead'));
  return read(numbers(strapi), documentId);
}

/** The Phone Numbers page: list, CSV export, detail, edit, scheduled campaigns, history, health (API.md, API-ADDITIONS.md). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: AdminContext) {
    ctx.body = await numbers(strapi).list({ ...parse(listQuerySchema, ctx.query, 'query'), scope: officeScope(ctx, 'numbersRead') });
  },

  async export(ctx: AdminContext) {
    const view = { ...parse(viewQuerySchema, ctx.query, 'query'), scope: officeScope(ctx, 'numbersExport') };
    ctx.set('Content-Disposition', `attachment; filename="${exportFileName()}"`);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = numbers(strapi).export(view);
  },

  async findOne(ctx: AdminContext) {
    ctx.body = { data: await readInScope(strapi, ctx, (service, documentId) => service.findOne(documentId)) };
  },

  async scheduledCampaigns(ctx: AdminContext) {
    ctx.body = { data: await readInScope(strapi, ctx, (service, documentId) => service.scheduledCampaigns(documentId)) };
  },

  async history(ctx: AdminContext) {
    const scope = officeScope(ctx, 'numbersRead');
    ctx.body = { data: await readInScope(strapi, ctx, (service, documentId) => service.history(documentId, scope)) };
  },

  /** What a delete (or, with `?office=`, a move) would do to the number's campaigns, conversations and inboxes. */
  async impact(ctx: AdminContext) {
    const { office } = parse(impactQuery, ctx.query, 'query');
    const scope = officeScope(ctx, 'numbersRead');
    await assertOfficeInScope(strapi, office, scope);
    ctx.body = { data: await readInScope(strapi, ctx, (service, documentId) => service.impact(documentId, office)) };
  },

  /** One request, many rows: each checked as its single request would be, with office scoping per row. */
  async bulk(ctx: AdminContext) {
    const input = parseBulk(ctx.request.body);
    const action = input.action === 'release' ? 'numbersDelete' : 'numbersUpdate';
    if (!mayDo(ctx, action)) throw new errors.PolicyError(`You may not ${input.action === 'release' ? 'release' : 'edit'} phone numbers.`);
    const scope = officeScope(ctx, action);
    await assertOfficeInScope(strapi, input.update?.office, scope, 'data.office');
    ctx.body = { data: await numbers(strapi).bulk(input, scope, userId(ctx)) };
  },

  async health(ctx: AdminContext) {
    ctx.body = { data: await readInScope(strapi, ctx, (service, documentId) => service.health(documentId)) };
  },

  async update(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params, 'path');
    const raw: unknown = ctx.request.body;
    assertNoImmutableFields(raw);
    const body = parse(updateBodySchema, raw, 'phone number');
    const scope = officeScope(ctx, 'numbersUpdate');
    await assertNumberInScope(strapi, documentId, scope);
    await assertOfficeInScope(strapi, body.office, scope);
    ctx.body = { data: await numbers(strapi).update(documentId, body, userId(ctx)) };
  },
});
