import type { Core } from '@strapi/strapi';
import { applyPendingReports } from '../inbox/delivery';
import { getService } from '../../utils/get-service';

type Event = { params?: { data?: Record<string, unknown> } };

/**
 * Query-engine lifecycles (they see every write path, the Document Service's included):
 * - a bot-answer write drops the cached search indexes;
 * - an outbound message that gets its MessageUUID picks up delivery reports that arrived before it
 *   (whoever stores it: a 1:1 send, a bot reply, the campaign dispatcher).
 */
export function subscribeInboundLifecycles(strapi: Core.Strapi) {
  const invalidate = () => getService(strapi, 'bot').invalidate();
  strapi.db.lifecycles.subscribe({
    models: ['plugin::texting.bot-answer'],
    afterCreate: invalidate,
    afterCreateMany: invalidate,
    afterUpdate: invalidate,
    afterUpdateMany: invalidate,
    afterDelete: invalidate,
    afterDeleteMany: invalidate,
  });

  const matchReports = async (event: Event) => {
    const data = event.params?.data;
    const uuid = data?.messageUuid;
    if (typeof uuid !== 'string' || !uuid || data?.direction === 'inbound') return;
    await applyPendingReports(strapi, uuid);
  };
  strapi.db.lifecycles.subscribe({
    models: ['plugin::texting.message'],
    afterCreate: matchReports,
    afterUpdate: matchReports,
  });
}
