import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { hasRelationValue } from './relations';
import { committed } from '../db';

const UID = 'plugin::texting.phone-number';

/** Rule messages, shared by every path so the admin reads the same sentence wherever the rule bites. */
export const RULES = {
  office: 'office: a phone number belongs to exactly one office; choose one',
  inboxes: 'unsolicitedInboxes: an agent-answered number needs at least one inbox (an office or an agent)',
};

/**
 * Checks a stored number against the model's rules (office required; rule 4: `agent` needs an inbox).
 * Runs on the row as written, inside the writing transaction, so that every input shape
 * (documentId, connect/disconnect, set) is judged on its result and a failure rolls the write back.
 */
export async function assertNumberRules(strapi: Core.Strapi, documentId: string) {
  const row = await strapi.db.query(UID).findOne({
    where: { documentId },
    select: ['id', 'responseType'],
    populate: { office: { select: ['id'] }, inboxOffices: { select: ['id'] }, inboxAgents: { select: ['id'] } },
  });
  if (!row) return;
  const problems: Array<{ path: string[]; message: string }> = [];
  if (!row.office) problems.push({ path: ['office'], message: RULES.office });
  if (row.responseType === 'agent' && (row.inboxOffices?.length ?? 0) + (row.inboxAgents?.length ?? 0) === 0) {
    problems.push({ path: ['unsolicitedInboxes'], message: RULES.inboxes });
  }
  if (problems.length) {
    throw new errors.ValidationError(problems.map((p) => p.message).join('; '), {
      errors: problems.map((p) => ({ ...p, name: 'ValidationError' })),
    });
  }
}

/** Document Service middleware: create/update of a number are checked on their result, in one transaction. */
export function registerNumberRulesMiddleware(strapi: Core.Strapi) {
  strapi.documents.use(async (ctx, next) => {
    if (ctx.uid !== UID || (ctx.action !== 'create' && ctx.action !== 'update')) return next();
    return committed(strapi, async () => {
      const result = await next();
      const documentId = (result as { documentId?: string } | null)?.documentId;
      if (documentId) await assertNumberRules(strapi, documentId);
      return result;
    });
  });
}

/** Query-engine backstop (db.query bypasses the Document Service): no number is created without an office. */
export function subscribeNumberRulesLifecycles(strapi: Core.Strapi) {
  strapi.db.lifecycles.subscribe({
    models: [UID],
    beforeCreate(event: { params: { data?: Record<string, unknown> } }) {
      if (!hasRelationValue(event.params.data?.office)) {
        throw new errors.ValidationError(RULES.office);
      }
    },
  });
}
