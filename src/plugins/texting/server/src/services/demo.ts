import type { Core } from '@strapi/strapi';
import type { TextingConfig } from '../config';
import { seedDemo } from '../seed/demo';

const NUMBER = 'plugin::texting.phone-number';

/**
 * Development demo data, called from the host app's bootstrap. Against the simulator (which keeps its state
 * in memory and starts empty on every `npm run develop`), our numbers are also rented there again, so that
 * sending, releasing and provider sync behave as they would against a real Plivo account.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async seedIfEnabled() {
    const config = strapi.config.get('plugin::texting') as TextingConfig;
    if (!config.seedDemo) return;
    await seedDemo(strapi);
    if (config.plivo.simulated) await this.rentAtSimulator(config);
  },

  async rentAtSimulator(config: TextingConfig) {
    const rows = (await strapi.db.query(NUMBER).findMany({ select: ['phoneNumber', 'providerStatus'] })) as Array<{
      phoneNumber: string;
      providerStatus: string;
    }>;
    const control = `${config.plivo.apiUrl.replace(/\/$/, '')}/__control/rent`;
    let rented = 0;
    for (const row of rows) {
      const res = await fetch(control, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ number: row.phoneNumber.replace(/^\+/, ''), app_id: config.plivo.appId, activated: row.providerStatus === 'active' }),
      }).catch((e: unknown) => ({ ok: false, status: String(e) }));
      if (res.ok) rented++;
    }
    strapi.log.info(`[texting] Simulated Plivo: ${rented} of ${rows.length} numbers rented at the simulator.`);
  },
});
