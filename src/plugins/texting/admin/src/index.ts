import { Message } from '@strapi/icons';
import { PLUGIN_ID } from './pluginId';
import { PERMISSIONS } from './permissions';
import { getTranslation } from './utils/getTranslation';
import { prefetchFirstPage } from './api/prefetch';

export default {
  register(app: any) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Message,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Texting' },
      Component: () => {
        // The page's code and its first list request load side by side (RTK Query keeps the answer for the page).
        prefetchFirstPage(app.store);
        return import('./pages/App');
      },
      // Shown to anyone who may open one of the plugin's pages (the admin shows a link if any permission matches).
      permissions: [...PERMISSIONS.numbersRead, ...PERMISSIONS.campaignsRead, ...PERMISSIONS.inboxRead],
    });
    app.registerPlugin({ id: PLUGIN_ID, name: 'Texting' });
  },

  bootstrap() {},

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = await import(`./translations/${locale}.json`);
          return { data, locale };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};
