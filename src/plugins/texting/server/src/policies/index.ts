import type { Core } from '@strapi/strapi';

/**
 * `plugin::texting.any-of`: passes when the user holds at least one of `config.actions` (Strapi's
 * `admin::hasPermissions` needs all of them). The office and agent lists serve both the settings pages and
 * the pickers of the numbers, campaigns and inbox pages.
 */
const anyOf = (policyCtx: { state?: { userAbility?: { can(action: string): boolean } } }, config: { actions: string[] }) =>
  Boolean(policyCtx.state?.userAbility && config.actions.some((a) => policyCtx.state!.userAbility!.can(a)));

export default { 'any-of': anyOf } as Record<string, (ctx: never, config: never, deps: { strapi: Core.Strapi }) => boolean>;
