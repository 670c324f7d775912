import type { Core } from '@strapi/strapi';
import { tables } from '../db';

/**
 * Offices stored `quietHoursStart`/`quietHoursEnd` (whole hours) while they held the hours when campaign
 * texts MAY go out. They are now `sendWindowStart`/`sendWindowEnd`, in minutes after local midnight
 * (so that "08:30" can be said). Strapi's schema sync would drop the old columns and add empty new ones,
 * losing every office's window, so this runs on Strapi's `beforeSync` hook (registered in the plugin's
 * register step, before any sync): it renames the columns in place and converts hours to minutes, once —
 * once the new columns exist it does nothing. A fresh database has no table yet and is left to the sync.
 */
export async function migrateOfficeSendWindow(strapi: Core.Strapi): Promise<boolean> {
  const knex = strapi.db.connection;
  // Strapi's metadata is loaded before the sync: the office table's name as Strapi spells it.
  const table = tables(strapi).offices;
  if (!(await knex.schema.hasTable(table))) return false;
  const [hasOld, hasNew] = await Promise.all([knex.schema.hasColumn(table, 'quiet_hours_start'), knex.schema.hasColumn(table, 'send_window_start')]);
  if (!hasOld || hasNew) return false;
  await knex.transaction(async (trx) => {
    await trx.schema.alterTable(table, (t) => {
      t.renameColumn('quiet_hours_start', 'send_window_start');
      t.renameColumn('quiet_hours_end', 'send_window_end');
    });
    await trx(table).whereNotNull('send_window_start').update({ send_window_start: trx.raw('send_window_start * 60') });
    await trx(table).whereNotNull('send_window_end').update({ send_window_end: trx.raw('send_window_end * 60') });
  });
  strapi.log.info('[texting] Offices: quiet hours renamed to send windows (hours converted to minutes).');
  return true;
}

export function registerOfficeMigration(strapi: Core.Strapi) {
  strapi.hook('strapi::content-types.beforeSync').register(() => migrateOfficeSendWindow(strapi));
}
