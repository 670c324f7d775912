import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { RULES } from '../../guards/phone-number-rules';
import { blockingDetails, describeBlocking, findBlockingCampaigns } from '../../guards/in-use';
import { ConflictError } from '../../utils/errors';
import { getDetail, type NumberDetail } from './detail';
import type { UpdateBody } from '../../validation/phone-numbers';
import type { Named } from './rows';
import { UIDS, committed } from '../../db';
import { getService } from '../../utils/get-service';

interface Current {
  id: number;
  phoneNumber: string;
  name: string;
  description: string | null;
  responseType: 'bot' | 'agent';
  office: Named | null;
  agent: Named | null;
  inboxOffices: Named[];
  inboxAgents: Named[];
}

type Problem = { path: string[]; message: string };

const named = (x: Named | null | undefined): Named | null => (x ? { documentId: x.documentId, name: x.name } : null);
const sameIds = (a: Named[], b: Named[]) => a.length === b.length && a.every((x) => b.some((y) => y.documentId === x.documentId));

/** documentId → {documentId, name} for the ids that exist; the missing ones are reported as problems. */
async function resolve(strapi: Core.Strapi, uid: string, ids: string[], path: string[], what: string, problems: Problem[]) {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map<string, Named>();
  const found = (await strapi.db.query(uid).findMany({
    where: { documentId: { $in: unique } },
    select: ['documentId', 'name'],
  })) as Named[];
  const map = new Map(found.map((f) => [f.documentId, { documentId: f.documentId, name: f.name }]));
  const missing = unique.filter((id) => !map.has(id));
  if (missing.length) problems.push({ path, message: `${path.join('.')}: no ${what} with id ${missing.map((m) => `"${m}"`).join(', ')}` });
  return map;
}

/**
 * Edits a number's name, description, office, agent and unsolicited settings (a partial body changes only
 * what it names). Validates rule 4 on the result, refuses to move an in-use number to another office (its
 * campaigns belong to the old one), and records an `edited` history event with each changed field's old
 * and new value — all in one transaction.
 */
export async function updateNumber(strapi: Core.Strapi, documentId: string, body: UpdateBody, userId: number | null): Promise<NumberDetail> {
  const cur = (await strapi.db.query(UIDS.number).findOne({
    where: { documentId },
    select: ['id', 'phoneNumber', 'name', 'description', 'responseType'],
    populate: {
      office: { select: ['documentId', 'name'] },
      agent: { select: ['documentId', 'name'] },
      inboxOffices: { select: ['documentId', 'name'] },
      inboxAgents: { select: ['documentId', 'name'] },
    },
  })) as Current | null;
  if (!cur) throw new errors.NotFoundError(`No phone number with id "${documentId}".`);

  const problems: Problem[] = [];
  const office = await resolve(strapi, UIDS.office, body.office ? [body.office] : [], ['office'], 'office', problems);
  const agent = await resolve(strapi, UIDS.agent, body.agent ? [body.agent] : [], ['agent'], 'agent', problems);
  const inbox = body.unsolicitedInboxes;
  const inboxOffices = await resolve(strapi, UIDS.office, inbox?.offices ?? [], ['unsolicitedInboxes', 'offices'], 'office', problems);
  const inboxAgents = await resolve(strapi, UIDS.agent, inbox?.agents ?? [], ['unsolicitedInboxes', 'agents'], 'agent', problems);
  const pick = (map: Map<string, Named>, ids: string[]) => [...new Set(ids)].map((id) => map.get(id)).filter((x): x is Named => !!x);

  const next = {
    name: body.name ?? cur.name,
    description: body.description === undefined ? cur.description ?? null : body.description === '' ? null : body.description,
    office: body.office === undefined ? named(cur.office) : office.get(body.office) ?? null,
    agent: body.agent === undefined ? named(cur.agent) : body.agent === null ? null : agent.get(body.agent) ?? null,
    responseType: body.responseType ?? cur.responseType,
    inboxOffices: inbox ? pick(inboxOffices, inbox.offices) : (cur.inboxOffices ?? []).map((x) => named(x) as Named),
    inboxAgents: inbox ? pick(inboxAgents, inbox.agents) : (cur.inboxAgents ?? []).map((x) => named(x) as Named),
  };
  if (!problems.length && next.responseType === 'agent' && next.inboxOffices.length + next.inboxAgents.length === 0) {
    problems.push({ path: ['unsolicitedInboxes'], message: RULES.inboxes });
  }
  if (problems.length) {
    throw new errors.ValidationError(`Invalid phone number: ${problems.map((p) => p.message).join('; ')}`, {
      errors: problems.map((p) => ({ ...p, name: 'ValidationError' })),
    });
  }

  const changes: Record<string, { from: unknown; to: unknown }> = {};
  if (next.name !== cur.name) changes.name = { from: cur.name, to: next.name };
  if ((next.description ?? null) !== (cur.description ?? null)) changes.description = { from: cur.description ?? null, to: next.description };
  if (next.office?.documentId !== cur.office?.documentId) changes.office = { from: named(cur.office), to: next.office };
  if ((next.agent?.documentId ?? null) !== (cur.agent?.documentId ?? null)) changes.agent = { from: named(cur.agent), to: next.agent };
  if (next.responseType !== cur.responseType) changes.responseType = { from: cur.responseType, to: next.responseType };
  const curInboxes = { offices: (cur.inboxOffices ?? []).map((x) => named(x) as Named), agents: (cur.inboxAgents ?? []).map((x) => named(x) as Named) };
  if (!sameIds(next.inboxOffices, curInboxes.offices) || !sameIds(next.inboxAgents, curInboxes.agents)) {
    changes.unsolicitedInboxes = { from: curInboxes, to: { offices: next.inboxOffices, agents: next.inboxAgents } };
  }
  if (!Object.keys(changes).length) return getDetail(strapi, documentId);

  await committed(strapi, async () => {
    if (changes.office && cur.office) {
      const blocking = await findBlockingCampaigns(strapi, [cur.id]);
      if (blocking.length) {
        const them = blocking.length === 1 ? 'it is' : 'they are';
        throw new ConflictError(
          `${describeBlocking(blocking)}, which belong to ${cur.office.name}; the number cannot move to another office until ${them} archived.`,
          blockingDetails(blocking)
        );
      }
    }
    await strapi.documents(UIDS.number).update({
      documentId,
      data: {
        name: next.name,
        description: next.description,
        office: next.office?.documentId ?? null,
        agent: next.agent?.documentId ?? null,
        responseType: next.responseType,
        inboxOffices: next.inboxOffices.map((x) => x.documentId),
        inboxAgents: next.inboxAgents.map((x) => x.documentId),
      } as never,
    });
    await getService(strapi, 'history').record({
      phoneNumberId: cur.id,
      phoneNumber: cur.phoneNumber,
      action: 'edited',
      user: userId,
      changes,
    });
  });
  return getDetail(strapi, documentId);
}
