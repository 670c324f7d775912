import type { Core } from '@strapi/strapi';
import { RULES } from '../../guards/phone-number-rules';
import { ConflictError } from '../../utils/errors';
import { assertMayManage, assertMayManageCampaign, type AdminUser } from './access';
import { dbDate, tables, toMs, type Knex, committed } from '../../db';
import { withStopFooter } from './footer';
import { lifecycle } from './lifecycle';
import { CAMPAIGN, detail, load, namedList, NUMBER, storedRecipientsJson } from './reads';
import { assertInboxes, assertNoOverlap, assertNumberChoice, assertSchedulable, assertTimes, findOffice, importInto, invalid } from './rules';
import type { CreateBody, RecipientsBody, UpdateBody } from '../../validation/campaigns';
import { provisionSingleUse, releaseQuietly } from './single-use';

/**
 * Changing campaigns: create, update, recipients, schedule/unschedule, archive. Each checks the rules
 * (rules.ts, access.ts) first, then writes; a state change names the state it leaves, so a campaign the
 * scheduler started meanwhile is not changed as if it were still a draft.
 */

export async function create(strapi: Core.Strapi, body: CreateBody, user: AdminUser | undefined) {
  const office = await findOffice(strapi, body.office, 'office');
  await assertMayManage(strapi, user, office);
  const inboxes = { offices: body.inboxes?.offices ?? [], agents: body.inboxes?.agents ?? [] };
  await assertInboxes(strapi, inboxes);
  if (body.responseType === 'agent' && inboxes.offices.length + inboxes.agents.length === 0) invalid('inboxes', RULES.inboxes.replace(/^unsolicitedInboxes: /, ''));
  const sendAt = body.sendAt ? Date.parse(body.sendAt) : null;
  const archiveAt = body.archiveAt ? Date.parse(body.archiveAt) : null;
  assertTimes(sendAt, archiveAt);
  if (body.phoneNumber) await assertNumberChoice(strapi, body.phoneNumber, office, null);
  const imported = body.recipients ? await importInto(strapi, { list: body.recipients }) : null;

  let singleUse: { documentId: string; phoneNumber: string } | null = null;
  if (body.singleUseAreaCode) {
    singleUse = await provisionSingleUse(strapi, body.singleUseAreaCode, office, body.name, { responseType: body.responseType, inboxes }, user?.id);
  }
  let created: { documentId: string };
  try {
    created = (await strapi.documents(CAMPAIGN).create({
      data: {
        name: body.name,
        state: 'draft',
        office: office.documentId,
        phoneNumber: singleUse?.documentId ?? body.phoneNumber ?? null,
        singleUseAreaCode: body.singleUseAreaCode ?? null,
        message: body.message !== undefined ? withStopFooter(body.message) : null,
        sendAt: sendAt !== null ? new Date(sendAt).toISOString() : null,
        archiveAt: archiveAt !== null ? new Date(archiveAt).toISOString() : null,
        responseType: body.responseType,
        inboxOffices: inboxes.offices,
        inboxAgents: inboxes.agents,
        recipients: imported ? JSON.parse(imported.json) : [],
        recipientCount: imported?.count ?? 0,
      } as never,
    })) as unknown as { documentId: string };
  } catch (err) {
    if (singleUse) await releaseQuietly(strapi, singleUse.documentId);
    throw err;
  }
  return { data: await detail(strapi, created.documentId), meta: { import: imported?.report ?? null, singleUseNumber: singleUse?.phoneNumber ?? null } };
}

