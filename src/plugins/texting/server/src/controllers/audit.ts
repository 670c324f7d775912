import type { Core } from '@strapi/strapi';
import type { AdminContext } from '../utils/context';
import { parse } from '../utils/validate';
import { getService } from '../utils/get-service';
import { officeScope } from '../guards/office-scope';
import { optOutExportQuery, optOutImportBody, optOutLogQuery, releasedParams, releasedQuery } from '../validation/opt-out-log';
import { optOutExportFileName } from '../services/opt-out-log';
import { errors } from '@strapi/utils';

/** The audit that outlives a number: released numbers with their history, and the opt-out log (issue 13). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async released(ctx: AdminContext) {
    ctx.body = await getService(strapi, 'history').released(parse(releasedQuery, ctx.query, 'query'), officeScope(ctx, 'numbersRead'));
  },

  async releasedHistory(ctx: AdminContext) {
    const { phoneNumber } = parse(releasedParams, ctx.params, 'path');
    ctx.body = { data: await getService(strapi, 'history').releasedHistory(phoneNumber, officeScope(ctx, 'numbersRead')) };
  },

  async optOuts(ctx: AdminContext) {
    ctx.body = await getService(strapi, 'optOutLog').list(parse(optOutLogQuery, ctx.query, 'query'), officeScope(ctx, 'inboxRead'));
  },

  async exportOptOuts(ctx: AdminContext) {
    const query = parse(optOutExportQuery, ctx.query, 'query');
    ctx.set('Content-Disposition', `attachment; filename="${optOutExportFileName()}"`);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = getService(strapi, 'optOutLog').export(query, officeScope(ctx, 'inboxRead'));
  },

  /** A suppression list: lines of no office, so only users whose inbox rights are not limited to offices may import. */
  async importOptOuts(ctx: AdminContext) {
    const body = parse(optOutImportBody, ctx.request.body, 'opt-out import');
    if (officeScope(ctx, 'inboxReply') !== null) {
      throw new errors.PolicyError('Importing opt-outs applies to every office; ask an administrator whose rights are not limited to offices.');
    }
    ctx.body = { data: await getService(strapi, 'optOutLog').importList(body.csv, ctx.state.user?.id ?? null, body.note) };
  },
});
