import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { tables, toIso, toMs } from '../../db';
import { emptyProgress, outbox, type Progress } from './outbox';
import { withinTextingHours, nextTextingTime, DEFAULT_START, DEFAULT_END, DEFAULT_TIMEZONE } from './quiet-hours';
import { findOffice } from './rules';
import type { ListQuery, SORTABLE } from '../../validation/campaigns';

/**
 * Reading campaigns: the list, one campaign's detail, the numbers an office's campaign may use, and the
 * mapping of stored rows to the JSON of API.md.
 */

export const CAMPAIGN = 'plugin::texting.campaign';
export const NUMBER = 'plugin::texting.phone-number';

/** The campaign answers of API.md: shared with the admin (shared/contracts). */
export type {
  CampaignStatus as State,
  Named,
  CampaignRow,
  CampaignDetail,
  CampaignNumberOption as NumberOption,
} from '../../../../shared/contracts';
import type {
  CampaignStatus as State,
  Named,
  CampaignRow,
  CampaignDetail,
  CampaignNumberOption as NumberOption,
  NumberStatus,
} from '../../../../shared/contracts';
import { fromMinutes, type CampaignArchiveImpact } from '../../../../shared/contracts';

export interface Stored {
  id: number;
  documentId: string;
  name: string;
  state: State;
  sendAt: unknown;
  archiveAt: unknown;
  activatedAt: unknown;
  archivedAt: unknown;
  message: string | null;
  responseType: 'bot' | 'agent';
  recipientCount: number | null;
  singleUseAreaCode: string | null;
  fromNumber: string | null;
  numberReleasedAt?: unknown;
  releaseError?: string | null;
  createdAt?: unknown;
  updatedAt?: unknown;
  office?: (Named & { id: number; timezone?: string; sendWindowStart?: number | null; sendWindowEnd?: number | null }) | null;
  phoneNumber?: StoredNumber | null;
  inboxOffices?: Named[];
  inboxAgents?: Named[];
}

/** A campaign's phone number as read with it. */
export interface StoredNumber {
  id: number;
  documentId: string;
  phoneNumber: string;
  name: string;
  numberType: 'reusable' | 'single_use';
  providerStatus: NumberStatus;
}

export interface NumberForChoice extends StoredNumber {
  office?: Named | null;
  campaigns?: Array<{ id: number; documentId: string; name: string }>;
}

const ROW_FIELDS = [
  'id', 'documentId', 'name', 'state', 'sendAt', 'archiveAt', 'activatedAt', 'archivedAt', 'message', 'responseType',
  'recipientCount', 'singleUseAreaCode', 'fromNumber', 'numberReleasedAt', 'releaseError', 'createdAt', 'updatedAt',
];

const POPULATE = {
  office: { select: ['id', 'documentId', 'name', 'timezone', 'sendWindowStart', 'sendWindowEnd'] },
  phoneNumber: { select: ['id', 'documentId', 'phoneNumber', 'name', 'numberType', 'providerStatus'] },
  inboxOffices: { select: ['documentId', 'name'] },
  inboxAgents: { select: ['documentId', 'name'] },
};

export const named = (x: Named | null | undefined): Named | null => (x ? { documentId: x.documentId, name: x.name } : null);
export const namedList = (xs: Named[] | null | undefined): Named[] => (xs ?? []).map((x) => ({ documentId: x.documentId, name: x.name }));

export async function load(strapi: Core.Strapi, documentId: string): Promise<Stored> {
  const row = (await strapi.db.query(CAMPAIGN).findOne({
    where: { documentId },
    select: ROW_FIELDS,
    populate: POPULATE,
  })) as Stored | null;
  if (!row) throw new errors.NotFoundError(`No campaign with id "${documentId}".`);
  return row;
}

/**
 * A campaign's recipients as the JSON text stored, not parsed: PostgreSQL's driver would parse a jsonb
 * column into 100,000 objects on the thread that answers webhooks; the import's worker parses it instead.
 */
export async function storedRecipientsJson(strapi: Core.Strapi, campaignId: number): Promise<string> {
  const row = (await strapi.db.connection(tables(strapi).campaigns).where({ id: campaignId }).first(strapi.db.connection.raw('cast(recipients as text) as recipients'))) as
    | { recipients: string | null }
    | undefined;
  return row?.recipients || '[]';
}

export function toRow(campaign: Stored, progress: Progress): CampaignRow {
  const number = campaign.phoneNumber;
  return {
    documentId: campaign.documentId,
    name: campaign.name,
    status: campaign.state,
    office: named(campaign.office),
    phoneNumber: number ? { documentId: number.documentId, phoneNumber: number.phoneNumber, name: number.name, numberType: number.numberType, status: number.providerStatus } : null,
    fromNumber: number?.phoneNumber ?? campaign.fromNumber ?? null,
    singleUseAreaCode: campaign.singleUseAreaCode ?? null,
    sendAt: toIso(campaign.sendAt),
    archiveAt: toIso(campaign.archiveAt),
    activatedAt: toIso(campaign.activatedAt),
    archivedAt: toIso(campaign.archivedAt),
    responseType: campaign.responseType,
    inboxes: { offices: namedList(campaign.inboxOffices), agents: namedList(campaign.inboxAgents) },
    message: campaign.message,
    recipientCount: Number(campaign.recipientCount ?? 0),
    progress,
  };
}

