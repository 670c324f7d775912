import type { Core } from '@strapi/strapi';
import type { TextingConfig } from '../config';
import { createPlivoProvider } from '../provider/plivo';
import type { TextingProvider } from '../provider/types';

/**
 * `strapi.plugin('texting').service('provider')`: the TextingProvider built from the plugin's configuration.
 * The adapter is rebuilt when the configuration changes (tests and a settings page may change it at run time),
 * and reused otherwise so the SDK keeps its connection pool.
 */
export default ({ strapi }: { strapi: Core.Strapi }): TextingProvider => {
  let cache: { key: string; provider: TextingProvider } | null = null;

  const current = (): TextingProvider => {
    const { plivo, publicUrl } = strapi.config.get('plugin::texting') as TextingConfig;
    const key = JSON.stringify([plivo, publicUrl]);
    if (!cache || cache.key !== key) {
      cache = { key, provider: createPlivoProvider({ ...plivo, publicUrl }) };
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
