import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ACTIONS, type ActionKey } from '../permissions';
import type { UserAbility } from '../utils/context';
import { UIDS } from '../db';

type WithAbility = { state: { userAbility?: UserAbility } };

/**
 * Office scoping with Strapi's RBAC conditions (rule 12). The plugin registers the condition
 * "Is in one of my offices" (`plugin::texting.in-my-offices`); an administrator sets it on a role's texting
 * actions in Settings → Roles, as Strapi's own "Is creator". Its handler answers, for the user being
 * authorised, `{ [SCOPE_FIELD]: { $in: <ids of the offices of the agent linked to the user> } }`, which
 * Strapi's permission engine stores on the user's ability rule for that action.
 *
 * The plugin's actions have no subject, so Strapi's route policy only asks "may the user do X at all"; the
 * services then ask `officeScope(ctx, action)`:
 *  - null: unrestricted — some rule for the action carries no condition (super admins: always);
 *  - number[]: the union of the office ids of the rules' office conditions (a rule whose conditions are
 *    all someone else's, e.g. "Is creator", grants no office here: the plugin's records have no creator).
 * A limited user gets 404 for another office's record and never sees it in a list or an export.
 */
export const SCOPE_FIELD = 'texting.officeId';
export const OFFICE_CONDITION_ID = 'plugin::texting.in-my-offices';

export type OfficeScope = number[] | null;

/** Office ids of the agent linked to this admin user ([] when the user is no agent). */
export async function officeIdsOfUser(strapi: Core.Strapi, userId: number): Promise<number[]> {
  const agent = (await strapi.db.query('plugin::texting.agent').findOne({
    where: { user: { id: userId } },
    select: ['id'],
    populate: { offices: { select: ['id'] } },
  })) as { offices?: Array<{ id: number }> } | null;
  return (agent?.offices ?? []).map((o) => Number(o.id));
}

export async function registerOfficeCondition(strapi: Core.Strapi) {
  await strapi.service('admin::permission').conditionProvider.register({
    displayName: 'Is in one of my offices',
    name: 'in-my-offices',
    plugin: 'texting',
    category: 'Texting',
    async handler(user: { id: number }) {
      return { [SCOPE_FIELD]: { $in: await officeIdsOfUser(strapi, user.id) } };
    },
  });
}

/** Office ids named by our condition inside a rule's `{ $and: [{ $or: [...] }] }`; null when none is ours. */
function officesIn(conditions: unknown): number[] | null {
  const found: number[] = [];
  let ours = false;
  const walk = (c: unknown) => {
    if (!c || typeof c !== 'object') return;
    if (Array.isArray(c)) return c.forEach(walk);
    const o = c as Record<string, unknown>;
    if (SCOPE_FIELD in o) {
      ours = true;
      const ids = (o[SCOPE_FIELD] as { $in?: unknown[] } | undefined)?.$in ?? [];
      for (const id of ids) found.push(Number(id));
      return;
    }
    for (const key of ['$and', '$or']) if (key in o) walk(o[key]);
  };
  walk(conditions);
  return ours ? found : null;
}

/** The offices this request's user may reach through `action` (null = all of them). */
export function officeScope(ctx: WithAbility, action: ActionKey): OfficeScope {
  const rules = (ctx.state.userAbility?.rules ?? []).filter((r) => r.action === ACTIONS[action] && !r.inverted);
  if (!rules.length) return [];
  const offices = new Set<number>();
  for (const rule of rules) {
    if (!rule.conditions || (typeof rule.conditions === 'object' && Object.keys(rule.conditions as object).length === 0)) return null;
    for (const id of officesIn(rule.conditions) ?? []) offices.add(id);
  }
  return [...offices];
}

/**
 * 404 unless the row of `uid` (a number or a campaign, each with one office) belongs to one of the scope's
 * offices: the same answer as a row that does not exist.
 */
async function assertOfficeOwnedInScope(strapi: Core.Strapi, uid: typeof UIDS.number | typeof UIDS.campaign, documentId: string, scope: OfficeScope, notFound: string) {
  if (scope === null) return;
  const row = (await strapi.db.query(uid).findOne({
    where: { documentId },
    select: ['id'],
    populate: { office: { select: ['id'] } },
  })) as { office?: { id: number } | null } | null;
  if (!row || !row.office || !scope.includes(Number(row.office.id))) throw new errors.NotFoundError(notFound);
}

/** 404 unless the number belongs to one of the scope's offices. */
export const assertNumberInScope = (strapi: Core.Strapi, documentId: string, scope: OfficeScope): Promise<void> =>
  assertOfficeOwnedInScope(strapi, UIDS.number, documentId, scope, `No phone number with id "${documentId}".`);

/** An office chosen in a body (documentId) must be one of the scope's: 400 otherwise. */
export async function assertOfficeInScope(strapi: Core.Strapi, officeDocumentId: string | undefined | null, scope: OfficeScope, path = 'office') {
  if (scope === null || !officeDocumentId) return;
  const office = (await strapi.db.query('plugin::texting.office').findOne({ where: { documentId: officeDocumentId }, select: ['id'] })) as { id: number } | null;
  if (!office || !scope.includes(Number(office.id))) throw new errors.ValidationError(`${path}: you may only choose one of your offices`);
}

/** 404 unless the campaign belongs to one of the scope's offices. */
export const assertCampaignInScope = (strapi: Core.Strapi, documentId: string, scope: OfficeScope): Promise<void> =>
  assertOfficeOwnedInScope(strapi, UIDS.campaign, documentId, scope, `No campaign with id "${documentId}".`);

/** 404 for an office (named in a query) outside the scope, as if it did not exist. */
export async function assertOfficeVisible(strapi: Core.Strapi, officeDocumentId: string, scope: OfficeScope): Promise<void> {
  if (scope === null) return;
  const office = (await strapi.db.query('plugin::texting.office').findOne({ where: { documentId: officeDocumentId }, select: ['id'] })) as { id: number } | null;
  if (!office || !scope.includes(Number(office.id))) throw new errors.NotFoundError(`No office with id "${officeDocumentId}".`);
}

/** A user may do `action` at all (with or without conditions). */
export const mayDo = (ctx: WithAbility, action: ActionKey) => Boolean(ctx.state.userAbility?.can(ACTIONS[action]));