export async function update(strapi: Core.Strapi, documentId: string, body: UpdateBody, user: AdminUser | undefined) {
  const campaign = await load(strapi, documentId);
  await assertMayManageCampaign(strapi, user, campaign);
  if (campaign.state === 'archived') throw new ConflictError(`Campaign "${campaign.name}" is archived; archived campaigns cannot be changed.`);
  if (campaign.state === 'active') {
    const fixed = (['office', 'phoneNumber', 'singleUseAreaCode', 'message', 'sendAt', 'recipients'] as const).filter((k) => body[k] !== undefined);
    if (fixed.length) {
      throw new ConflictError(
        `Campaign "${campaign.name}" is active: its ${fixed.join(', ')} can no longer change (texts are going out). Only the name, archive time, response type and inboxes can.`,
        { fields: fixed }
      );
    }
  }
  const office = body.office ? await findOffice(strapi, body.office, 'office') : campaign.office ? { id: campaign.office.id, documentId: campaign.office.documentId, name: campaign.office.name } : null;
  if (!office) invalid('office', 'choose the office the campaign belongs to');
  if (body.office && body.office !== campaign.office?.documentId) await assertMayManage(strapi, user, office!);

  const currentSingleUse = campaign.phoneNumber?.numberType === 'single_use' ? campaign.phoneNumber : null;
  const numberChanges =
    (body.phoneNumber !== undefined && body.phoneNumber !== (campaign.phoneNumber?.documentId ?? null)) || Boolean(body.singleUseAreaCode);
  if (currentSingleUse && (numberChanges || (body.office && body.office !== campaign.office?.documentId))) {
    invalid(
      'phoneNumber',
      `this campaign has its own single-use number ${currentSingleUse.phoneNumber}; its number and office cannot change (archive the campaign to release the number, then create another)`
    );
  }

  const inboxes = body.inboxes
    ? { offices: body.inboxes.offices, agents: body.inboxes.agents }
    : { offices: namedList(campaign.inboxOffices).map((o) => o.documentId), agents: namedList(campaign.inboxAgents).map((a) => a.documentId) };
  if (body.inboxes) await assertInboxes(strapi, inboxes);
  const responseType = body.responseType ?? campaign.responseType;
  if (responseType === 'agent' && inboxes.offices.length + inboxes.agents.length === 0) invalid('inboxes', RULES.inboxes.replace(/^unsolicitedInboxes: /, ''));

  const sendAt = body.sendAt !== undefined ? (body.sendAt ? Date.parse(body.sendAt) : null) : toMs(campaign.sendAt);
  const archiveAt = body.archiveAt !== undefined ? (body.archiveAt ? Date.parse(body.archiveAt) : null) : toMs(campaign.archiveAt);
  assertTimes(sendAt, archiveAt);

  let numberDocumentId: string | null = body.phoneNumber !== undefined ? body.phoneNumber : (campaign.phoneNumber?.documentId ?? null);
  if (numberDocumentId && !body.singleUseAreaCode) await assertNumberChoice(strapi, numberDocumentId, office!, campaign.id);

  const imported = body.recipients ? await importInto(strapi, { list: body.recipients }) : null;
  const recipientCount = imported ? imported.count : Number(campaign.recipientCount ?? 0);
  const message = body.message !== undefined ? withStopFooter(body.message) : campaign.message;

  if (campaign.state === 'scheduled' || campaign.state === 'active') {
    if (archiveAt !== null && archiveAt <= Date.now()) invalid('archiveAt', 'must be in the future (use Archive to end the campaign now)');
    if (campaign.state === 'scheduled') {
      assertSchedulable({ phoneNumber: numberDocumentId ?? body.singleUseAreaCode, message, sendAt, archiveAt, recipientCount });
    }
  }

  let singleUse: { documentId: string; phoneNumber: string } | null = null;
  if (body.singleUseAreaCode) {
    singleUse = await provisionSingleUse(strapi, body.singleUseAreaCode, office!, body.name ?? campaign.name, { responseType, inboxes }, user?.id);
    numberDocumentId = singleUse.documentId;
  }

  const data: Record<string, unknown> = {};
  if (body.name !== undefined) data.name = body.name;
  if (body.office !== undefined) data.office = office!.documentId;
  if (body.phoneNumber !== undefined || singleUse) data.phoneNumber = numberDocumentId;
  if (body.singleUseAreaCode) data.singleUseAreaCode = body.singleUseAreaCode;
  if (body.message !== undefined) data.message = message;
  if (body.sendAt !== undefined) data.sendAt = sendAt !== null ? new Date(sendAt).toISOString() : null;
  if (body.archiveAt !== undefined) data.archiveAt = archiveAt !== null ? new Date(archiveAt).toISOString() : null;
  if (body.responseType !== undefined) data.responseType = responseType;
  if (body.inboxes !== undefined) {
    data.inboxOffices = inboxes.offices;
    data.inboxAgents = inboxes.agents;
  }
  if (imported) {
    data.recipients = JSON.parse(imported.json);
    data.recipientCount = imported.count;
  }

  try {
    await committed(strapi, async () => {
      if ((campaign.state === 'scheduled' || campaign.state === 'active') && numberDocumentId && sendAt !== null) {
        const number = (await strapi.db.query(NUMBER).findOne({ where: { documentId: numberDocumentId }, select: ['id', 'phoneNumber'] })) as {
          id: number;
          phoneNumber: string;
        } | null;
        if (!number) invalid('phoneNumber', `no phone number with id "${numberDocumentId}"`);
        const start = campaign.state === 'active' ? Math.min(toMs(campaign.activatedAt) ?? sendAt, sendAt) : sendAt;
        await assertNoOverlap(strapi, campaign, number!, start, archiveAt ?? Infinity);
        if (campaign.state === 'scheduled') data.fromNumber = number!.phoneNumber;
      }
      // Only while still in the state checked above: a campaign the scheduler just started is not edited as a draft.
      const still = (await strapi.db.queryBuilder(CAMPAIGN).select('id').where({ id: campaign.id, state: campaign.state }).forUpdate().execute()) as unknown[];
      if (still.length === 0) {
        throw new ConflictError(`Campaign "${campaign.name}" changed state meanwhile (it may have started); reload it and try again.`);
      }
      await strapi.documents(CAMPAIGN).update({ documentId, data: data as never });
    });
  } catch (err) {
    if (singleUse) await releaseQuietly(strapi, singleUse.documentId);
    throw err;
  }
  return { data: await detail(strapi, documentId), meta: { import: imported?.report ?? null, singleUseNumber: singleUse?.phoneNumber ?? null } };
}

