import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { TextingConfig } from '../../config';
import { UID } from '../inbox/store';
import { loadEffectiveSettings } from './effective';
import { createInbound, type RoutedTo } from './inbound';

export const WEBHOOK_PATHS = { message: '/texting/webhooks/plivo/message', status: '/texting/webhooks/plivo/status' };

/** The public URL of a webhook (PUBLIC_URL + the content API prefix + path), as Plivo calls it. */
export function webhookUrl(strapi: Core.Strapi, path: string): string | null {
  const { publicUrl } = strapi.config.get('plugin::texting') as TextingConfig;
  const origin = (publicUrl || (strapi.config.get('server.url') as string) || '').replace(/\/$/, '');
  if (!origin) return null;
  const prefix = (strapi.config.get('api.rest.prefix') as string) || '/api';
  return `${origin}${prefix}${path}`;
}

export type { TestRoutingResult as TestInboundResult } from '../../../../shared/contracts';
import type { TestRoutingResult as TestInboundResult } from '../../../../shared/contracts';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const inbound = createInbound(strapi);

  return {
    receive: inbound.receive,

    /** Rule 3's effective settings of a number right now (see effective.ts). */
    effective: (key: { id?: number; documentId?: string; phoneNumber?: string }) => loadEffectiveSettings(strapi, key),

    /**
     * Test routing (issue 13): what a text from `from` to this number would do now — who answers, which inbox,
     * the bot's reply and why — as a dry run of the webhook's own routing (`inbound.dryRun`): nothing is stored
     * and nothing is sent, so it works the same with real Plivo.
     */
    async testInbound(documentId: string, input: { from: string; text: string }): Promise<TestInboundResult> {
      const number = (await strapi.db.query(UID.number).findOne({ where: { documentId }, select: ['phoneNumber'] })) as { phoneNumber: string } | null;
      if (!number) throw new errors.NotFoundError(`No phone number with id "${documentId}".`);
      const outcome = await inbound.dryRun({ to: number.phoneNumber, from: input.from, text: input.text });
      if (!outcome) throw new errors.NotFoundError(`No phone number with id "${documentId}".`);
      return { dryRun: true, from: input.from, ...outcome };
    },
  };
};
