/**
 * The plugin's RBAC actions. Each is registered in bootstrap and shows under Settings → Roles → Plugins → Texting.
 * Routes refer to them through `ACTIONS.x` so that a typo is a compile error, not an open door.
 */
export const PLUGIN_ID = 'texting';

const defs = {
  numbersRead: { uid: 'numbers.read', displayName: 'Read phone numbers', subCategory: 'Phone numbers' },
  numbersProvision: { uid: 'numbers.provision', displayName: 'Provision phone numbers', subCategory: 'Phone numbers' },
  numbersUpdate: { uid: 'numbers.update', displayName: 'Edit phone numbers', subCategory: 'Phone numbers' },
  numbersDelete: { uid: 'numbers.delete', displayName: 'Release (delete) phone numbers', subCategory: 'Phone numbers' },
  numbersExport: { uid: 'numbers.export', displayName: 'Export phone numbers', subCategory: 'Phone numbers' },
  campaignsRead: { uid: 'campaigns.read', displayName: 'Read campaigns', subCategory: 'Campaigns' },
  campaignsManage: { uid: 'campaigns.manage', displayName: 'Manage campaigns', subCategory: 'Campaigns' },
  inboxRead: { uid: 'inbox.read', displayName: 'Read inbox', subCategory: 'Inbox' },
  inboxReply: { uid: 'inbox.reply', displayName: 'Reply and send texts', subCategory: 'Inbox' },
  settings: { uid: 'settings', displayName: 'Texting settings', subCategory: 'Settings' },
} as const;

export type ActionKey = keyof typeof defs;

/** Full action ids, e.g. `plugin::texting.numbers.read`. */
export const ACTIONS = Object.fromEntries(
  Object.entries(defs).map(([k, d]) => [k, `plugin::${PLUGIN_ID}.${d.uid}`])
) as { [K in ActionKey]: string };

export const actionDefinitions = Object.values(defs).map((d) => ({
  section: 'plugins' as const,
  pluginName: PLUGIN_ID,
  uid: d.uid,
  displayName: d.displayName,
  subCategory: d.subCategory,
}));

/**
 * Route config guarding a route with one or more actions (all of them are required), with the plugin's
 * error middleware so that 409/502/503 answers keep their status.
 */
export const requires = (...keys: ActionKey[]) => ({
  policies: [{ name: 'admin::hasPermissions', config: { actions: keys.map((k) => ACTIONS[k]) } }],
  middlewares: ['plugin::texting.texting-errors'],
});

/** Route config passing with any one of these actions (policies/index.ts), with the plugin's error middleware. */
export const requiresAnyOf = (...keys: ActionKey[]) => ({
  policies: [{ name: 'plugin::texting.any-of', config: { actions: keys.map((k) => ACTIONS[k]) } }],
  middlewares: ['plugin::texting.texting-errors'],
});
