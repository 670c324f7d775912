import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { TextingConfig } from '../../config';
import { RULES } from '../../guards/phone-number-rules';
import { assertNotInUse } from '../../guards/in-use';
import { ProviderError, type AvailableNumber } from '../../provider/types';
import { notificationReasonOf } from '../../provider/plivo/errors';
import { ConflictError, StatusError } from '../../utils/errors';
import { buyRefusal, providerFailure } from './failures';
import { getListRow, type ListRow } from '../numbers/rows';
import type { ProvisionBody } from '../../validation/provisioning';
import { getService } from '../../utils/get-service';
import { dbDate, tables, type Knex, committed } from '../../db';
import type { NotificationEvent } from '../notifications';
import { dropUnmanaged, saveLastSync } from './last-sync';
import { providerOverview, type OverviewAccess } from './overview';
import { MISSING_AT_PLIVO_REASON } from '../../../../shared/contracts';

const UID = 'plugin::texting.phone-number';
const OFFICE = 'plugin::texting.office';
const AGENT = 'plugin::texting.agent';

/** Shared: the list's "Needs attention" filter looks for it (services/numbers/health.ts). */
export const MISSING_REASON = MISSING_AT_PLIVO_REASON;
export const ACTIVATION_NOTE =
  'The number is pending: carriers take 2–10 days to register it for texting (10DLC). It becomes active by itself once Plivo reports it registered.';

export interface ProvisionInput extends ProvisionBody {
  /** Campaigns provision single-use numbers through this service too. */
  numberType?: 'reusable' | 'single_use';
}

export interface HistoryEntry {
  phoneNumberId: number | null;
  phoneNumber: string;
  action: 'provisioned' | 'released' | 'release_failed' | 'activated';
  user?: number;
  changes?: Record<string, unknown>;
  office?: number | null;
}

export interface SyncReport {
  unmanaged: Array<{ phoneNumber: string; appId: string | null }>;
  missing: Array<{ documentId: string; phoneNumber: string; name: string }>;
}

export interface ActivationReport {
  checked: number;
  activated: string[];
  failed: Array<{ phoneNumber: string; reason: string }>;
}

interface NumberRef {
  id: number;
  documentId: string;
  phoneNumber: string;
  name: string;
  office?: { id: number; documentId: string; name: string } | null;
  providerStatus: ListRow['status'];
  statusReason: string | null;
}

/** A number's row as the provisioning body sets it (bought or imported). */
const storedFields = (input: ProvisionInput) => ({
  phoneNumber: input.phoneNumber,
  name: input.name,
  description: input.description ?? null,
  office: input.office,
  agent: input.agent ?? null,
  numberType: input.numberType ?? 'reusable',
  responseType: input.responseType,
  inboxOffices: input.unsolicitedInboxes.offices,
  inboxAgents: input.unsolicitedInboxes.agents,
});

/** Failures that may hide a purchase Plivo completed anyway (no answer, or a 5xx after the fact). */
const AMBIGUOUS = new Set(['timeout', 'network', 'server_error']);
/** Failures after which asking Plivo about the next number is pointless. */
const SYSTEMIC = new Set(['not_configured', 'unauthorized', 'rate_limited']);

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

const provider = (strapi: Core.Strapi) => getService(strapi, 'provider');
const config = (strapi: Core.Strapi) => strapi.config.get('plugin::texting') as TextingConfig;

/** The number's history is a record of what happened: a failure to write it never undoes a buy or a release. */
async function recordHistory(strapi: Core.Strapi, entry: HistoryEntry) {
  try {
    await getService(strapi, 'history').record(entry);
  } catch (err) {
    strapi.log.error(`[texting] Could not record history (${entry.action} ${entry.phoneNumber}): ${describe(err)}`);
  }
}

/** After the fact and never failing (services/notifications explains why). */
const notify = (strapi: Core.Strapi, event: NotificationEvent) => getService(strapi, 'notifications').emit(event);

/** pending → active, only while still pending: two instances (or an admin and the job) cannot both win. */
async function markActive(strapi: Core.Strapi, id: number): Promise<boolean> {
  const { count } = await strapi.db.query(UID).updateMany({
    where: { id, providerStatus: 'pending' },
    data: { providerStatus: 'active', activatedAt: new Date(), statusReason: null },
  });
  return count > 0;
}

async function findRef(strapi: Core.Strapi, documentId: string): Promise<NumberRef> {
  const row = (await strapi.db.query(UID).findOne({
    where: { documentId },
    select: ['id', 'documentId', 'phoneNumber', 'name', 'providerStatus', 'statusReason'],
    populate: { office: { select: ['id', 'documentId', 'name'] } },
  })) as NumberRef | null;
  if (!row) throw new errors.NotFoundError(`No phone number with id "${documentId}".`);
  return row;
}

