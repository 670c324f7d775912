import type { Core } from '@strapi/strapi';
import { rowsQuery } from './query';
import { tables, toIso, withKnex } from '../../db';
import { attentionOf, deliveryRate } from './health';

/** A number as the list's SQL returns it (see ROW_COLUMNS in query.ts). */
export interface RawNumberRow {
  id: number;
  documentId: string;
  phoneNumber: string;
  name: string | null;
  description: string | null;
  responseType: 'bot' | 'agent';
  numberType: 'reusable' | 'single_use';
  status: 'pending' | 'active' | 'release_failed';
  statusReason: string | null;
  agentDocumentId: string | null;
  agentName: string | null;
  officeDocumentId: string | null;
  officeName: string | null;
  campaignId: number | null;
  campaignDocumentId: string | null;
  campaignName: string | null;
  campaignArchiveAt: unknown;
  /** Present when read with `rowsQuery(sql, { scheduled: true })` (PostgreSQL returns counts as strings). */
  scheduledCampaignCount?: number | string;
  lastInboundAt: unknown;
  numberCreatedAt: unknown;
  /** The stored 7-day figures (health.ts `refreshWeekStats`); null before the first refresh. */
  weekOutcomes: number | string | null;
  weekDelivered: number | string | null;
}

/** API.md's list row and the named reference it carries. */
export type { Named, PhoneNumberRow as ListRow } from '../../../../shared/contracts';
import type { Named, PhoneNumberRow as ListRow } from '../../../../shared/contracts';

const named = (documentId: string | null, name: string | null): Named | null =>
  documentId ? { documentId, name: name ?? '' } : null;

/** Shapes one raw row (read with `rowsQuery(sql, { scheduled: true })` for its scheduled campaigns; `now`: the attention clock). */
export function toListRow(raw: RawNumberRow, now = new Date()): ListRow {
  const scheduledCampaignCount = Number(raw.scheduledCampaignCount ?? 0);
  const activeCampaign = named(raw.campaignDocumentId, raw.campaignName);
  const outcomes = Number(raw.weekOutcomes ?? 0);
  const delivered = Number(raw.weekDelivered ?? 0);
  return {
    documentId: raw.documentId,
    phoneNumber: raw.phoneNumber,
    name: raw.name ?? '',
    description: raw.description ?? null,
    agent: named(raw.agentDocumentId, raw.agentName),
    office: named(raw.officeDocumentId, raw.officeName),
    responseType: raw.responseType,
    numberType: raw.numberType,
    status: raw.status,
    statusReason: raw.statusReason ?? null,
    activeCampaign,
    campaignArchiveAt: activeCampaign ? toIso(raw.campaignArchiveAt) : null,
    scheduledCampaignCount,
    // Rule 5: in use while a scheduled or active campaign references the number.
    inUse: Boolean(activeCampaign) || scheduledCampaignCount > 0,
    lastInboundAt: toIso(raw.lastInboundAt),
    deliveryRate7d: deliveryRate(delivered, outcomes),
    attention: attentionOf({ status: raw.status, statusReason: raw.statusReason, createdAt: raw.numberCreatedAt, outcomes, delivered }, now),
  };
}

/** List rows of these numbers, by documentId, in the given order (unknown ids are left out). */
export async function getListRows(strapi: Core.Strapi, documentIds: string[]): Promise<ListRow[]> {
  if (!documentIds.length) return [];
  const t = tables(strapi);
  return withKnex(strapi, async (knex) => {
    const now = new Date();
    const sql = { knex, t, client: strapi.db.dialect.client, now };
    const raws = (await rowsQuery(sql, { scheduled: true }).whereIn('pn.document_id', documentIds)) as RawNumberRow[];
    const byId = new Map(raws.map((r) => [r.documentId, toListRow(r, now)]));
    return documentIds.map((id) => byId.get(id)).filter((r): r is ListRow => Boolean(r));
  });
}

/** The list row of one number (e.g. the answer to a provisioning request), or null when it does not exist. */
export async function getListRow(strapi: Core.Strapi, documentId: string): Promise<ListRow | null> {
  return (await getListRows(strapi, [documentId]))[0] ?? null;
}
