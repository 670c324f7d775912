import type { Core } from '@strapi/strapi';
import type { LastSync } from '../../../../shared/contracts';

/**
 * The last provider sync's outcome, kept in Strapi's store (the `strapi_core_store_settings` table), so every
 * instance and the Provider page see the same one whichever instance ran it (the hourly job, "Sync now", or
 * `GET /provider/sync`). It keeps the unmanaged numbers found, so the page lists them without asking Plivo.
 */
const store = (strapi: Core.Strapi) => strapi.store({ type: 'plugin', name: 'texting', key: 'provider-sync' });

export async function readLastSync(strapi: Core.Strapi): Promise<LastSync | null> {
  return ((await store(strapi).get({})) as LastSync | null) ?? null;
}

export async function saveLastSync(strapi: Core.Strapi, value: LastSync): Promise<void> {
  // A failed sync keeps the numbers the last good one found: they are still the best knowledge there is.
  const previous = value.ok ? null : await readLastSync(strapi);
  await store(strapi).set({ value: value.ok ? value : { ...value, unmanaged: previous?.unmanaged ?? [] } });
}

/** A number imported or released from the Provider page leaves the unmanaged list at once (no new sync needed). */
export async function dropUnmanaged(strapi: Core.Strapi, phoneNumber: string): Promise<void> {
  const last = await readLastSync(strapi);
  if (!last || !last.unmanaged.some((u) => u.phoneNumber === phoneNumber)) return;
  await store(strapi).set({ value: { ...last, unmanaged: last.unmanaged.filter((u) => u.phoneNumber !== phoneNumber) } });
}
