'use strict';
/**
 * `npm run develop`: builds the plugin, then runs `strapi develop` on SQLite with demo data.
 * With no Plivo credentials it first starts the Plivo simulator and points the app at it,
 * so provisioning, texting and webhooks work end to end on a laptop with no Plivo account.
 */
const { spawn, spawnSync } = require('child_process');
const path = require('path');
const fs = require('fs');
const { ensureDevEnv } = require('./env');

const root = path.resolve(__dirname, '..');
const env = { ...process.env, ...ensureDevEnv(root), ...process.env };
env.NO_PROXY = [env.NO_PROXY, '127.0.0.1', 'localhost'].filter(Boolean).join(',');
env.TEXTING_SEED_DEMO = env.TEXTING_SEED_DEMO && env.TEXTING_SEED_DEMO !== 'false' ? env.TEXTING_SEED_DEMO : 'true';
const port = Number(env.PORT || 1337);

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('npm', ['run', 'build:plugin']);
run('npx', ['tsc', '-p', 'simulator/tsconfig.json']);

const children = [];
if (!env.PLIVO_AUTH_ID) {
  const simPort = Number(env.SIMULATOR_PORT || 4010);
  Object.assign(env, {
    PLIVO_AUTH_ID: 'MADEVSIMULATOR00000001',
    PLIVO_AUTH_TOKEN: 'dev-simulator-token',
    PLIVO_APP_ID: 'dev-simulator-app',
    PLIVO_API_URL: `http://127.0.0.1:${simPort}`,
    PLIVO_SIMULATED: 'true',
    PUBLIC_URL: env.PUBLIC_URL || `http://127.0.0.1:${port}`,
  });
  env.SIMULATOR_MESSAGE_URL = `${env.PUBLIC_URL}/api/texting/webhooks/plivo/message`;
  const sim = spawn(process.execPath, [path.join(root, 'simulator/dist/cli.js'), '--port', String(simPort)], {
    cwd: root, stdio: 'inherit', env,
  });
  children.push(sim);
  console.log(`[develop] No Plivo credentials: using the Plivo simulator on ${env.PLIVO_API_URL}`);
}

fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
const strapi = spawn('npx', ['strapi', 'develop', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
children.push(strapi);
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
strapi.on('exit', (code) => {
  stop();
  process.exit(code ?? 0);
});
