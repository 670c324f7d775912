import type { Core } from '@strapi/strapi';
import { ConflictError, StatusError } from '../../utils/errors';

import type { AdminUser } from '../../utils/context';

export type { AdminUser };

const SUPER_ADMIN = 'strapi-super-admin';

export async function isSuperAdmin(strapi: Core.Strapi, user: AdminUser): Promise<boolean> {
  if (user.roles?.some((r) => r.code === SUPER_ADMIN)) return true;
  if (user.roles) return false;
  const row = await strapi.db.query('admin::user').findOne({ where: { id: user.id }, populate: { roles: { select: ['code'] } } });
  return Boolean(row?.roles?.some((r: { code?: string }) => r.code === SUPER_ADMIN));
}

/** documentIds of the offices whose agent this admin user is (through `agent.user` and `agent.offices`). */
export async function officesOfUser(strapi: Core.Strapi, userId: number): Promise<Set<string>> {
  const agents = await strapi.db.query('plugin::texting.agent').findMany({
    where: { user: { id: userId } },
    select: ['id'],
    populate: { offices: { select: ['documentId'] } },
  });
  const out = new Set<string>();
  for (const a of agents as Array<{ offices?: Array<{ documentId: string }> }>) {
    for (const o of a.offices ?? []) out.add(o.documentId);
  }
  return out;
}

/**
 * Rule 1: only agents of the office, and super admins, may create, change, schedule or archive its campaigns.
 * The RBAC action (`campaigns.manage`) says who may manage campaigns at all; this says for which office.
 */
export async function assertMayManage(
  strapi: Core.Strapi,
  user: AdminUser | undefined,
  office: { documentId: string; name: string }
): Promise<void> {
  if (!user) throw new StatusError('Campaigns are managed by signed-in admin users only', 403, 'ForbiddenError');
  if (await isSuperAdmin(strapi, user)) return;
  const offices = await officesOfUser(strapi, user.id);
  if (!offices.has(office.documentId)) {
    // A StatusError, not errors.ForbiddenError: Strapi's admin answers the latter with a bare "Forbidden".
    throw new StatusError(
      `Only agents of ${office.name} (and super admins) may manage its campaigns; you are not an agent of ${office.name}.`,
      403,
      'ForbiddenError',
      { office: office.documentId }
    );
  }
}

/**
 * Rule 1 for an existing campaign. A campaign whose office is gone (deleted through a door that did not stop
 * it) refuses every action, for everyone: who may act on a campaign is decided by its office, and skipping the
 * check would let any campaign manager act on it (issue 11).
 */
export async function assertMayManageCampaign(
  strapi: Core.Strapi,
  user: AdminUser | undefined,
  campaign: { name: string; office?: { documentId: string; name: string } | null }
): Promise<void> {
  if (!campaign.office) {
    throw new ConflictError(
      `Campaign "${campaign.name}" has no office (it was deleted), and who may act on a campaign depends on its office: no action is allowed on it.`,
      { reason: 'office_missing' }
    );
  }
  await assertMayManage(strapi, user, campaign.office);
}