/** Every problem of the request at once, before anything is bought. */
async function validate(strapi: Core.Strapi, input: ProvisionInput) {
  const problems: Array<{ path: string[]; message: string }> = [];
  const missingIds = async (uid: string, ids: string[]) => {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const found = (await strapi.db.query(uid).findMany({ where: { documentId: { $in: unique } }, select: ['documentId'] })) as Array<{
      documentId: string;
    }>;
    const have = new Set(found.map((f) => f.documentId));
    return unique.filter((id) => !have.has(id));
  };
  if ((await missingIds(OFFICE, [input.office])).length) {
    problems.push({ path: ['office'], message: `office: no office with id "${input.office}"` });
  }
  if (input.agent && (await missingIds(AGENT, [input.agent])).length) {
    problems.push({ path: ['agent'], message: `agent: no agent with id "${input.agent}"` });
  }
  const { offices, agents } = input.unsolicitedInboxes;
  const badOffices = await missingIds(OFFICE, offices);
  if (badOffices.length) {
    problems.push({ path: ['unsolicitedInboxes', 'offices'], message: `unsolicitedInboxes.offices: no office with id ${badOffices.map((i) => `"${i}"`).join(', ')}` });
  }
  const badAgents = await missingIds(AGENT, agents);
  if (badAgents.length) {
    problems.push({ path: ['unsolicitedInboxes', 'agents'], message: `unsolicitedInboxes.agents: no agent with id ${badAgents.map((i) => `"${i}"`).join(', ')}` });
  }
  if (input.responseType === 'agent' && offices.length + agents.length === 0) {
    problems.push({ path: ['unsolicitedInboxes'], message: RULES.inboxes });
  }
  if (problems.length) {
    throw new errors.ValidationError(`Invalid phone number: ${problems.map((p) => p.message).join('; ')}`, {
      errors: problems.map((p) => ({ ...p, name: 'ValidationError' })),
    });
  }
  const existing = (await strapi.db.query(UID).findOne({ where: { phoneNumber: input.phoneNumber }, select: ['documentId', 'name'] })) as {
    documentId: string;
    name: string;
  } | null;
  if (existing) {
    throw new ConflictError(`${input.phoneNumber} is already one of your numbers ("${existing.name}").`, { documentId: existing.documentId });
  }
}

/**
 * After a failure that may hide a completed purchase, or a failed save: release the number if Plivo has it
 * with our application. Says what became of it, for the admin's message.
 */
async function undoPurchase(strapi: Core.Strapi, phoneNumber: string): Promise<'not_rented' | 'released' | 'unknown'> {
  try {
    const rented = await provider(strapi).getNumber(phoneNumber);
    if (!rented || (rented.appId !== null && rented.appId !== config(strapi).plivo.appId)) return 'not_rented';
    await provider(strapi).releaseNumber(phoneNumber);
    return 'released';
  } catch (err) {
    strapi.log.error(`[texting] ${phoneNumber} may still be rented at Plivo after a failed provisioning: ${describe(err)}`);
    return 'unknown';
  }
}

const undoSentence = (phoneNumber: string, outcome: 'not_rented' | 'released' | 'unknown') =>
  ({
    not_rented: 'Nothing was bought.',
    released: `Plivo had bought ${phoneNumber} anyway; it was released again, so nothing is rented.`,
    unknown: `It is not certain whether Plivo bought ${phoneNumber}: check Provider sync, and release it in Plivo if it is listed as unmanaged.`,
  })[outcome];

