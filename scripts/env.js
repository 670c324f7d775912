'use strict';
/**
 * Development secrets: generated once into .env (git-ignored) so that nothing secret is committed
 * and a fresh clone still boots. Existing values are kept.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const rand = () => crypto.randomBytes(16).toString('base64');

/** Fresh values for every secret Strapi needs: for .env here, and for each app the tests and benches boot. */
function devSecrets() {
  return {
    APP_KEYS: [rand(), rand(), rand(), rand()].join(','),
    API_TOKEN_SALT: rand(),
    ADMIN_JWT_SECRET: rand(),
    TRANSFER_TOKEN_SALT: rand(),
    JWT_SECRET: rand(),
    ENCRYPTION_KEY: rand(),
  };
}

function parseEnv(text) {
  const out = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (m) out[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
  }
  return out;
}

/** Ensures .env holds every secret; returns the merged variables. */
function ensureDevEnv(root) {
  const file = path.join(root, '.env');
  const existing = fs.existsSync(file) ? parseEnv(fs.readFileSync(file, 'utf8')) : {};
  const missing = Object.entries(devSecrets()).filter(([k]) => !existing[k]);
  if (missing.length) {
    const lines = missing.map(([k, v]) => `${k}=${v}`).join('\n');
    const prefix = fs.existsSync(file) && !fs.readFileSync(file, 'utf8').endsWith('\n') ? '\n' : '';
    fs.appendFileSync(file, `${prefix}# generated for development by scripts/env.js\n${lines}\n`);
  }
  return { ...existing, ...Object.fromEntries(missing) };
}

module.exports = { devSecrets, ensureDevEnv, parseEnv };
