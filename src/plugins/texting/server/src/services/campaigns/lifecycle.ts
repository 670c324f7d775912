import type { Core } from '@strapi/strapi';
import { ConflictError } from '../../utils/errors';
import { isUniqueViolation, type Knex, committed } from '../../db';
import { contactIds } from '../../db/messages';
import { outbox } from './outbox';
import type { Recipient } from './recipients';
import { getService } from '../../utils/get-service';
import type { NotificationEvent } from '../notifications';

/**
 * The timed transitions of a campaign: scheduled → active at `sendAt` (its recipients go into the outbox),
 * active → archived at `archiveAt` (or by hand), and the release of a single-use number after archiving.
 *
 * Each transition is a conditional UPDATE naming the state it leaves, so when several instances run the same
 * job only one of them wins a given campaign, and a job that dies half-way is finished by the next run.
 * "One active campaign per number" holds at the database level too: an active campaign carries its number
 * in `active_number_lock`, which has a unique index.
 */
const CAMPAIGN = 'plugin::texting.campaign';
const NUMBER = 'plugin::texting.phone-number';

export interface ActivationResult {
  activated: Array<{ documentId: string; name: string; queued: number }>;
  held: Array<{ documentId: string; name: string; reason: string }>;
}

export interface ArchiveResult {
  archived: Array<{ documentId: string; name: string }>;
  released: string[];
  releaseFailed: Array<{ phoneNumber: string; reason: string }>;
}

