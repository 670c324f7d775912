import type { Core } from '@strapi/strapi';
import { isPostgres, tables } from '../../db';

/**
 * Indexes the Phone Numbers list (and the number health) needs that a content-type schema cannot declare (expressions, partial
 * indexes, trigram indexes). Created at every boot with IF NOT EXISTS; Strapi's schema sync leaves indexes
 * it did not create alone. Each was added because bench/phone-numbers.js showed the need (BENCHMARKS.md):
 *  - `lower(name), phone_number` (and the description's equivalent): the sort walks the index, no sort step;
 *  - agents' and offices' `lower(name)`: their sorts walk the (few) agents or offices in order;
 *  - active campaigns by `lower(name)` and by `archive_at`: the campaign sorts start from the (few)
 *    active campaigns in order instead of joining and sorting every number;
 *  - trigram indexes (PostgreSQL, pg_trgm): `q` is a substring search; without them every search reads
 *    and lower-cases every name.
 * A failure (e.g. pg_trgm not installable) is logged and the list still works, only slower.
 */
export async function ensureListIndexes(strapi: Core.Strapi): Promise<void> {
  const knex = strapi.db.connection;
  const t = tables(strapi);
  const pg = isPostgres(strapi);
  const run = async (what: string, sql: string, bindings: string[]) => {
    try {
      await knex.raw(sql, bindings);
      return true;
    } catch (err) {
      strapi.log.warn(`[texting] Could not create ${what} (the phone numbers list still works, slower): ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
  };

  await run('the name sort index', 'create index if not exists ?? on ?? (lower(name), phone_number)', ['texting_pn_name_sort_idx', t.numbers]);
  await run(
    'the description sort index',
    `create index if not exists ?? on ?? ((nullif(lower(substr(description, 1, 100)), '')), phone_number)`,
    ['texting_pn_description_sort_idx', t.numbers]
  );
  // Descending too: many numbers share a description, and a backward scan would then re-sort each tie by number.
  await run(
    'the description sort index (descending)',
    `create index if not exists ?? on ?? ((nullif(lower(substr(description, 1, 100)), '')) desc, phone_number)`,
    ['texting_pn_description_sort_desc_idx', t.numbers]
  );
  await run('the agent name sort index', 'create index if not exists ?? on ?? (lower(name))', ['texting_agent_lower_name_idx', t.agents]);
  await run('the office name sort index', 'create index if not exists ?? on ?? (lower(name))', ['texting_office_lower_name_idx', t.offices]);
  await run(
    'the active campaign name index',
    `create index if not exists ?? on ?? (lower(name)) where state = 'active'`,
    ['texting_cmp_active_name_idx', t.campaigns]
  );
  await run(
    'the active campaign archive index',
    `create index if not exists ?? on ?? (archive_at) where state = 'active'`,
    ['texting_cmp_active_archive_idx', t.campaigns]
  );

  // Number health (health.ts): every query there is a range of one of these partial indexes: the texts of one
  // number (its page), all numbers' last 7 days (the refresh of the stored 7-day figures), the last inbound
  // text. Then the list's "Last inbound" and "Delivery rate" sorts (both directions: see the description's).
  const messages = t.messages;
  await run(
    'the outbound texts by number index',
    `create index if not exists ?? on ?? (from_number, created_at, status) where direction = 'outbound'`,
    ['texting_msg_out_number_idx', messages]
  );
  await run(
    'the recent outbound texts index',
    `create index if not exists ?? on ?? (created_at, from_number, status) where direction = 'outbound'`,
    ['texting_msg_out_recent_idx', messages]
  );
  await run(
    'the inbound texts by number index',
    `create index if not exists ?? on ?? (to_number, created_at) where direction = 'inbound'`,
    ['texting_msg_in_number_idx', messages]
  );
  await run('the last inbound sort index', 'create index if not exists ?? on ?? (last_inbound_at, phone_number)', ['texting_pn_last_inbound_idx', t.numbers]);
  await run('the last inbound sort index (descending)', 'create index if not exists ?? on ?? (last_inbound_at desc, phone_number)', ['texting_pn_last_inbound_desc_idx', t.numbers]);
  await run('the delivery rate sort index', 'create index if not exists ?? on ?? (week_delivery_rate, phone_number)', ['texting_pn_week_rate_idx', t.numbers]);
  await run('the delivery rate sort index (descending)', 'create index if not exists ?? on ?? (week_delivery_rate desc, phone_number)', ['texting_pn_week_rate_desc_idx', t.numbers]);

  if (pg && (await run('the pg_trgm extension', 'create extension if not exists pg_trgm', []))) {
    await run('the name search index', 'create index if not exists ?? on ?? using gin (lower(name) gin_trgm_ops)', ['texting_pn_name_trgm_idx', t.numbers]);
    await run('the number search index', 'create index if not exists ?? on ?? using gin (phone_number gin_trgm_ops)', ['texting_pn_phone_trgm_idx', t.numbers]);
  }
}
