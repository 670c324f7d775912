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

  if (pg) await ensureNameSearchColumn(strapi, t.numbers);
  if (pg && (await run('the pg_trgm extension', 'create extension if not exists pg_trgm', []))) {
    await run('the name search index', 'create index if not exists ?? on ?? using gin (?? gin_trgm_ops)', ['texting_pn_name_search_trgm_idx', t.numbers, NAME_SEARCH_COLUMN]);
    // Its predecessor, on the expression lower(name), which nothing reads any more (see ensureNameSearchColumn).
    await knex.raw('drop index if exists ??', ['texting_pn_name_trgm_idx']).catch((err: unknown) => {
      strapi.log.warn(`[texting] Could not drop the unused index texting_pn_name_trgm_idx: ${err instanceof Error ? err.message : String(err)}`);
    });
    await run('the number search index', 'create index if not exists ?? on ?? using gin (phone_number gin_trgm_ops)', ['texting_pn_phone_trgm_idx', t.numbers]);
    await run(
      'the active campaign name search index',
      `create index if not exists ?? on ?? using gin (lower(name) gin_trgm_ops) where state = 'active'`,
      ['texting_cmp_active_name_trgm_idx', t.campaigns]
    );
  }
}

/** The numbers' lower-cased name, stored (PostgreSQL): what `q` matches, see ensureNameSearchColumn. */
export const NAME_SEARCH_COLUMN = 'name_search';

/**
 * PostgreSQL: the column `name_search` = lower(name), kept by a trigger on every insert and every change of the
 * name, whatever wrote it (the plugin, the Content Manager, the Document Service, raw SQL). A search counts its
 * matches by rechecking every candidate row the trigram index gives; recomputing lower(name) for each was most of
 * that cost (`q=visit`, 8,309 of 50,000 names: 4.3–6 ms with lower(name), 2.8 ms from the stored column).
 * A trigger, not a generated column: PostgreSQL refuses to change the type of a column a generated column uses,
 * and Strapi's schema sync may one day change `name`'s. Strapi's sync leaves the column alone: it drops only
 * columns it created itself. The query engine never reads it. Required: the search reads it, so a failure here
 * stops the boot with the database's message.
 */
async function ensureNameSearchColumn(strapi: Core.Strapi, table: string): Promise<void> {
  const knex = strapi.db.connection;
  const exists = async (sql: string, bindings: string[]) => ((await knex.raw(sql, bindings)) as { rows: unknown[] }).rows.length > 0;
  // Several instances may boot at once: each step checks first, and a step another instance won meanwhile is fine.
  // Resolves true when this call did the step.
  const step = async (done: () => Promise<boolean>, sql: string, bindings: string[]) => {
    if (await done()) return false;
    try {
      await knex.raw(sql, bindings);
      return true;
    } catch (err) {
      if (!(await done())) throw err;
      return false;
    }
  };
  await step(
    () => exists('select 1 from information_schema.columns where table_schema = current_schema() and table_name = ? and column_name = ?', [table, NAME_SEARCH_COLUMN]),
    'alter table ?? add column if not exists ?? text',
    [table, NAME_SEARCH_COLUMN]
  );
  const fn = 'texting_pn_name_search';
  await step(
    () => exists('select 1 from pg_proc where proname = ? and pronamespace = current_schema()::regnamespace', [fn]),
    `create or replace function ??() returns trigger language plpgsql as 'begin new.${NAME_SEARCH_COLUMN} := lower(new.name); return new; end'`,
    [fn]
  );
  const created = await step(
    () => exists('select 1 from pg_trigger where tgname = ? and tgrelid = ?::regclass', [fn, table]),
    'create trigger ?? before insert or update of name on ?? for each row execute function ??()',
    [fn, table, fn]
  );
  // Rows written before the trigger existed (an upgrade, or a first boot on a filled table), by the instance that
  // created it: once, not a scan of every number at every boot.
  if (created) await knex.raw('update ?? set ?? = lower(name) where ?? is distinct from lower(name)', [table, NAME_SEARCH_COLUMN, NAME_SEARCH_COLUMN]);
}
