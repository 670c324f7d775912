import { Message } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { PLUGIN_ID } from './pluginId';
import { PERMISSIONS } from './permissions';
import { getTranslation } from './utils/getTranslation';
import { prefetchFirstPage } from './api/prefetch';

export default {
  register(app: StrapiApp) {
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
    // Settings → Texting: offices, agents, bot answers (the plugin's settings action).
    app.createSettingSection({ id: PLUGIN_ID, intlLabel: { id: getTranslation('settings.section'), defaultMessage: 'Texting' } }, [
      {
        id: 'texting-offices',
        to: `${PLUGIN_ID}/offices`,
        intlLabel: { id: getTranslation('settings.offices.title'), defaultMessage: 'Offices' },
        Component: () => import('./pages/settings/Offices'),
        permissions: PERMISSIONS.settings,
      },
      {
        id: 'texting-agents',
        to: `${PLUGIN_ID}/agents`,
        intlLabel: { id: getTranslation('settings.agents.title'), defaultMessage: 'Agents' },
        Component: () => import('./pages/settings/Agents'),
        permissions: PERMISSIONS.settings,
      },
      {
        id: 'texting-bot-answers',
        to: `${PLUGIN_ID}/bot-answers`,
        intlLabel: { id: getTranslation('settings.bot.title'), defaultMessage: 'Bot answers' },
        Component: () => import('./pages/settings/BotAnswers'),
        permissions: PERMISSIONS.settings,
      },
    ]);
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
