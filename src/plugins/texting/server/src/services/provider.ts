import type { Core } from '@strapi/strapi';
import type { TextingConfig } from '../config';
import { createPlivoProvider } from '../provider/plivo';
import type { TextingProvider } from '../provider/types';

/** True when `plivo` + `publicUrl` hold the same values as `had` (the options the cached adapter was built with). */
function sameOptions(had: Record<string, unknown>, plivo: TextingConfig['plivo'], publicUrl: string): boolean {
  if (had.publicUrl !== publicUrl) return false;
  const keys = Object.keys(plivo) as Array<keyof TextingConfig['plivo']>;
  if (keys.length !== Object.keys(had).length - 1) return false;
  for (const k of keys) if (had[k] !== plivo[k]) return false;
  return true;
}

/**
 * `getService(strapi, 'provider')`: the TextingProvider built from the plugin's configuration.
 * The adapter is rebuilt when the configuration changes (tests and a settings page may change it at run time),
 * and reused otherwise so the SDK keeps its connection pool.
 */
export default ({ strapi }: { strapi: Core.Strapi }): TextingProvider => {
  let cache: { options: Record<string, unknown>; provider: TextingProvider } | null = null;

  // Every webhook asks for the provider (signature check): a shallow compare of the flat options is enough
  // to see a change, and cheaper than serialising them per request (issue 14, cpu14 profile).
  const current = (): TextingProvider => {
    const { plivo, publicUrl } = strapi.config.get('plugin::texting') as TextingConfig;
    if (!cache || !sameOptions(cache.options, plivo, publicUrl)) {
      const options = { ...plivo, publicUrl };
      cache = { options, provider: createPlivoProvider(options) };
    }
    return cache.provider;
  };

  return {
    get simulated() {
      return current().simulated;
    },
    get configured() {
      return current().configured;
    },
    searchNumbers: (areaCode, opts) => current().searchNumbers(areaCode, opts),
    buyNumber: (phoneNumber) => current().buyNumber(phoneNumber),
    getNumber: (phoneNumber) => current().getNumber(phoneNumber),
    listNumbers: () => current().listNumbers(),
    releaseNumber: (phoneNumber) => current().releaseNumber(phoneNumber),
    assignApp: (phoneNumber) => current().assignApp(phoneNumber),
    getAccount: () => current().getAccount(),
    sendMessage: (input) => current().sendMessage(input),
    findSentMessages: (input) => current().findSentMessages(input),
    verifySignature: (req) => current().verifySignature(req),
  };
};
