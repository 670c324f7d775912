import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { TextingConfig } from '../../config';
import { BadGatewayError, ConflictError, ServiceUnavailableError } from '../../utils/errors';
import { provider, UID } from '../inbox/store';
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
     * Test routing: asks the simulator to send a signed inbound text to our own webhook, exactly the way
     * Plivo would, then reads where the stored message landed and why.
     */
    async testInbound(documentId: string, input: { from: string; text: string }): Promise<TestInboundResult> {
      if (!provider(strapi).simulated) {
        throw new ConflictError(
          'Test routing needs the simulated Plivo; this app is connected to real Plivo. Text the number from a phone to test it.'
        );
      }
      const number = await strapi.db.query(UID.number).findOne({ where: { documentId }, select: ['id', 'phoneNumber'] });
      if (!number) throw new errors.NotFoundError('Phone number not found');
      const url = webhookUrl(strapi, WEBHOOK_PATHS.message);
      if (!url) throw new ConflictError('PUBLIC_URL is not set, so the simulator cannot reach the webhook.');
      const { plivo } = strapi.config.get('plugin::texting') as TextingConfig;
      const control = `${plivo.apiUrl.replace(/\/$/, '')}/__control/inbound`;

      let sent: { status: number; messageUuid: string; error: string | null; body: string };
      try {
        const res = await fetch(control, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ from: input.from, to: number.phoneNumber, text: input.text, url }),
          signal: AbortSignal.timeout(15_000),
        });
        if (!res.ok) throw new BadGatewayError(`The simulator refused the test text (HTTP ${res.status}): ${await res.text()}`);
        sent = (await res.json()) as typeof sent;
      } catch (e) {
        if (e instanceof BadGatewayError) throw e;
        throw new ServiceUnavailableError(`The Plivo simulator at ${plivo.apiUrl} did not answer: ${(e as Error).message}`);
      }
      if (sent.status !== 200) {
        throw new BadGatewayError(
          `The webhook answered ${sent.status || 'nothing'}${sent.error ? ` (${sent.error})` : ''} to the simulated text`,
          { webhookStatus: sent.status, body: sent.body?.slice(0, 500) ?? null }
        );
      }
      const msg = (await strapi.db.query(UID.message).findOne({
        where: { messageUuid: sent.messageUuid },
        select: ['status', 'routedTo', 'routingReason'],
      })) as { status: string; routedTo: RoutedTo[] | null; routingReason: string | null } | null;
      const replies = (await strapi.db.query(UID.message).findMany({
        where: { inReplyTo: sent.messageUuid, direction: 'outbound' },
        select: ['body', 'status', 'messageUuid'],
        orderBy: { id: 'asc' },
      })) as TestInboundResult['replies'];
      return {
        messageUuid: sent.messageUuid,
        webhookStatus: sent.status,
        status: msg?.status ?? null,
        routedTo: msg?.routedTo ?? [],
        reason: msg?.routingReason ?? null,
        replies,
      };
    },
  };
};
