import type { Core } from '@strapi/strapi';
import type { AdminContext } from '../utils/context';
import { parse } from '../utils/validate';
import { documentIdParams } from '../validation/common';
import { errors } from '@strapi/utils';
import { availableNumbersQuery, provisionBody, releaseUnmanagedBody } from '../validation/provisioning';
import { getService } from '../utils/get-service';
import { assertNumberInScope, assertOfficeInScope, mayDo, officeScope } from '../guards/office-scope';

const service = (strapi: Core.Strapi) => getService(strapi, 'provisioning');

/**
 * Numbers rented at Plivo but not managed here, and the account itself, belong to no office: only a permission
 * without the office condition reaches them (docs/DECISIONS.md, "Provider page").
 */
const orgLevel = (ctx: AdminContext, action: 'numbersProvision' | 'numbersDelete') => officeScope(ctx, action) === null;

function assertOrgLevel(ctx: AdminContext, action: 'numbersProvision' | 'numbersDelete', what: string) {
  if (!orgLevel(ctx, action)) throw new errors.PolicyError(`Only users whose permission is not limited to their offices may ${what}.`);
}

const overviewAccess = (ctx: AdminContext) => ({
  scope: officeScope(ctx, 'numbersRead'),
  mayImport: orgLevel(ctx, 'numbersProvision'),
  mayRelease: orgLevel(ctx, 'numbersDelete'),
  mayActivate: mayDo(ctx, 'numbersUpdate'),
  maySync: mayDo(ctx, 'numbersUpdate'),
});
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
    await assertNumberInScope(strapi, documentId, officeScope(ctx, 'numbersUpdate'));
    ctx.body = { data: await service(strapi).activate(documentId, userId(ctx)) };
  },

  async sync(ctx: AdminContext) {
    ctx.body = { data: await service(strapi).sync() };
  },

  /** The Provider page. */
  async overview(ctx: AdminContext) {
    ctx.body = { data: await service(strapi).overview(overviewAccess(ctx)) };
  },

  /** "Sync now": runs provider sync, then answers the page as it now is. */
  async syncNow(ctx: AdminContext) {
    await service(strapi).sync();
    ctx.body = { data: await service(strapi).overview(overviewAccess(ctx)) };
  },

  /** "Import into an office": org-level (numbers.provision without an office condition), then the provisioning checks. */
  async importUnmanaged(ctx: AdminContext) {
    assertOrgLevel(ctx, 'numbersProvision', 'import numbers that belong to no office yet');
    const input = parse(provisionBody, ctx.request.body, 'phone number');
    const { row } = await service(strapi).importNumber(input, userId(ctx));
    ctx.status = 201;
    ctx.body = { data: row };
  },

  /** "Release" of an unmanaged number: org-level (numbers.delete without an office condition). */
  async releaseUnmanaged(ctx: AdminContext) {
    assertOrgLevel(ctx, 'numbersDelete', 'release numbers that belong to no office');
    const { phoneNumber } = parse(releaseUnmanagedBody, ctx.request.body, 'release');
    ctx.body = { data: await service(strapi).releaseUnmanaged(phoneNumber) };
  },
});
