import type { Core } from '@strapi/strapi';
import type { AdminContext } from '../utils/context';
import { parse } from '../utils/validate';
import { markNotificationsBody, notificationSettingsBody, notificationsQuery } from '../validation/notifications';
import { getService } from '../utils/get-service';
import { officeScope } from '../guards/office-scope';
import type { NotificationScopes } from '../services/notifications';

const service = (strapi: Core.Strapi) => getService(strapi, 'notifications');

/** Number events by the user's numbers.read offices, campaign events by their campaigns.read offices (rule 12). */
const scopes = (ctx: AdminContext): NotificationScopes => ({
  numbers: officeScope(ctx, 'numbersRead'),
  campaigns: officeScope(ctx, 'campaignsRead'),
});

/** The notification list of the Texting pages, read/unread per admin user (docs/API-ADDITIONS.md). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: AdminContext) {
    const q = parse(notificationsQuery, ctx.query, 'query');
    ctx.body = await service(strapi).list(ctx.state.user.id, scopes(ctx), { page: q.page, pageSize: q.pageSize, unreadOnly: q.unread === 'true' });
  },

  async unreadCount(ctx: AdminContext) {
    ctx.body = { data: { unread: await service(strapi).unreadCount(ctx.state.user.id, scopes(ctx)) } };
  },

  async mark(ctx: AdminContext) {
    const body = parse(markNotificationsBody, ctx.request.body, 'notifications');
    ctx.body = { data: await service(strapi).mark(ctx.state.user.id, scopes(ctx), body) };
  },

  async settings(ctx: AdminContext) {
    ctx.body = { data: await service(strapi).settings(ctx.state.user.id) };
  },

  async updateSettings(ctx: AdminContext) {
    const { email } = parse(notificationSettingsBody, ctx.request.body, 'notification settings');
    ctx.body = { data: await service(strapi).updateSettings(ctx.state.user.id, email) };
  },
});
