import type { Core } from '@strapi/strapi';
import { trusted } from '../guards/trusted';
import { stripStockRoles } from '../guards/default-roles';
import { pruneNonces } from '../guards/nonces';
import { migrateOfficeSendWindow } from '../guards/office-migration';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * The plugin's own mark for Document Service calls (see guards/doors.ts), for code that writes texting
   * data as the plugin without going through one of its services: the test fixtures and the benchmarks.
   */
  run<T>(fn: () => T): T {
    return trusted(fn);
  },

  /** Removes every texting permission from Strapi's stock Editor and Author roles (guards/default-roles.ts). */
  async secureStockRoles(): Promise<number> {
    return stripStockRoles(strapi);
  },

  /** The nonce pruning job's body (guards/nonces.ts): removes expired webhook nonces; answers how many. */
  async pruneNonces(now?: number): Promise<number> {
    return pruneNonces(strapi, now);
  },

  /** The boot-time rename of offices' quiet hours to send windows (guards/office-migration.ts); idempotent. */
  async migrateOfficeSendWindow(): Promise<boolean> {
    return migrateOfficeSendWindow(strapi);
  },
});