export function holdOf(campaign: Stored, progress: Progress, now = new Date()): string | null {
  if (campaign.state === 'scheduled') {
    const sendAt = toMs(campaign.sendAt);
    return sendAt && sendAt <= now.getTime() ? 'due: starts with the next run of the scheduler (within a minute)' : null;
  }
  if (campaign.state !== 'active' || progress.remaining === 0) return null;
  const number = campaign.phoneNumber;
  if (!number) return 'its phone number no longer exists';
  if (number.providerStatus !== 'active') {
    return `waiting for ${number.phoneNumber} to finish carrier registration (status ${number.providerStatus}); sends start once it is active`;
  }
  const office = campaign.office;
  if (office && !withinTextingHours(office, now)) {
    const start = office.sendWindowStart ?? DEFAULT_START;
    const end = office.sendWindowEnd ?? DEFAULT_END;
    const timezone = office.timezone || DEFAULT_TIMEZONE;
    return `quiet hours: ${office.name} texts between ${fromMinutes(start)} and ${fromMinutes(end)} (${timezone}); sending resumes at ${nextTextingTime(office, now).toISOString()}`;
  }
  return null;
}

export async function detail(strapi: Core.Strapi, documentId: string): Promise<CampaignDetail> {
  const campaign = await load(strapi, documentId);
  const progress = (await outbox(strapi).progress([campaign.documentId])).get(campaign.documentId) ?? emptyProgress();
  return {
    ...toRow(campaign, progress),
    hold: holdOf(campaign, progress),
    numberReleasedAt: toIso(campaign.numberReleasedAt),
    releaseError: campaign.releaseError ?? null,
    createdAt: toIso(campaign.createdAt),
    updatedAt: toIso(campaign.updatedAt),
  };
}

/**
 * What archiving the campaign stops (the archive dialog, issue 13): an active campaign's queued texts are
 * skipped, a campaign that has not started sends none of its recipients; texts being handed to Plivo right now
 * may still go out. Its single-use number is released.
 */
export async function archiveImpact(strapi: Core.Strapi, documentId: string): Promise<CampaignArchiveImpact> {
  const campaign = await detail(strapi, documentId);
  const started = campaign.status === 'active';
  return {
    documentId,
    status: campaign.status,
    unsent: campaign.status === 'archived' ? 0 : started ? campaign.progress.queued : campaign.recipientCount,
    sending: started ? campaign.progress.sending : 0,
    singleUseNumber: campaign.phoneNumber?.numberType === 'single_use' && campaign.status !== 'archived' ? campaign.phoneNumber.phoneNumber : null,
  };
}

export async function list(strapi: Core.Strapi, query: ListQuery) {
  const where: Record<string, unknown> = {};
  if (query.q) where.name = { $containsi: query.q };
  if (query.office) where.office = { documentId: query.office };
  if (query.phoneNumber) where.phoneNumber = { documentId: query.phoneNumber };
  if (query.status) where.state = query.status;
  // Office scoping (rule 12): beside an `office` filter, not instead of it.
  if (query.scope) where.$and = [{ office: { id: { $in: query.scope } } }];
  const [column, direction] = query.sort.split(':') as [(typeof SORTABLE)[number], 'asc' | 'desc'];
  const field = column === 'status' ? 'state' : column;
  const [rows, total] = await Promise.all([
    strapi.db.query(CAMPAIGN).findMany({
      where,
      select: ROW_FIELDS,
      populate: POPULATE,
      orderBy: [{ [field]: direction }, { id: direction }],
      offset: (query.page - 1) * query.pageSize,
      limit: query.pageSize,
    }) as Promise<Stored[]>,
    strapi.db.query(CAMPAIGN).count({ where }),
  ]);
  const progress = await outbox(strapi).progress(rows.map((r) => r.documentId));
  return {
    data: rows.map((r) => toRow(r, progress.get(r.documentId) ?? emptyProgress())),
    meta: {
      pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(Number(total) / query.pageSize), total: Number(total) },
    },
  };
}

/** Rule 2: the reusable numbers of this office, pending ones marked; never another office's, never single-use. */
export async function numberOptions(strapi: Core.Strapi, officeDocumentId: string): Promise<{ data: NumberOption[]; meta: { office: Named } }> {
  const office = await findOffice(strapi, officeDocumentId, 'office');
  const numbers = (await strapi.db.query(NUMBER).findMany({
    where: { office: { documentId: officeDocumentId }, numberType: 'reusable', providerStatus: { $in: ['pending', 'active'] } },
    select: ['id', 'documentId', 'phoneNumber', 'name', 'providerStatus'],
    populate: { campaigns: { select: ['documentId', 'name', 'state', 'sendAt', 'archiveAt'], where: { state: { $in: ['scheduled', 'active'] } } } },
    orderBy: [{ name: 'asc' }, { phoneNumber: 'asc' }],
  })) as Array<{
    documentId: string;
    phoneNumber: string;
    name: string;
    providerStatus: 'pending' | 'active';
    campaigns?: Array<{ documentId: string; name: string; state: 'scheduled' | 'active'; sendAt: unknown; archiveAt: unknown }>;
  }>;
  return {
    data: numbers.map((n) => ({
      documentId: n.documentId,
      phoneNumber: n.phoneNumber,
      name: n.name,
      status: n.providerStatus,
      pending: n.providerStatus === 'pending',
      note:
        n.providerStatus === 'pending'
          ? 'Pending carrier registration (2–10 days): a campaign may be scheduled on it, but nothing is sent until it is active.'
          : null,
      campaigns: (n.campaigns ?? [])
        .filter((c) => c.state === 'scheduled' || c.state === 'active')
        .map((c) => ({ documentId: c.documentId, name: c.name, status: c.state, sendAt: toIso(c.sendAt), archiveAt: toIso(c.archiveAt) })),
    })),
    meta: { office },
  };
}

