import { PLUGIN_ID } from '../pluginId';

/** The plugin-scoped id of a message, as `@strapi/i18n`'s admin does (`getTranslation(id)` → `texting.<id>`). */
export const getTranslation = (id: string) => `${PLUGIN_ID}.${id}`;
