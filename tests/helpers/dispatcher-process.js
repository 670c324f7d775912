'use strict';
/**
 * One more Strapi instance, in its own process, that does nothing but run the campaign dispatcher on the
 * database named by its environment (DATABASE_CLIENT / DATABASE_URL or DATABASE_FILENAME, PLIVO_*, TEXTING_*).
 * Used by the multi-instance and crash tests and by bench/dispatch.js.
 *
 * stdout carries one JSON object per line: `{"ready":true,"instanceId":…}` once it dispatches, then
 * `{"stats":{…}}` every second and once more when it stops. SIGUSR2 stops it cleanly and reports (claimed
 * rows not sent yet go back to the queue); SIGKILL is what the crash test uses.
 */
const path = require('path');
const { createStrapi } = require('@strapi/strapi');

const root = path.resolve(__dirname, '../..');
const print = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

(async () => {
  const strapi = await createStrapi({ appDir: root, distDir: path.join(root, 'dist') }).load();
  const dispatcher = strapi.plugin('texting').service('dispatcher');
  // SIGUSR2: stop dispatching, report, exit. (SIGTERM/SIGINT are Strapi's own: it destroys the instance,
  // which stops the dispatcher just as cleanly, but exits before the final report.)
  const abort = new AbortController();
  process.on('SIGUSR2', () => abort.abort());

  const lookup = typeof strapi.plugin('texting').service('provider').findSentMessages === 'function';
  print({ ready: true, instanceId: dispatcher.instanceId, settings: dispatcher.settings(), lookup });
  const timer = setInterval(() => print({ stats: dispatcher.stats() }), 1000);
  const stats = await dispatcher.run(abort.signal);
  clearInterval(timer);
  print({ stats, done: true });
  await strapi.destroy();
  process.exit(0);
})().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
