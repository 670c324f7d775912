import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Marks Document Service calls made by the plugin's own services. The door guards (`guards/doors.ts`) let
 * a write to a texting type through only inside `trusted(...)`: the plugin's services run their rules
 * before they write, while a Content Manager request, a bulk action or another plugin's
 * `strapi.documents(...)` call arrives without the mark. An AsyncLocalStorage follows the awaits of the
 * call and nothing else, so a concurrent request never inherits it.
 */
const store = new AsyncLocalStorage<true>();

/** Runs `fn` as the plugin; its answer (a value or a promise) is returned as is, and so is a throw. */
export const trusted = <T>(fn: () => T): T => store.run(true, fn);

export const isTrusted = () => store.getStore() === true;
