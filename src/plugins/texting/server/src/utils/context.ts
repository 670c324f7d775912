import type { Context } from 'koa';
import type { AdminUser } from '../services/campaigns/access';

/**
 * The Koa context of the plugin's admin routes. Every one of them runs behind Strapi's admin authentication
 * (`admin::isAuthenticatedAdmin` plus an RBAC policy), which puts the signed-in user on `ctx.state.user`;
 * Strapi's router puts the path parameters on `ctx.params`. The request body is koa-body's (`unknown` until
 * a schema from `validation/` parses it).
 */
/** The CASL ability Strapi's admin auth puts on `ctx.state.userAbility` (what guards/office-scope.ts reads). */
export interface UserAbility {
  can(action: string, subject?: unknown): boolean;
  rules: Array<{ action: string; inverted?: boolean; conditions?: unknown }>;
}

export type AdminContext = Context & {
  state: { user: AdminUser; userAbility: UserAbility };
  params: Record<string, string | undefined>;
};

/** The Koa context of Plivo's webhooks (content API, `auth: false`: the signature is the authentication). */
export type WebhookContext = Context;
