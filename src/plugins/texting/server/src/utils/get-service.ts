import type { Core } from '@strapi/strapi';
import type services from '../services';

type Services = typeof services;

export type ServiceName = keyof Services;

/** The type of a service as the plugin registers it (each entry of `services/index.ts` is a factory). */
export type Service<N extends ServiceName> = ReturnType<Services[N]>;

/**
 * A service of this plugin, typed: `getService(strapi, 'campaigns').schedule(...)`. The same helper as
 * `@strapi/i18n`'s server `utils` `getService`, but taking the Strapi instance rather than reading the global.
 */
export const getService = <N extends ServiceName>(strapi: Core.Strapi, name: N): Service<N> =>
  strapi.plugin('texting').service(name) as Service<N>;
