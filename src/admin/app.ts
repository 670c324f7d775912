/**
 * The host app's admin customisation (Strapi reads `src/admin/app.*`). The admin offers English and Spanish:
 * each admin user picks theirs on their profile page (`preferedLanguage`), and the texting plugin ships both.
 */
export default {
  config: {
    locales: ['es'],
  },
  bootstrap() {},
};
