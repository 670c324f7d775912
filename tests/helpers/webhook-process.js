'use strict';
/**
 * A Strapi instance in its own process that serves HTTP (the webhooks) on the database named by its
 * environment (DATABASE_CLIENT / DATABASE_URL or DATABASE_FILENAME, PORT, PUBLIC_URL, PLIVO_*, TEXTING_*),
 * so that a test can SIGKILL it mid-request and start another on the same database (tests/api/durability.test.ts).
 * stdout: `{"ready":true}` once it listens.
 */
const path = require('path');
const { createStrapi } = require('@strapi/strapi');

const root = path.resolve(__dirname, '../..');

(async () => {
  const strapi = await createStrapi({ appDir: root, distDir: path.join(root, 'dist') }).load();
  await strapi.listen();
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
})().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
