import type { Core } from '@strapi/strapi';
import type { AdminContext } from '../utils/context';
import { parse } from '../utils/validate';
import { documentIdParams } from '../validation/common';
import { availableNumbersQuery, provisionBody } from '../validation/provisioning';
import { getService } from '../utils/get-service';
import { assertNumberInScope, assertOfficeInScope, officeScope } from '../guards/office-scope';

const service = (strapi: Core.Strapi) => getService(strapi, 'provisioning');
const userId = (ctx: AdminContext): number | undefined => ctx.state.user?.id;

/** Number search, provisioning, release, manual activation and provider sync (API.md). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async availableNumbers(ctx: AdminContext) {
    const { areaCode, limit } = parse(availableNumbersQuery, ctx.query, 'search');
    ctx.body = { data: await service(strapi).searchAvailable(areaCode, limit) };
  },

  async provision(ctx: AdminContext) {
    const input = parse(provisionBody, ctx.request.body, 'phone number');
    await assertOfficeInScope(strapi, input.office, officeScope(ctx, 'numbersProvision'));
    const { row, note } = await service(strapi).provision(input, userId(ctx));
    ctx.status = 201;
    ctx.body = { data: row, meta: { note } };
  },

  async release(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    await assertNumberInScope(strapi, documentId, officeScope(ctx, 'numbersDelete'));
    ctx.body = { data: await service(strapi).release(documentId, userId(ctx)) };
  },

  async activate(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    ctx.body = { data: await service(strapi).activate(documentId, userId(ctx)) };
  },

  async sync(ctx: AdminContext) {
    ctx.body = { data: await service(strapi).sync() };
  },
});