interface DueCampaign {
  id: number;
  documentId: string;
  name: string;
  message: string | null;
  recipients: Recipient[] | null;
  phoneNumber?: { id: number; documentId: string; phoneNumber: string; providerStatus: string; numberType: string } | null;
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function lifecycle(strapi: Core.Strapi) {
  const outboxQueue = outbox(strapi);
  /** After the commit, never failing (services/notifications explains why). */
  const notify = (event: NotificationEvent) => getService(strapi, 'notifications').emit(event);

  /**
   * Another active campaign on the number. Called inside the caller's transaction (Strapi's query engine
   * joins it), after `lockNumber`, so two activations on one number serialise on PostgreSQL.
   */
  async function otherActive(numberId: number, campaignId: number): Promise<{ documentId: string; name: string } | null> {
    return (await strapi.db.query(CAMPAIGN).findOne({
      where: { phoneNumber: { id: numberId }, state: 'active', id: { $ne: campaignId } },
      select: ['documentId', 'name'],
    })) as { documentId: string; name: string } | null;
  }

  /**
   * Locks the number's row until the transaction ends (PostgreSQL `FOR UPDATE`; SQLite runs one writer at a
   * time and the clause compiles to nothing), in the order the delete guard uses. False if it is gone.
   * A number being released (its delete checked "not in use" and marked it `releasingAt` in that same
   * transaction, then went to Plivo) refuses with 409: scheduling onto it would leave a campaign on a number
   * Plivo is releasing (issue 11).
   */
  async function lockNumber(numberId: number): Promise<boolean> {
    const rows = (await strapi.db
      .queryBuilder(NUMBER)
      .select(['id', 'phoneNumber', 'releasingAt'])
      .where({ id: numberId })
      .forUpdate()
      .execute()) as Array<{ phoneNumber: string; releasingAt: unknown }>;
    if (rows[0] && rows[0].releasingAt !== null && rows[0].releasingAt !== undefined) {
      throw new ConflictError(`${rows[0].phoneNumber} is being deleted (released at Plivo); choose another number.`, { phoneNumber: rows[0].phoneNumber });
    }
    return rows.length > 0;
  }

  async function activateOne(campaign: DueCampaign, now: Date): Promise<{ queued: number } | { held: string } | null> {
    const number = campaign.phoneNumber;
    if (!number) return { held: 'it has no phone number (the number was deleted?)' };
    if (!campaign.message) return { held: 'it has no message' };
    try {
      return await committed(strapi, async (trx) => {
        const knex = trx as unknown as Knex;
        if (!(await lockNumber(number.id))) return { held: `its number ${number.phoneNumber} no longer exists` };
        const other = await otherActive(number.id, campaign.id);
        if (other) return { held: `campaign "${other.name}" is still active on ${number.phoneNumber}` };
        const won = await strapi.db
          .queryBuilder(CAMPAIGN)
          .update({ state: 'active', activatedAt: now, activeNumberLock: number.phoneNumber, fromNumber: number.phoneNumber, updatedAt: now })
          .where({ id: campaign.id, state: 'scheduled' })
          .execute();
        if (Number(won) !== 1) return null; // another instance got there first
        const recipients = campaign.recipients ?? [];
        const contacts = await contactIds(strapi, recipients.map((r) => r.phoneNumber), knex);
        const optedOut = new Set([...contacts.entries()].filter(([, contact]) => contact.optedOut).map(([contactNumber]) => contactNumber));
        await outboxQueue.enqueue(knex, {
          campaignDocumentId: campaign.documentId,
          fromNumber: number.phoneNumber,
          body: campaign.message!,
          recipients,
          optedOut,
          notBefore: Math.min(now.getTime(), Date.now()),
        });
        return { queued: recipients.length - optedOut.size };
      });
    } catch (err) {
      if (isUniqueViolation(err)) return { held: `another campaign is already active on ${number.phoneNumber}` };
      throw err;
    }
  }

  /** Scheduled campaigns whose send time has come become active; their recipients go into the outbox. */
  async function activateDue(now: Date = new Date()): Promise<ActivationResult> {
    const result: ActivationResult = { activated: [], held: [] };
    const due = (await strapi.db.query(CAMPAIGN).findMany({
      where: { state: 'scheduled', sendAt: { $lte: now }, $or: [{ archiveAt: { $null: true } }, { archiveAt: { $gt: now } }] },
      select: ['id', 'documentId', 'name', 'message', 'recipients'],
      populate: { phoneNumber: { select: ['id', 'documentId', 'phoneNumber', 'providerStatus', 'numberType'] } },
      orderBy: [{ sendAt: 'asc' }, { id: 'asc' }],
      limit: 50,
    })) as DueCampaign[];
    for (const campaign of due) {
      const outcome = await activateOne(campaign, now);
      if (!outcome) continue;
      if ('held' in outcome) {
        result.held.push({ documentId: campaign.documentId, name: campaign.name, reason: outcome.held });
        strapi.log.warn(`[texting] Campaign "${campaign.name}" is due but not started: ${outcome.held}`);
      } else {
        result.activated.push({ documentId: campaign.documentId, name: campaign.name, queued: outcome.queued });
        await notify({ kind: 'campaign_started', campaign: { id: campaign.id } });
      }
    }
    return result;
  }

  /** Archives one campaign if it is not archived yet; true for the call that did it. */
  async function archiveOne(campaignId: number, documentId: string, now: Date): Promise<boolean> {
    const won = await strapi.db
      .queryBuilder(CAMPAIGN)
      .update({ state: 'archived', archivedAt: now, activeNumberLock: null, updatedAt: now })
      .where({ id: campaignId, state: { $in: ['draft', 'scheduled', 'active'] } })
      .execute();
    if (Number(won) !== 1) return false;
    await outboxQueue.skipUnsent(documentId, 'campaign archived before it was sent');
    await notify({ kind: 'campaign_finished', campaign: { id: campaignId } });
    return true;
  }

  /**
   * Releases the single-use numbers of archived campaigns (rule 8), including ones a previous attempt left
   * `release_failed` or a stopped instance never got to. A claim on the campaign row (`release_claimed_until`)
   * keeps two instances from releasing the same number at once.
   */
  async function releaseSingleUse(now: Date = new Date(), onlyCampaignId?: number): Promise<Pick<ArchiveResult, 'released' | 'releaseFailed'>> {
    const out: Pick<ArchiveResult, 'released' | 'releaseFailed'> = { released: [], releaseFailed: [] };
    const candidates = (await strapi.db.query(CAMPAIGN).findMany({
      where: {
        state: 'archived',
        numberReleasedAt: { $null: true },
        phoneNumber: { numberType: 'single_use' },
        ...(onlyCampaignId ? { id: onlyCampaignId } : {}),
      },
      select: ['id', 'documentId', 'name', 'releaseClaimedUntil'],
      populate: { phoneNumber: { select: ['id', 'documentId', 'phoneNumber'] } },
      limit: 50,
    })) as Array<{ id: number; documentId: string; name: string; phoneNumber?: { id: number; documentId: string; phoneNumber: string } | null }>;
    const provisioning = getService(strapi, 'provisioning');
    for (const campaign of candidates) {
      const number = campaign.phoneNumber;
      if (!number) continue;
      const nowMs = now.getTime();
      const claimed = await strapi.db
        .queryBuilder(CAMPAIGN)
        .update({ releaseClaimedUntil: nowMs + 60_000 })
        .where({ id: campaign.id, numberReleasedAt: { $null: true }, $or: [{ releaseClaimedUntil: { $null: true } }, { releaseClaimedUntil: { $lt: nowMs } }] })
        .execute();
      if (Number(claimed) !== 1) continue;
      try {
        await provisioning.release(number.documentId);
        await strapi.db
          .queryBuilder(CAMPAIGN)
          .update({ numberReleasedAt: new Date(), releaseError: null, releaseClaimedUntil: null })
          .where({ id: campaign.id })
          .execute();
        out.released.push(number.phoneNumber);
      } catch (err) {
        // provisioning.release marked the number `release_failed` with Plivo's reason; the job retries a
        // minute later (the claim stays until then).
        const reason = describe(err);
        await strapi.db
          .queryBuilder(CAMPAIGN)
          .update({ releaseError: reason.slice(0, 2000), releaseClaimedUntil: nowMs + 60_000 })
          .where({ id: campaign.id })
          .execute();
        out.releaseFailed.push({ phoneNumber: number.phoneNumber, reason });
        strapi.log.warn(`[texting] Could not release single-use number ${number.phoneNumber} of archived campaign "${campaign.name}": ${reason}`);
      }
    }
    return out;
  }

  /** Campaigns whose archive time has come are archived; then single-use numbers are released. */
  async function archiveDue(now: Date = new Date()): Promise<ArchiveResult> {
    const result: ArchiveResult = { archived: [], released: [], releaseFailed: [] };
    const due = (await strapi.db.query(CAMPAIGN).findMany({
      where: { state: { $in: ['scheduled', 'active'] }, archiveAt: { $lte: now } },
      select: ['id', 'documentId', 'name'],
      limit: 200,
    })) as Array<{ id: number; documentId: string; name: string }>;
    for (const campaign of due) {
      if (await archiveOne(campaign.id, campaign.documentId, now)) result.archived.push({ documentId: campaign.documentId, name: campaign.name });
    }
    const releases = await releaseSingleUse(now);
    result.released = releases.released;
    result.releaseFailed = releases.releaseFailed;
    return result;
  }

  return { activateDue, archiveDue, archiveOne, releaseSingleUse, lockNumber, otherActive };
}

