import type { Core } from '@strapi/strapi';
import numbers from './numbers';
import demo from './demo';
import routing from './routing';
import inbox from './inbox';
import optOut from './opt-out';
import bot from './bot';
import history from './history';
import provider from './provider';
import provisioning from './provisioning';
import campaigns from './campaigns';
import dispatcher from './campaigns/dispatcher';
import door from './door';
import settings from './settings';
import notifications from './notifications';
import optOutLog from './opt-out-log';
import { isTrusted, trusted } from '../guards/trusted';

type Factory = (deps: { strapi: Core.Strapi }) => Record<string, unknown>;

/**
 * Every method of a plugin service runs as the plugin (`trusted`): the door guards (guards/doors.ts) let
 * the services' own Document Service writes through, because the services apply the rules before they
 * write. A method that returns a generator or a stream keeps the mark only for what runs during the call.
 */
function asPlugin<F extends Factory>(factory: F): F {
  return ((deps: { strapi: Core.Strapi }) => {
    const service = factory(deps);
    const wrapped: Record<string, unknown> = {};
    // Descriptors, not values: some services expose getters that follow the configuration (provider.simulated).
    for (const [key, desc] of Object.entries(Object.getOwnPropertyDescriptors(service))) {
      const value = desc.value;
      if (typeof value === 'function') {
        wrapped[key] = function (this: unknown, ...args: unknown[]) {
          if (isTrusted()) return (value as (...a: unknown[]) => unknown).apply(service, args);
          return trusted(() => (value as (...a: unknown[]) => unknown).apply(service, args));
        };
      } else if (desc.get || desc.set) {
        Object.defineProperty(wrapped, key, {
          enumerable: desc.enumerable,
          configurable: true,
          get: desc.get ? () => desc.get!.call(service) : undefined,
          set: desc.set ? (v: unknown) => desc.set!.call(service, v) : undefined,
        });
      } else {
        wrapped[key] = value;
      }
    }
    return wrapped;
  }) as F;
}

const services = {
  numbers,
  demo,
  routing,
  inbox,
  optOut,
  bot,
  history,
  provider,
  provisioning,
  campaigns,
  dispatcher,
  door,
  settings,
  notifications,
  optOutLog,
};

export default Object.fromEntries(Object.entries(services).map(([k, f]) => [k, asPlugin(f as unknown as Factory)])) as unknown as typeof services;
