import type { Core } from '@strapi/strapi';

/**
 * `plugin::texting.any-of`: passes when the user holds at least one of `config.actions` (Strapi's
 * `admin::hasPermissions` needs all of them). The office and agent lists serve both the settings pages and
 * the pickers of the numbers, campaigns and inbox pages.
 */
const anyOf = (policyCtx: { state?: { userAbility?: { can(action: string): boolean } } }, config: { actions: string[] }) =>
  Boolean(policyCtx.state?.userAbility && config.actions.some((a) => policyCtx.state!.userAbility!.can(a)));

const policies = { 'any-of': anyOf };

/** The policies' names, so that a route naming one that does not exist fails to compile (routes/route.ts). */
export type PolicyName = keyof typeof policies;

export default policies as Record<PolicyName, (ctx: never, config: never, deps: { strapi: Core.Strapi }) => boolean>;
