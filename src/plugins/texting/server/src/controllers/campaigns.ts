import type { Core } from '@strapi/strapi';
import type { AdminContext } from '../utils/context';
import { parse } from '../utils/validate';
import { createBody, listQuery, numberOptionsQuery, recipientsBody, recipientsPageQuery, updateBody } from '../validation/campaigns';
import { documentIdParams } from '../validation/common';
import { getService } from '../utils/get-service';
import { readUploadedText } from '../utils/multipart';
import { IMPORT_FILE_MAX_BYTES } from '../../../shared/contracts';
import { recipientsPage } from '../services/campaigns/recipients-page';
import { dispatchStatus } from '../services/campaigns/pause';

import { StatusError } from '../utils/errors';
import { assertCampaignInScope, assertOfficeInScope, assertOfficeVisible, mayDo, officeScope } from '../guards/office-scope';

const service = (strapi: Core.Strapi) => getService(strapi, 'campaigns');

/** Buying a single-use number for a campaign is provisioning: it needs `numbers.provision` as well. */
const assertMayProvision = (ctx: AdminContext, body: { singleUseAreaCode?: string | null }) => {
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
  async find(ctx: AdminContext) {
    ctx.body = await service(strapi).list({ ...parse(listQuery, ctx.query, 'query'), scope: officeScope(ctx, 'campaignsRead') });
  },

  async numberOptions(ctx: AdminContext) {
    const { office } = parse(numberOptionsQuery, ctx.query, 'query');
    await assertOfficeVisible(strapi, office, officeScope(ctx, 'campaignsRead'));
    ctx.body = await service(strapi).numberOptions(office);
  },

  async findOne(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    await assertCampaignInScope(strapi, documentId, officeScope(ctx, 'campaignsRead'));
    // `dispatch`: whether sending is paused and why (the campaign page's banner).
    ctx.body = { data: { ...(await service(strapi).findOne(documentId)), dispatch: await dispatchStatus(strapi) } };
  },

  /** What archiving would stop: unsent texts, the single-use number (the archive dialog). */
  async impact(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    await assertCampaignInScope(strapi, documentId, officeScope(ctx, 'campaignsRead'));
    ctx.body = { data: await service(strapi).archiveImpact(documentId) };
  },

  async create(ctx: AdminContext) {
    const body = parse(createBody, ctx.request.body, 'campaign');
    assertMayProvision(ctx, body);
    await assertOfficeInScope(strapi, body.office, officeScope(ctx, 'campaignsManage'));
    ctx.status = 201;
    ctx.body = await service(strapi).create(body, ctx.state.user);
  },

  async update(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    const body = parse(updateBody, ctx.request.body, 'campaign');
    assertMayProvision(ctx, body);
    const scope = officeScope(ctx, 'campaignsManage');
    await assertCampaignInScope(strapi, documentId, scope);
    await assertOfficeInScope(strapi, body.office, scope);
    ctx.body = await service(strapi).update(documentId, body, ctx.state.user);
  },

  async recipients(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    await assertCampaignInScope(strapi, documentId, officeScope(ctx, 'campaignsManage'));
    // A CSV file as multipart/form-data (field `file`, optional `mode`), or JSON `{ csv }` / `{ recipients }`.
    const input = ctx.is('multipart')
      ? await readUploadedText(ctx, IMPORT_FILE_MAX_BYTES).then(({ text, fields }) => ({ ...fields, csv: text }))
      : ctx.request.body;
    const body = parse(recipientsBody, input, 'recipients');
    ctx.body = await service(strapi).importRecipients(documentId, body, ctx.state.user);
  },

  async recipientsPage(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    await assertCampaignInScope(strapi, documentId, officeScope(ctx, 'campaignsRead'));
    ctx.body = await recipientsPage(strapi, documentId, parse(recipientsPageQuery, ctx.query, 'query'));
  },

  async schedule(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    await assertCampaignInScope(strapi, documentId, officeScope(ctx, 'campaignsManage'));
    ctx.body = await service(strapi).schedule(documentId, ctx.state.user);
  },

  async unschedule(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    await assertCampaignInScope(strapi, documentId, officeScope(ctx, 'campaignsManage'));
    ctx.body = await service(strapi).unschedule(documentId, ctx.state.user);
  },

  async archive(ctx: AdminContext) {
    const { documentId } = parse(documentIdParams, ctx.params);
    await assertCampaignInScope(strapi, documentId, officeScope(ctx, 'campaignsManage'));
    ctx.body = await service(strapi).archive(documentId, ctx.state.user);
  },
});
