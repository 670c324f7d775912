import type { Core } from '@strapi/strapi';

/**
 * Rule 3: who answers a number is derived when a text arrives, never copied. A campaign that is `active`
 * on the number (and not past its archive time) decides; otherwise the number's unsolicited settings do.
 * `effectiveSettings` is pure over the number and its candidate campaigns, so the Phone Numbers page
 * ("who answers now") and the webhook give the same answer; `loadEffectiveSettings` reads what it needs.
 */
export type ResponseType = 'bot' | 'agent';

export interface Ref {
  id: number;
  documentId: string;
  name: string;
}

export interface OfficeRef extends Ref {
  helpText?: string | null;
  botFallback?: string | null;
  handoffKeywords?: string | null;
}

export interface NumberForRouting {
  id: number;
  documentId: string;
  phoneNumber: string;
  name?: string | null;
  responseType: ResponseType;
  office?: OfficeRef | null;
  inboxOffices?: Ref[] | null;
  inboxAgents?: Ref[] | null;
}

export interface CampaignForRouting {
  id: number;
  documentId: string;
  name: string;
  state: string;
  responseType: ResponseType;
  sendAt?: string | Date | null;
  archiveAt?: string | Date | null;
  office?: OfficeRef | null;
  inboxOffices?: Ref[] | null;
  inboxAgents?: Ref[] | null;
}

export interface InboxRef extends Ref {
  kind: 'office' | 'agent';
}

export interface EffectiveSettings {
  source: 'campaign' | 'number';
  responseType: ResponseType;
  campaign: { id: number; documentId: string; name: string; archiveAt: string | null } | null;
  /** The office whose bot answers (the campaign's office, else the number's). */
  botOffice: OfficeRef | null;
  /** The inboxes an agent-answered text goes to (empty for bot). */
  inboxes: InboxRef[];
  /** One sentence for people: why this behaviour applies. */
  reason: string;
}

const toDate = (v: string | Date | null | undefined): Date | null => (v ? new Date(v) : null);
const iso = (v: string | Date | null | undefined): string | null => (v ? new Date(v).toISOString() : null);

/** An `active` campaign whose archive time has not passed (the archive job may not have run yet). */
export function isCampaignLive(campaign: Pick<CampaignForRouting, 'state' | 'archiveAt'>, now: Date = new Date()): boolean {
  if (campaign.state !== 'active') return false;
  const archiveAt = toDate(campaign.archiveAt);
  return !archiveAt || archiveAt.getTime() > now.getTime();
}

/** When several campaigns are live on one number (which scheduling should prevent), the latest started wins. */
export function pickActiveCampaign<C extends CampaignForRouting>(campaigns: C[], now: Date = new Date()): C | null {
  const live = campaigns.filter((c) => isCampaignLive(c, now));
  live.sort((a, b) => (toDate(b.sendAt)?.getTime() ?? 0) - (toDate(a.sendAt)?.getTime() ?? 0) || b.id - a.id);
  return live[0] ?? null;
}

function inboxesOf(offices: Ref[] | null | undefined, agents: Ref[] | null | undefined): InboxRef[] {
  const out: InboxRef[] = [];
  for (const o of offices ?? []) out.push({ kind: 'office', id: o.id, documentId: o.documentId, name: o.name });
  for (const a of agents ?? []) out.push({ kind: 'agent', id: a.id, documentId: a.documentId, name: a.name });
  return out;
}

export const describeInboxes = (inboxes: InboxRef[]) =>
  inboxes.length ? inboxes.map((i) => `${i.kind} ${i.name}`).join(', ') : 'no inbox';

export function effectiveSettings(
  number: NumberForRouting,
  campaigns: CampaignForRouting[] = [],
  now: Date = new Date()
): EffectiveSettings {
  const campaign = pickActiveCampaign(campaigns, now);
  if (campaign) {
    const botOffice = campaign.office ?? number.office ?? null;
    const inboxes = campaign.responseType === 'agent' ? inboxesOf(campaign.inboxOffices, campaign.inboxAgents) : [];
    const until = iso(campaign.archiveAt);
    const who = campaign.responseType === 'agent' ? `agent inboxes: ${describeInboxes(inboxes)}` : `bot of ${botOffice?.name ?? 'no office'}`;
    return {
      source: 'campaign',
      responseType: campaign.responseType,
      campaign: { id: campaign.id, documentId: campaign.documentId, name: campaign.name, archiveAt: until },
      botOffice,
      inboxes,
      reason: `Campaign "${campaign.name}" is active on this number${until ? ` until ${until}` : ''}: ${who}`,
    };
  }
  const botOffice = number.office ?? null;
  const inboxes = number.responseType === 'agent' ? inboxesOf(number.inboxOffices, number.inboxAgents) : [];
  const who = number.responseType === 'agent' ? `agent inboxes: ${describeInboxes(inboxes)}` : `bot of ${botOffice?.name ?? 'no office'}`;
  return {
    source: 'number',
    responseType: number.responseType,
    campaign: null,
    botOffice,
    inboxes,
    reason: `No active campaign; the number's unsolicited settings apply: ${who}`,
  };
}

const REF = ['id', 'documentId', 'name'];
const OFFICE = [...REF, 'helpText', 'botFallback', 'handoffKeywords'];

export const NUMBER_POPULATE = {
  office: { select: OFFICE },
  inboxOffices: { select: REF },
  inboxAgents: { select: REF },
};

/** The number's live campaigns (state active, archive time not passed), with what routing needs. */
export async function loadLiveCampaigns(strapi: Core.Strapi, numberId: number, now: Date = new Date()) {
  return (await strapi.db.query('plugin::texting.campaign').findMany({
    where: {
      phoneNumber: { id: numberId },
      state: 'active',
      $or: [{ archiveAt: { $null: true } }, { archiveAt: { $gt: now } }],
    },
    select: ['id', 'documentId', 'name', 'state', 'responseType', 'sendAt', 'archiveAt'],
    populate: { office: { select: OFFICE }, inboxOffices: { select: REF }, inboxAgents: { select: REF } },
  })) as CampaignForRouting[];
}

/** Loads a number (by id, documentId or E.164) and derives its effective settings now. Null when unknown. */
export async function loadEffectiveSettings(
  strapi: Core.Strapi,
  key: { id?: number; documentId?: string; phoneNumber?: string },
  now: Date = new Date()
): Promise<{ number: NumberForRouting; effective: EffectiveSettings } | null> {
  const number = (await strapi.db.query('plugin::texting.phone-number').findOne({
    where: key,
    select: ['id', 'documentId', 'phoneNumber', 'name', 'responseType'],
    populate: NUMBER_POPULATE,
  })) as NumberForRouting | null;
  if (!number) return null;
  const campaigns = await loadLiveCampaigns(strapi, number.id, now);
  return { number, effective: effectiveSettings(number, campaigns, now) };
}
