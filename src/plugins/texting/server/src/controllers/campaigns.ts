import type { Core } from '@strapi/strapi';
import { parse } from '../utils/validate';
import {
  createBody,
  documentIdParams,
  listQuery,
  numberOptionsQuery,
  recipientsBody,
  updateBody,
} from '../services/campaigns/schemas';

import { StatusError } from '../utils/errors';
import { assertCampaignInScope, assertOfficeInScope, assertOfficeVisible, mayDo, officeScope } from '../guards/office-scope';

const service = (strapi: Core.Strapi) => strapi.plugin('texting').service('campaigns');

/** Buying a single-use number for a campaign is provisioning: it needs `numbers.provision` as well. */
const assertMayProvision = (ctx: any, body: { singleUseAreaCode?: string | null }) => {
  if (body.singleUseAreaCode && !mayDo(ctx, 'numbersProvision')) {
    throw new StatusError(
      'singleUseAreaCode: buying a single-use number needs the "Provision phone numbers" permission; choose one of the office\'s reusable numbers instead.',
      403,
      'ForbiddenError'
    );
  }
};

/** Campaigns (API.md): list, number options, detail with progress, create, edit, recipients, schedule, archive. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: any) {
    ctx.body = await service(strapi).list({ ...parse(listQuery, ctx.query, 'query'), scope: officeScope(ctx, 'campaignsRead') });
  },

  async numberOptions(ctx: any) {
    const { office } = parse(numberOptionsQuery, ctx.query, 'query');
    await assertOfficeVisible(strapi, office, officeScope(ctx, 'campaignsRead'));
    ctx.body = await service(strapi).numberOptions(office);
  },

  async findOne(ctx: any) {
    const { documentId } = parse(documentIdParams, ctx.params);
    await assertCampaignInScope(strapi, documentId, officeScope(ctx, 'campaignsRead'));
    ctx.body = { data: await service(strapi).findOne(documentId) };
  },

  async create(ctx: any) {
    const body = parse(createBody, ctx.request.body, 'campaign');
    assertMayProvision(ctx, body);
    await assertOfficeInScope(strapi, body.office, officeScope(ctx, 'campaignsManage'));
    ctx.status = 201;
    ctx.body = await service(strapi).create(body, ctx.state.user);
  },

  async update(ctx: any) {
    const { documentId } = parse(documentIdParams, ctx.params);
    const body = parse(updateBody, ctx.request.body, 'campaign');
    assertMayProvision(ctx, body);
    const scope = officeScope(ctx, 'campaignsManage');
    await assertCampaignInScope(strapi, documentId, scope);
    await assertOfficeInScope(strapi, body.office, scope);
    ctx.body = await service(strapi).update(documentId, body, ctx.state.user);
  },

  async recipients(ctx: any) {
    const { documentId } = parse(documentIdParams, ctx.params);
    await assertCampaignInScope(strapi, documentId, officeScope(ctx, 'campaignsManage'));
    const body = parse(recipientsBody, ctx.request.body, 'recipients');
    ctx.body = await service(strapi).importRecipients(documentId, body, ctx.state.user);
  },

  async schedule(ctx: any) {
    const { documentId } = parse(documentIdParams, ctx.params);
    await assertCampaignInScope(strapi, documentId, officeScope(ctx, 'campaignsManage'));
    ctx.body = await service(strapi).schedule(documentId, ctx.state.user);
  },

  async unschedule(ctx: any) {
    const { documentId } = parse(documentIdParams, ctx.params);
    await assertCampaignInScope(strapi, documentId, officeScope(ctx, 'campaignsManage'));
    ctx.body = await service(strapi).unschedule(documentId, ctx.state.user);
  },

  async archive(ctx: any) {
    const { documentId } = parse(documentIdParams, ctx.params);
    await assertCampaignInScope(strapi, documentId, officeScope(ctx, 'campaignsManage'));
    ctx.body = await service(strapi).archive(documentId, ctx.state.user);
  },
});