/**
 * Provisioning (search, buy + store), release (revoke), activation and provider sync: every path that
 * changes what is rented at Plivo. Rule 7: a failed buy stores nothing, a failed save releases the number
 * again. Rule 6: a failed release keeps the number, marked `release_failed` with the reason.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  return {
    overview: (access: OverviewAccess) => providerOverview(strapi, access),

    async searchAvailable(areaCode: string, limit: number): Promise<AvailableNumber[]> {
      try {
        return await provider(strapi).searchNumbers(areaCode, { limit });
      } catch (err) {
        throw providerFailure(err, 'No numbers could be listed.');
      }
    },

    async provision(input: ProvisionInput, userId?: number): Promise<{ row: ListRow; note: string }> {
      await validate(strapi, input);
      const { phoneNumber } = input;

      try {
        await provider(strapi).buyNumber(phoneNumber);
      } catch (err) {
        if (!(err instanceof ProviderError)) throw err;
        if (err.kind === 'not_found' || err.kind === 'bad_request') throw buyRefusal(err, phoneNumber);
        const outcome = AMBIGUOUS.has(err.kind) ? await undoPurchase(strapi, phoneNumber) : 'not_rented';
        throw providerFailure(err, undoSentence(phoneNumber, outcome));
      }

      // The rent is informational: a failed look-up must not undo a good purchase.
      let monthlyRentalRate: number | null = null;
      try {
        const rate = Number((await provider(strapi).getNumber(phoneNumber))?.monthlyRentalRate);
        monthlyRentalRate = Number.isFinite(rate) ? rate : null;
      } catch (err) {
        strapi.log.warn(`[texting] Bought ${phoneNumber} but could not read its monthly rent: ${describe(err)}`);
      }

      let created: { id: number; documentId: string };
      try {
        created = (await strapi.documents(UID).create({
          data: {
            ...storedFields(input),
            providerStatus: 'pending',
            providerAppId: config(strapi).plivo.appId,
            monthlyRentalRate,
          } as never,
        })) as unknown as { id: number; documentId: string };
      } catch (err) {
        // Rule 7: no orphan rental. The number was ours for a moment only.
        const outcome = await undoPurchase(strapi, phoneNumber);
        const after =
          outcome === 'unknown'
            ? `Releasing it at Plivo failed too, so it is still rented: release it in Plivo (or check Provider sync).`
            : `It was released again at Plivo, so nothing is rented. Try again.`;
        strapi.log.error(`[texting] Saving provisioned number ${phoneNumber} failed: ${describe(err)}`);
        throw new StatusError(`Bought ${phoneNumber} but could not save it (${describe(err)}). ${after}`, 500, 'InternalServerError', {
          phoneNumber,
          released: outcome !== 'unknown',
        });
      }

      await recordHistory(strapi, { phoneNumberId: created.id, phoneNumber, action: 'provisioned', user: userId, changes: {} });
      const row = await getListRow(strapi, created.documentId);
      if (!row) throw new errors.NotFoundError(`${phoneNumber} was saved but is gone; it may have been deleted meanwhile.`);
      return { row, note: ACTIVATION_NOTE };
    },

    /**
     * Rule 6: release at Plivo, then delete; a failed release keeps the number, marked, with the reason.
     * `remove` performs the delete (the door guard passes the Content Manager's own delete, so that its
     * answer is the Document Service's).
     */
    async release(
      documentId: string,
      userId?: number,
      remove: () => Promise<unknown> = () => strapi.documents(UID).delete({ documentId })
    ): Promise<{ documentId: string; released: true }> {
      const number = await findRef(strapi, documentId);
      // The in-use check and the "releasing" mark in one transaction (on PostgreSQL the check locks the number
      // and its campaigns): a schedule that comes after it waits for this commit, then finds the number
      // releasing and answers 409; one that committed first makes this check refuse. Never a campaign on a
      // number Plivo released (issue 11).
      await committed(strapi, async (trx) => {
        await assertNotInUse(strapi, [number.id]);
        await (trx as unknown as Knex)(tables(strapi).numbers)
          .where({ id: number.id })
          .update({ releasing_at: dbDate(strapi, new Date()) });
      });
      const unmark = () =>
        strapi.db
          .connection(tables(strapi).numbers)
          .where({ id: number.id })
          .update({ releasing_at: null })
          .catch(() => undefined);

      let outcome: 'released' | 'not_found';
      try {
        outcome = await provider(strapi).releaseNumber(number.phoneNumber);
      } catch (err) {
        await unmark();
        if (!(err instanceof ProviderError)) throw err;
        if (err.kind === 'not_configured') throw providerFailure(err, 'The number was not released and is kept.');
        await strapi.db.query(UID).update({
          where: { id: number.id },
          data: { providerStatus: 'release_failed', statusReason: err.message },
        });
        await recordHistory(strapi, {
          phoneNumberId: number.id,
          phoneNumber: number.phoneNumber,
          action: 'release_failed',
          user: userId,
          changes: { providerStatus: { from: number.providerStatus, to: 'release_failed' }, reason: err.message },
        });
        // Once per failure streak: the single-use release job retries every minute while Plivo refuses.
        if (number.providerStatus !== 'release_failed') {
          await notify(strapi, { kind: 'release_failed', number: { id: number.id }, detail: err.message, reason: notificationReasonOf(err) });
        }
        throw providerFailure(err, `${number.phoneNumber} was not released: it is kept and marked "release failed". Delete it again to retry.`);
      }

      try {
        await remove();
      } catch (err) {
        // Released at Plivo: a retry finds it gone there ('not_found') and completes the delete.
        const reason = `Released at Plivo, but removing it here failed (${describe(err)}); delete it again.`;
        await strapi.db
          .query(UID)
          .update({ where: { id: number.id }, data: { providerStatus: 'release_failed', statusReason: reason } })
          .catch(() => undefined);
        await unmark(); // release_failed keeps it off campaigns (assertNumberChoice) and lets a retry delete it
        if (number.providerStatus !== 'release_failed') {
          await notify(strapi, { kind: 'release_failed', number: { id: number.id }, detail: reason, reason: 'released_not_deleted' });
        }
        throw err;
      }

      // The row is gone: the event keeps the number's name and office, so the released number stays listed
      // (Released numbers) and its office's users may read its history.
      await recordHistory(strapi, {
        phoneNumberId: null,
        phoneNumber: number.phoneNumber,
        action: 'released',
        user: userId,
        office: number.office?.id ?? null,
        changes: {
          plivo: outcome === 'released' ? 'released' : 'already released',
          name: number.name,
          office: number.office ? { documentId: number.office.documentId, name: number.office.name } : null,
        },
      });
      return { documentId, released: true };
    },

    /** An admin marks a pending number active by hand (e.g. Plivo confirmed registration by e-mail). */
    async activate(documentId: string, userId?: number): Promise<ListRow> {
      const number = await findRef(strapi, documentId);
      if (number.providerStatus === 'release_failed') {
        throw new ConflictError(`${number.phoneNumber} could not be released at Plivo; delete it again instead of activating it.`, {
          reason: number.statusReason,
        });
      }
      if (number.providerStatus === 'pending' && (await markActive(strapi, number.id))) {
        await recordHistory(strapi, {
          phoneNumberId: number.id,
          phoneNumber: number.phoneNumber,
          action: 'activated',
          user: userId,
          changes: { providerStatus: { from: 'pending', to: 'active' }, by: 'admin' },
        });
        await notify(strapi, { kind: 'number_active', number: { id: number.id } });
      }
      const row = await getListRow(strapi, documentId);
      if (!row) throw new errors.NotFoundError(`No phone number with id "${documentId}".`);
      return row;
    },

    /**
     * The activation job: asks Plivo about each pending number and marks the registered ones active.
     * Safe with several instances: the update only applies while the number is still pending.
     */
    async runActivation(): Promise<ActivationReport> {
      const report: ActivationReport = { checked: 0, activated: [], failed: [] };
      if (!provider(strapi).configured) return report;
      const pending = (await strapi.db.query(UID).findMany({
        where: { providerStatus: 'pending' },
        select: ['id', 'phoneNumber'],
        orderBy: { id: 'asc' },
        limit: 1000,
      })) as Array<{ id: number; phoneNumber: string }>;
      for (const n of pending) {
        report.checked++;
        let active = false;
        try {
          active = (await provider(strapi).getNumber(n.phoneNumber))?.active === true;
        } catch (err) {
          report.failed.push({ phoneNumber: n.phoneNumber, reason: describe(err) });
          if (err instanceof ProviderError && SYSTEMIC.has(err.kind)) break;
          continue;
        }
        if (!active || !(await markActive(strapi, n.id))) continue;
        report.activated.push(n.phoneNumber);
        await recordHistory(strapi, {
          phoneNumberId: n.id,
          phoneNumber: n.phoneNumber,
          action: 'activated',
          changes: { providerStatus: { from: 'pending', to: 'active' }, by: 'Plivo registration completed' },
        });
        await notify(strapi, { kind: 'number_active', number: { id: n.id } });
      }
      if (report.failed.length) {
        strapi.log.warn(`[texting] Activation check: ${report.failed.length} number(s) could not be checked: ${report.failed[0].reason}`);
      }
      return report;
    },

    /**
     * Provider sync: numbers rented on the Plivo account that we do not manage, and our numbers Plivo no
     * longer has (flagged with MISSING_REASON; the flag clears when the number is back).
     */
    async sync(): Promise<SyncReport> {
      let rented;
      try {
        rented = await provider(strapi).listNumbers();
      } catch (err) {
        await saveLastSync(strapi, { at: new Date().toISOString(), ok: false, error: describe(err), unmanaged: [] });
        throw providerFailure(err, 'Provider sync could not run; nothing was changed.');
      }
      const ours = (await strapi.db.query(UID).findMany({
        select: ['id', 'documentId', 'phoneNumber', 'name', 'statusReason'],
        orderBy: { phoneNumber: 'asc' },
      })) as Array<{ id: number; documentId: string; phoneNumber: string; name: string; statusReason: string | null }>;
      const onPlivo = new Set(rented.map((r) => r.phoneNumber));
      const managed = new Set(ours.map((o) => o.phoneNumber));

      const missing = ours.filter((o) => !onPlivo.has(o.phoneNumber));
      const flag = missing.filter((o) => o.statusReason !== MISSING_REASON).map((o) => o.id);
      if (flag.length) {
        await strapi.db.query(UID).updateMany({ where: { id: { $in: flag } }, data: { statusReason: MISSING_REASON } });
        // Only numbers newly missing: the hourly sync does not repeat it while the number stays missing.
        for (const id of flag) await notify(strapi, { kind: 'number_missing', number: { id } });
      }
      const back = ours.filter((o) => onPlivo.has(o.phoneNumber) && o.statusReason === MISSING_REASON).map((o) => o.id);
      if (back.length) {
        await strapi.db.query(UID).updateMany({ where: { id: { $in: back } }, data: { statusReason: null } });
      }

      const report: SyncReport = {
        unmanaged: rented
          .filter((r) => !managed.has(r.phoneNumber))
          .map((r) => ({ phoneNumber: r.phoneNumber, appId: r.appId }))
          .sort((a, b) => a.phoneNumber.localeCompare(b.phoneNumber)),
        missing: missing.map((o) => ({ documentId: o.documentId, phoneNumber: o.phoneNumber, name: o.name })),
      };
      await saveLastSync(strapi, { at: new Date().toISOString(), ok: true, error: null, unmanaged: report.unmanaged });
      return report;
    },

    /**
     * "Import into an office" (Provider page): a number rented on the Plivo account but not managed here is
     * stored with the same checks as provisioning (office, agent, inboxes, rule 4, not already ours), after it
     * is pointed at our Plivo application so that its texts reach our webhook. Nothing is stored when Plivo no
     * longer has it or refuses the change. It is `active` when Plivo reports it registered, `pending` otherwise.
     */
    async importNumber(input: ProvisionInput, userId?: number): Promise<{ row: ListRow }> {
      await validate(strapi, input);
      const { phoneNumber } = input;
      let rented;
      try {
        rented = await provider(strapi).getNumber(phoneNumber);
        if (rented) await provider(strapi).assignApp(phoneNumber);
      } catch (err) {
        throw providerFailure(err, `${phoneNumber} was not imported; nothing was stored.`);
      }
      if (!rented) throw new errors.NotFoundError(`${phoneNumber} is not rented on the Plivo account (any more); run Sync now.`);
      const rate = Number(rented.monthlyRentalRate);
      const created = (await strapi.documents(UID).create({
        data: {
          ...storedFields({ ...input, numberType: 'reusable' }),
          providerStatus: rented.active ? 'active' : 'pending',
          activatedAt: rented.active ? new Date() : null,
          providerAppId: config(strapi).plivo.appId,
          monthlyRentalRate: Number.isFinite(rate) ? rate : null,
        } as never,
      })) as unknown as { id: number; documentId: string };
      await recordHistory(strapi, { phoneNumberId: created.id, phoneNumber, action: 'provisioned', user: userId, changes: { imported: 'from the Plivo account' } });
      await dropUnmanaged(strapi, phoneNumber);
      const row = await getListRow(strapi, created.documentId);
      if (!row) throw new errors.NotFoundError(`${phoneNumber} was saved but is gone; it may have been deleted meanwhile.`);
      return { row };
    },

    /** "Release" of a number rented at Plivo but not managed here (Provider page). One of ours → 409: delete it instead. */
    async releaseUnmanaged(phoneNumber: string): Promise<{ phoneNumber: string; released: boolean }> {
      const ours = (await strapi.db.query(UID).findOne({ where: { phoneNumber }, select: ['documentId', 'name'] })) as { documentId: string; name: string } | null;
      if (ours) {
        throw new ConflictError(`${phoneNumber} is one of your numbers ("${ours.name}"): delete it on its page, which checks its campaigns first.`, {
          documentId: ours.documentId,
        });
      }
      let outcome: 'released' | 'not_found';
      try {
        outcome = await provider(strapi).releaseNumber(phoneNumber);
      } catch (err) {
        throw providerFailure(err, `${phoneNumber} was not released; it is still rented.`);
      }
      await dropUnmanaged(strapi, phoneNumber);
      return { phoneNumber, released: outcome === 'released' };
    },
  };
};
