import type { Named } from './rows';
import { isCampaignLive } from '../routing/effective';

/** Who answers unsolicited texts: the chatbot, or these inboxes. */
export interface Answering {
  responseType: 'bot' | 'agent';
  inboxes: { offices: Named[]; agents: Named[] };
}

export interface ActiveCampaignSettings extends Answering {
  documentId: string;
  name: string;
  archiveAt: string | null;
}

export interface Effective extends Answering {
  /** Whose settings apply now. */
  source: 'campaign' | 'number';
  campaign: { documentId: string; name: string; archiveAt: string | null } | null;
  /** When the campaign's settings stop applying (its archive time), if they apply now. */
  until: string | null;
  /** What applies afterwards: the number's own settings (only when a campaign applies now). */
  then: Answering | null;
  /** e.g. `Campaign "Fall Visit" answers as Agent → Admissions until 2026-12-12T17:00Z, then Bot` */
  summary: string;
}

/** `2026-12-12T17:00Z`: minutes are as precise as an admin reads a schedule. */
const shortTime = (iso: string) => `${iso.slice(0, 16)}Z`;

export function describeAnswering(a: Answering): string {
  if (a.responseType === 'bot') return 'Bot';
  const names = [...a.inboxes.offices, ...a.inboxes.agents].map((n) => n.name);
  return names.length ? `Agent → ${names.join(', ')}` : 'Agent (no inbox chosen)';
}

/**
 * Rule 3, derived (never copied): while the number's active campaign has not reached its archive time, the
 * campaign's response type and inboxes apply; otherwise the number's own unsolicited settings. Whether the
 * campaign still applies is the webhook's own test (`isCampaignLive`), so the page and routing cannot disagree.
 */
export function effectiveBehaviour(own: Answering, active: ActiveCampaignSettings | null, now = new Date()): Effective {
  const campaignApplies = active !== null && isCampaignLive({ state: 'active', archiveAt: active.archiveAt }, now);
  if (!active || !campaignApplies) {
    return {
      source: 'number',
      responseType: own.responseType,
      inboxes: own.inboxes,
      campaign: null,
      until: null,
      then: null,
      summary: `${describeAnswering(own)} (the number's own settings)`,
    };
  }
  const until = active.archiveAt ? `until ${shortTime(active.archiveAt)}` : 'until it is archived';
  return {
    source: 'campaign',
    responseType: active.responseType,
    inboxes: active.inboxes,
    campaign: { documentId: active.documentId, name: active.name, archiveAt: active.archiveAt },
    until: active.archiveAt,
    then: own,
    summary: `Campaign "${active.name}" answers as ${describeAnswering(active)} ${until}, then ${describeAnswering(own)}`,
  };
}
