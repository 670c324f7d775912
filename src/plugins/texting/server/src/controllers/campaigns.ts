import type { Core } from '@strapi/strapi';
import type { AdminContext } from '../utils/context';
import { parse } from '../utils/validate';
import { createBody, listQuery, numberOptionsQuery, recipientsBody, updateBody } from '../validation/campaigns';
import { documentIdParams } from '../validation/common';
import { getService } from '../utils/get-service';

const service = (strapi: Core.Strapi) => getService(strapi, 'campaigns');

/** Campaigns (API.md): list, number options, detail with progress, create, edit, recipients, schedule, archive. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: AdminContext) {
    ctx.body = await service(strapi).list(parse(listQuery, ctx.query, 'query'));
  },

  async numberOptions(ctx: AdminContext) {
    const { office } = parse(numberOptionsQuery, ctx.query, 'query');
    ctx.body = await service(strapi).numberOptions(office);
  },

  async findOne(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    ctx.body = { data: await service(strapi).findOne(documentId) };
  },

  async create(ctx: AdminContext) {
    const body = parse(createBody, ctx.request.body, 'campaign');
    ctx.status = 201;
    ctx.body = await service(strapi).create(body, ctx.state.user);
  },

  async update(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    const body = parse(updateBody, ctx.request.body, 'campaign');
    ctx.body = await service(strapi).update(documentId, body, ctx.state.user);
  },

  async recipients(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    const body = parse(recipientsBody, ctx.request.body, 'recipients');
    ctx.body = await service(strapi).importRecipients(documentId, body, ctx.state.user);
  },

  async schedule(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    ctx.body = await service(strapi).schedule(documentId, ctx.state.user);
  },

  async unschedule(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    ctx.body = await service(strapi).unschedule(documentId, ctx.state.user);
  },

  async archive(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    ctx.body = await service(strapi).archive(documentId, ctx.state.user);
  },
});
