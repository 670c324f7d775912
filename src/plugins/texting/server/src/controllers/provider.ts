import type { Core } from '@strapi/strapi';
import type { AdminContext } from '../utils/context';
import type { TextingConfig } from '../config';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** What the admin needs to know about the provider: whether it is configured, and whether it is the simulator. */
  async status(ctx: AdminContext) {
    const { plivo, publicUrl } = strapi.config.get('plugin::texting') as TextingConfig;
    ctx.body = {
      data: {
        configured: Boolean(plivo.authId),
        simulated: plivo.simulated,
        publicUrl: publicUrl || null,
      },
    };
  },
});
