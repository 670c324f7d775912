import type { Core } from '@strapi/strapi';
import type { ProviderNumber, ProviderOverview } from '../../../../shared/contracts';
import type { OfficeScope } from '../../guards/office-scope';
import { ProviderError } from '../../provider/types';
import { getService } from '../../utils/get-service';
import { toIso, UIDS } from '../../db';
import { MISSING_REASON } from './index';
import { readLastSync } from './last-sync';

interface NumberRow {
  documentId: string;
  phoneNumber: string;
  name: string;
  createdAt: unknown;
  office?: { documentId: string; name: string } | null;
}

/** What the user may see and do on the Provider page (the controller reads it from their permissions). */
export interface OverviewAccess {
  /** The offices whose numbers the user may read (numbers.read). */
  scope: OfficeScope;
  /** Org-level: import (numbers.provision) and release (numbers.delete) of unmanaged numbers, each without an office condition. */
  mayImport: boolean;
  mayRelease: boolean;
  mayActivate: boolean;
  maySync: boolean;
}

const UNREACHABLE = new Set(['network', 'timeout', 'server_error', 'rate_limited']);

async function account(strapi: Core.Strapi): Promise<NonNullable<ProviderOverview['account']>> {
  const empty = { name: null, accountType: null, billingMode: null, autoRecharge: null, balance: null };
  const provider = getService(strapi, 'provider');
  if (!provider.configured) return { status: 'not_configured', message: null, ...empty };
  try {
    const a = await provider.getAccount();
    return { status: 'ok', message: null, name: a.name, accountType: a.accountType, billingMode: a.billingMode, autoRecharge: a.autoRecharge, balance: a.cashCredits };
  } catch (err) {
    const kind = err instanceof ProviderError ? err.kind : 'error';
    const status = kind === 'unauthorized' ? 'unauthorized' : UNREACHABLE.has(kind) ? 'unreachable' : 'error';
    return { status, message: err instanceof Error ? err.message : String(err), ...empty };
  }
}

/**
 * The Provider page (issue 13): the Plivo account, the last sync, the user's offices' numbers pending activation
 * or missing at Plivo, and the unmanaged numbers the last sync found. The account and the unmanaged numbers belong
 * to no office: only users who may import or release them without an office condition see them (docs/DECISIONS.md).
 * Reads the database and the stored last sync; the only Plivo call is the account's details (org-level users only).
 */
export async function providerOverview(strapi: Core.Strapi, access: OverviewAccess): Promise<ProviderOverview> {
  const provider = getService(strapi, 'provider');
  const orgLevel = access.mayImport || access.mayRelease;
  const officeWhere = access.scope === null ? {} : { office: { id: { $in: access.scope } } };
  const numbers = async (where: Record<string, unknown>): Promise<ProviderNumber[]> => {
    if (access.scope !== null && access.scope.length === 0) return [];
    const rows = (await strapi.db.query(UIDS.number).findMany({
      where: { ...where, ...officeWhere },
      select: ['documentId', 'phoneNumber', 'name', 'createdAt'],
      populate: { office: { select: ['documentId', 'name'] } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      limit: 500,
    })) as NumberRow[];
    return rows.map((r) => ({
      documentId: r.documentId,
      phoneNumber: r.phoneNumber,
      name: r.name,
      office: r.office ? { documentId: r.office.documentId, name: r.office.name } : null,
      createdAt: toIso(r.createdAt),
    }));
  };

  const last = await readLastSync(strapi);
  let unmanaged: ProviderOverview['unmanaged'] = null;
  if (orgLevel) {
    // The stored list is as of the last sync; numbers imported since (from elsewhere) are left out.
    const listed = last?.unmanaged ?? [];
    const ours = listed.length
      ? ((await strapi.db.query(UIDS.number).findMany({ where: { phoneNumber: { $in: listed.map((u) => u.phoneNumber) } }, select: ['phoneNumber'] })) as Array<{ phoneNumber: string }>)
      : [];
    const managed = new Set(ours.map((o) => o.phoneNumber));
    unmanaged = listed.filter((u) => !managed.has(u.phoneNumber));
  }

  return {
    configured: provider.configured,
    simulated: provider.simulated,
    account: orgLevel ? await account(strapi) : null,
    lastSync: last ? { at: last.at, ok: last.ok, error: last.error } : null,
    pending: await numbers({ providerStatus: 'pending' }),
    missing: await numbers({ statusReason: MISSING_REASON }),
    unmanaged,
    may: { import: access.mayImport, release: access.mayRelease, activate: access.mayActivate, sync: access.maySync },
  };
}
