import type { Core } from '@strapi/strapi';
import type controllers from '../controllers';
import type middlewares from '../middlewares';
import type { PolicyName } from '../policies';
import type { PLUGIN_ID } from '../permissions';

type Controllers = typeof controllers;
type ControllerName = keyof Controllers & string;

/** `controller.action` for every action a controller of this plugin has: a misspelt handler fails to compile. */
export type Handler = {
  [C in ControllerName]: `${C}.${keyof ReturnType<Controllers[C]> & string}`;
}[ControllerName];

/** Strapi's policy and the plugin's own, by their full names. */
type Policy = { name: 'admin::hasPermissions' | `plugin::${typeof PLUGIN_ID}.${PolicyName}`; config: unknown };
type Middleware = `plugin::${typeof PLUGIN_ID}.${keyof typeof middlewares & string}`;

export interface RouteConfig {
  auth?: false;
  policies?: Policy[];
  middlewares?: Middleware[];
}

/** A route of this plugin: Strapi's RouteInput with the handler, policies and middlewares checked by the compiler. */
export interface Route extends Omit<Core.RouteInput, 'handler' | 'config'> {
  handler: Handler;
  config: RouteConfig;
}

/** One route on one line: `route('GET', '/campaigns', 'campaigns.find', requires('campaignsRead'))`. */
export const route = (method: Route['method'], path: string, handler: Handler, config: RouteConfig): Route => ({
  method,
  path,
  handler,
  config,
});

/** A router of this plugin, typed for Strapi (`Core.RouterInput`). */
export const router = (type: Core.RouterInput['type'], routes: Route[]): Core.RouterInput & { routes: Route[] } => ({ type, routes });