export async function importRecipients(strapi: Core.Strapi, documentId: string, body: RecipientsBody, user: AdminUser | undefined) {
  const campaign = await load(strapi, documentId);
  await assertMayManageCampaign(strapi, user, campaign);
  if (campaign.state !== 'draft' && campaign.state !== 'scheduled') {
    throw new ConflictError(`Campaign "${campaign.name}" is ${campaign.state}: its recipients can no longer change.`);
  }
  // The stored list as text: a 100,000-entry list is never parsed on this thread (the import's worker does).
  const existing = body.mode === 'replace' ? '[]' : await storedRecipientsJson(strapi, campaign.id);
  const input = body.csv !== undefined ? { csv: body.csv } : { list: body.recipients ?? [] };
  const { json, count, report } = await importInto(strapi, input, existing);
  if (campaign.state === 'scheduled' && count === 0) invalid('recipients', 'a scheduled campaign needs at least one recipient');
  await committed(strapi, async (trx) => {
    const still = (await strapi.db
      .queryBuilder(CAMPAIGN)
      .select('id')
      .where({ id: campaign.id, state: { $in: ['draft', 'scheduled'] } })
      .forUpdate()
      .execute()) as unknown[];
    if (still.length === 0) throw new ConflictError(`Campaign "${campaign.name}" started meanwhile: its recipients can no longer change.`);
    // One UPDATE of the two columns: the Document Service walks every element of a 100,000-entry JSON value
    // (its validation and transforms held the event loop for ~1 s, issue 11); no rule reads the list.
    await (trx as unknown as Knex)(tables(strapi).campaigns)
      .where({ id: campaign.id })
      .update({ recipients: json, recipient_count: count, updated_at: dbDate(strapi, new Date()) });
  });
  return { data: await detail(strapi, documentId), meta: { import: report } };
}

export async function schedule(strapi: Core.Strapi, documentId: string, user: AdminUser | undefined) {
  const campaign = await load(strapi, documentId);
  await assertMayManageCampaign(strapi, user, campaign);
  if (campaign.state === 'scheduled') return { data: await detail(strapi, documentId) };
  if (campaign.state !== 'draft') throw new ConflictError(`Campaign "${campaign.name}" is ${campaign.state}; only a draft can be scheduled.`);
  const sendAt = toMs(campaign.sendAt);
  const archiveAt = toMs(campaign.archiveAt);
  assertSchedulable({ phoneNumber: campaign.phoneNumber, message: campaign.message, sendAt, archiveAt, recipientCount: Number(campaign.recipientCount ?? 0) });
  assertTimes(sendAt, archiveAt);
  const number = await assertNumberChoice(strapi, campaign.phoneNumber!.documentId, campaign.office!, campaign.id);
  const scheduled = await committed(strapi, async () => {
    await assertNoOverlap(strapi, campaign, number, sendAt!, archiveAt!);
    return strapi.db.queryBuilder(CAMPAIGN).update({ state: 'scheduled', fromNumber: number.phoneNumber }).where({ id: campaign.id, state: 'draft' }).execute();
  });
  if (Number(scheduled) !== 1) throw new ConflictError(`Campaign "${campaign.name}" changed state meanwhile; reload it and try again.`);
  return { data: await detail(strapi, documentId) };
}

export async function unschedule(strapi: Core.Strapi, documentId: string, user: AdminUser | undefined) {
  const campaign = await load(strapi, documentId);
  await assertMayManageCampaign(strapi, user, campaign);
  if (campaign.state === 'draft') return { data: await detail(strapi, documentId) };
  if (campaign.state !== 'scheduled') throw new ConflictError(`Campaign "${campaign.name}" is ${campaign.state}; only a scheduled campaign goes back to draft.`);
  const unscheduled = await strapi.db.queryBuilder(CAMPAIGN).update({ state: 'draft' }).where({ id: campaign.id, state: 'scheduled' }).execute();
  if (Number(unscheduled) !== 1) throw new ConflictError(`Campaign "${campaign.name}" started meanwhile; archive it instead.`);
  return { data: await detail(strapi, documentId) };
}

export async function archive(strapi: Core.Strapi, documentId: string, user: AdminUser | undefined) {
  const campaign = await load(strapi, documentId);
  await assertMayManageCampaign(strapi, user, campaign);
  if (campaign.state !== 'archived') {
    await lifecycle(strapi).archiveOne(campaign.id, campaign.documentId, new Date());
  }
  const rel = await lifecycle(strapi).releaseSingleUse(new Date(), campaign.id);
  const after = await detail(strapi, documentId);
  return {
    data: after,
    meta: {
      released: rel.released[0] ?? null,
      releaseFailed: rel.releaseFailed[0] ?? null,
    },
  };
}
