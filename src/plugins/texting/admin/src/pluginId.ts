export const PLUGIN_ID = 'texting';
