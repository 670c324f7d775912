/** The plugin's actions as the admin's RBAC hooks take them (see server/src/permissions.ts). */
const perm = (uid: string) => [{ action: `plugin::texting.${uid}`, subject: null }];

export const PERMISSIONS = {
  numbersRead: perm('numbers.read'),
  numbersProvision: perm('numbers.provision'),
  numbersUpdate: perm('numbers.update'),
  numbersDelete: perm('numbers.delete'),
  numbersExport: perm('numbers.export'),
  campaignsRead: perm('campaigns.read'),
  campaignsManage: perm('campaigns.manage'),
  inboxRead: perm('inbox.read'),
  inboxReply: perm('inbox.reply'),
  settings: perm('settings'),
};
