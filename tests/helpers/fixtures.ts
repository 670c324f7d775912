/**
 * Domain fixtures built through the Document Service (so every model rule and middleware runs, as it does
 * for a user): offices, agents, phone numbers and campaigns with sensible defaults. Use one factory per app:
 *
 *   const fx = fixtures(app.strapi);
 *   const office = await fx.office({ name: 'Admissions' });
 *   const number = await fx.number({ office: office.documentId, responseType: 'bot' });
 *   await fx.campaign({ phoneNumber: number.documentId, state: 'active', archiveAt: inDays(7) });
 */
import type { Core } from '@strapi/strapi';

/**
 * Runs `fn` as the plugin: the door guard (guards/doors.ts) refuses Document Service writes to numbers and
 * campaigns, and any access to texts and contacts, from outside the plugin's services. Fixtures set up
 * state directly, as the plugin would; the middlewares' rules still run.
 */
export const asPlugin = <T>(strapi: Core.Strapi, fn: () => Promise<T>): Promise<T> =>
  strapi.plugin('texting').service('door').run(fn);

export const UID = {
  office: 'plugin::texting.office',
  agent: 'plugin::texting.agent',
  number: 'plugin::texting.phone-number',
  campaign: 'plugin::texting.campaign',
} as const;

export interface Doc {
  id: number;
  documentId: string;
  name: string;
}
export interface NumberDoc extends Doc {
  phoneNumber: string;
}

export const inDays = (days: number, from = Date.now()) => new Date(from + days * 24 * 3600 * 1000).toISOString();

export interface OfficeInput {
  name?: string;
  timezone?: string;
}
export interface AgentInput {
  name?: string;
  /** office documentIds */
  offices?: string[];
  /** admin user id */
  user?: number | null;
}
export interface NumberInput {
  phoneNumber?: string;
  name?: string;
  description?: string | null;
  /** office documentId; a new office is created when omitted */
  office?: string;
  agent?: string | null;
  numberType?: 'reusable' | 'single_use';
  responseType?: 'bot' | 'agent';
  /** office / agent documentIds; an `agent` number without any gets its own office as inbox */
  inboxOffices?: string[];
  inboxAgents?: string[];
  providerStatus?: 'pending' | 'active' | 'release_failed';
}
export interface CampaignInput {
  name?: string;
  state?: 'draft' | 'scheduled' | 'active' | 'archived';
  /** phone-number documentId */
  phoneNumber?: string | null;
  /** office documentId; defaults to the number's office */
  office?: string;
  sendAt?: string | null;
  archiveAt?: string | null;
  message?: string;
  responseType?: 'bot' | 'agent';
  inboxOffices?: string[];
  inboxAgents?: string[];
}

let serial = 0;

export function fixtures(strapi: Core.Strapi) {
  const docs = (uid: string) => {
    const repo = strapi.documents(uid as never) as unknown as Record<string, (params: unknown) => Promise<unknown>>;
    return {
      create: (params: unknown) => asPlugin(strapi, () => repo.create(params)),
      findOne: (params: unknown) => asPlugin(strapi, () => repo.findOne(params)),
    };
  };

  async function office(input: OfficeInput = {}): Promise<Doc> {
    return (await docs(UID.office).create({
      data: { name: input.name ?? `Office ${++serial}`, timezone: input.timezone ?? 'America/New_York' } as never,
    })) as unknown as Doc;
  }

  async function agent(input: AgentInput = {}): Promise<Doc> {
    return (await docs(UID.agent).create({
      data: { name: input.name ?? `Agent ${++serial}`, offices: input.offices ?? [], user: input.user ?? null } as never,
    })) as unknown as Doc;
  }

  /** Fictional 555-01xx numbers, unique within the process. */
  const nextPhone = () => `+1202555${String(100 + (++serial % 9900)).padStart(4, '0')}`;

  async function number(input: NumberInput = {}): Promise<NumberDoc> {
    const officeId = input.office ?? (await office()).documentId;
    const responseType = input.responseType ?? 'bot';
    const inboxOffices = input.inboxOffices ?? (responseType === 'agent' && !input.inboxAgents?.length ? [officeId] : []);
    return (await docs(UID.number).create({
      data: {
        phoneNumber: input.phoneNumber ?? nextPhone(),
        name: input.name ?? `Number ${serial}`,
        description: input.description ?? null,
        office: officeId,
        agent: input.agent ?? null,
        numberType: input.numberType ?? 'reusable',
        responseType,
        inboxOffices,
        inboxAgents: input.inboxAgents ?? [],
        providerStatus: input.providerStatus ?? 'active',
      } as never,
    })) as unknown as NumberDoc;
  }

  async function campaign(input: CampaignInput = {}): Promise<Doc> {
    let officeId = input.office;
    if (!officeId && input.phoneNumber) {
      const n = (await docs(UID.number).findOne({ documentId: input.phoneNumber, populate: ['office'] } as never)) as unknown as {
        office?: { documentId: string } | null;
      } | null;
      officeId = n?.office?.documentId;
    }
    const state = input.state ?? 'draft';
    return (await docs(UID.campaign).create({
      data: {
        name: input.name ?? `Campaign ${++serial}`,
        state,
        office: officeId ?? null,
        phoneNumber: input.phoneNumber ?? null,
        sendAt: input.sendAt === undefined ? inDays(state === 'active' ? -1 : 3) : input.sendAt,
        archiveAt: input.archiveAt === undefined ? inDays(state === 'archived' ? -1 : 10) : input.archiveAt,
        message: input.message ?? 'Hello from the fixtures. Reply STOP to opt out.',
        responseType: input.responseType ?? 'bot',
        inboxOffices: input.inboxOffices ?? [],
        inboxAgents: input.inboxAgents ?? [],
        recipients: [],
      } as never,
    })) as unknown as Doc;
  }

  /** Moves a campaign to another state directly (e.g. archive it so that its number may be deleted). */
  async function setCampaignState(documentId: string, state: NonNullable<CampaignInput['state']>) {
    await strapi.db.query(UID.campaign).update({ where: { documentId }, data: { state } });
  }

  return { office, agent, number, campaign, setCampaignState };
}

export type Fixtures = ReturnType<typeof fixtures>;
