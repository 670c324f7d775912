'use strict';
/** PostgreSQL for the tests and the benches: one short connection for administrative statements. */

/** `fn(client)` on a connection to `url`, closed afterwards whatever happens. */
async function withPg(url, fn) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

module.exports = { withPg };
