import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { effectiveBehaviour, type Answering, type Effective } from './effective';
import { getListRow, type ListRow, type Named } from './rows';
import { toIso, UIDS } from '../../db';
import type { CampaignSummary } from '../../../../shared/contracts';

export interface NumberRef {
  id: number;
  documentId: string;
  phoneNumber: string;
}

/** A scheduled campaign as the number's page lists it (one `status`, like every campaign answer). */
export type ScheduledCampaign = CampaignSummary & { status: 'scheduled' };

/** One number: its list row, its own unsolicited settings, who answers now, and what is scheduled on it. */
export interface NumberDetail extends ListRow {
  monthlyRentalRate: number | null;
  activatedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  unsolicitedInboxes: { offices: Named[]; agents: Named[] };
  effective: Effective;
  scheduledCampaigns: ScheduledCampaign[];
}

const namedList = (xs: Array<{ documentId: string; name: string }> | null | undefined): Named[] =>
  (xs ?? []).map((x) => ({ documentId: x.documentId, name: x.name }));

const INBOXES = {
  inboxOffices: { select: ['documentId', 'name'] },
  inboxAgents: { select: ['documentId', 'name'] },
};

export async function findNumberRef(strapi: Core.Strapi, documentId: string): Promise<NumberRef> {
  const number = (await strapi.db.query(UIDS.number).findOne({
    where: { documentId },
    select: ['id', 'documentId', 'phoneNumber'],
  })) as NumberRef | null;
  if (!number) throw new errors.NotFoundError(`No phone number with id "${documentId}".`);
  return number;
}

async function scheduledOf(strapi: Core.Strapi, numberId: number): Promise<ScheduledCampaign[]> {
  const rows = (await strapi.db.query(UIDS.campaign).findMany({
    where: { state: 'scheduled', phoneNumber: { id: numberId } },
    select: ['documentId', 'name', 'sendAt', 'archiveAt', 'state'],
  })) as Array<{ documentId: string; name: string; sendAt: unknown; archiveAt: unknown }>;
  const out = rows.map((r) => ({
    documentId: r.documentId,
    name: r.name,
    sendAt: toIso(r.sendAt),
    archiveAt: toIso(r.archiveAt),
    status: 'scheduled' as const,
  }));
  // By send time, unscheduled times last (SQLite and PostgreSQL disagree on where NULLs go), then by name.
  return out.sort((a, b) => {
    if (a.sendAt !== b.sendAt) {
      if (a.sendAt === null) return 1;
      if (b.sendAt === null) return -1;
      return a.sendAt < b.sendAt ? -1 : 1;
    }
    return a.name.localeCompare(b.name);
  });
}

/** The number's scheduled campaigns, by send time. */
export async function scheduledCampaigns(strapi: Core.Strapi, documentId: string): Promise<ScheduledCampaign[]> {
  const { id } = await findNumberRef(strapi, documentId);
  return scheduledOf(strapi, id);
}

/** The number's own unsolicited settings (rule 4), as stored. */
export async function ownSettings(strapi: Core.Strapi, numberId: number): Promise<Answering> {
  const number = (await strapi.db.query(UIDS.number).findOne({
    where: { id: numberId },
    select: ['id', 'responseType'],
    populate: INBOXES,
  })) as { responseType: 'bot' | 'agent'; inboxOffices?: Named[]; inboxAgents?: Named[] } | null;
  return {
    responseType: number?.responseType ?? 'bot',
    inboxes: { offices: namedList(number?.inboxOffices), agents: namedList(number?.inboxAgents) },
  };
}

export async function getDetail(strapi: Core.Strapi, documentId: string, now = new Date()): Promise<NumberDetail> {
  const row = await getListRow(strapi, documentId);
  if (!row) throw new errors.NotFoundError(`No phone number with id "${documentId}".`);
  const number = (await strapi.db.query(UIDS.number).findOne({
    where: { documentId },
    select: ['id', 'responseType', 'monthlyRentalRate', 'activatedAt', 'createdAt', 'updatedAt'],
    populate: INBOXES,
  })) as {
    id: number;
    responseType: 'bot' | 'agent';
    monthlyRentalRate: number | string | null;
    activatedAt: unknown;
    createdAt: unknown;
    updatedAt: unknown;
    inboxOffices?: Named[];
    inboxAgents?: Named[];
  };
  const own: Answering = {
    responseType: number.responseType,
    inboxes: { offices: namedList(number.inboxOffices), agents: namedList(number.inboxAgents) },
  };
  const active = (await strapi.db.query(UIDS.campaign).findOne({
    where: { state: 'active', phoneNumber: { id: number.id } },
    select: ['documentId', 'name', 'archiveAt', 'responseType'],
    populate: INBOXES,
    orderBy: { id: 'asc' },
  })) as { documentId: string; name: string; archiveAt: unknown; responseType: 'bot' | 'agent'; inboxOffices?: Named[]; inboxAgents?: Named[] } | null;

  const effective = effectiveBehaviour(
    own,
    active
      ? {
          documentId: active.documentId,
          name: active.name,
          archiveAt: toIso(active.archiveAt),
          responseType: active.responseType,
          inboxes: { offices: namedList(active.inboxOffices), agents: namedList(active.inboxAgents) },
        }
      : null,
    now
  );
  const rate = number.monthlyRentalRate === null || number.monthlyRentalRate === undefined ? null : Number(number.monthlyRentalRate);
  return {
    ...row,
    monthlyRentalRate: rate !== null && Number.isFinite(rate) ? rate : null,
    activatedAt: toIso(number.activatedAt),
    createdAt: toIso(number.createdAt),
    updatedAt: toIso(number.updatedAt),
    unsolicitedInboxes: own.inboxes,
    effective,
    scheduledCampaigns: await scheduledOf(strapi, number.id),
  };
}
