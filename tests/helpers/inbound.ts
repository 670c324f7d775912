/**
 * Fixtures for inbound-text tests: offices, agents backed by admin users, numbers rented (and activated)
 * at the simulator, campaigns, bot answers, and signed inbound texts sent by the simulator.
 */
import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Simulator, InboundOptions } from '../../simulator/src/server';
import { createRole, createUser, login } from './admin';
import type { TestApp } from './app';
import { asPlugin } from './fixtures';

export const ALL_INBOX_ACTIONS = ['plugin::texting.inbox.read', 'plugin::texting.inbox.reply'];

export interface Doc {
  id: number;
  documentId: string;
  name: string;
}

export async function makeOffice(strapi: Core.Strapi, name: string, extra: Record<string, unknown> = {}): Promise<Doc> {
  return (await strapi.documents('plugin::texting.office').create({ data: { name, ...extra } as never })) as unknown as Doc;
}

export interface AgentLogin extends Doc {
  userId: number;
  email: string;
  auth: Record<string, string>;
}

let seq = 0;

/** An agent of the given offices, backed by an admin user whose role holds `actions`; logged in. */
export async function makeAgent(
  app: TestApp,
  name: string,
  offices: Doc[],
  actions: string[] = ALL_INBOX_ACTIONS
): Promise<AgentLogin> {
  const role = await createRole(app.strapi, `Agent ${name}`, actions);
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${++seq}@test.local`;
  const user = await createUser(app.strapi, email, [role.id]);
  const agent = (await app.strapi.documents('plugin::texting.agent').create({
    data: { name, user: user.id, offices: offices.map((o) => o.documentId) } as never,
  })) as unknown as Doc;
  const token = await login(app, email);
  return { ...agent, userId: user.id, email, auth: { Authorization: `Bearer ${token}` } };
}

export interface NumberDoc extends Doc {
  phoneNumber: string;
}

/** A number of `office` with its unsolicited settings, rented and activated at the simulator. */
export async function makeNumber(
  strapi: Core.Strapi,
  sim: Simulator,
  phoneNumber: string,
  office: Doc,
  settings: { responseType: 'bot' | 'agent'; inboxOffices?: Doc[]; inboxAgents?: Doc[] }
): Promise<NumberDoc> {
  const row = (await asPlugin(strapi, () => strapi.documents('plugin::texting.phone-number').create({
    data: {
      phoneNumber,
      name: `Line ${phoneNumber.slice(-4)}`,
      office: office.documentId,
      numberType: 'reusable',
      responseType: settings.responseType,
      providerStatus: 'active',
      inboxOffices: (settings.inboxOffices ?? []).map((o) => o.documentId),
      inboxAgents: (settings.inboxAgents ?? []).map((a) => a.documentId),
    } as never,
  }))) as unknown as NumberDoc;
  if (!sim.state.getRented(phoneNumber.replace('+', ''))) sim.rent(phoneNumber, { activated: true });
  return row;
}

export async function makeCampaign(
  strapi: Core.Strapi,
  data: {
    name: string;
    office: Doc;
    number: Doc;
    state: 'draft' | 'scheduled' | 'active' | 'archived';
    responseType: 'bot' | 'agent';
    inboxOffices?: Doc[];
    inboxAgents?: Doc[];
    archiveAt?: Date;
  }
): Promise<Doc> {
  return (await asPlugin(strapi, () => strapi.documents('plugin::texting.campaign').create({
    data: {
      name: data.name,
      office: data.office.documentId,
      phoneNumber: data.number.documentId,
      state: data.state,
      responseType: data.responseType,
      sendAt: new Date(Date.now() - 3600_000).toISOString(),
      archiveAt: (data.archiveAt ?? new Date(Date.now() + 7 * 24 * 3600_000)).toISOString(),
      inboxOffices: (data.inboxOffices ?? []).map((o) => o.documentId),
      inboxAgents: (data.inboxAgents ?? []).map((a) => a.documentId),
      message: 'Hello from the campaign',
    } as never,
  }))) as unknown as Doc;
}

export async function makeBotAnswer(strapi: Core.Strapi, office: Doc, question: string, keywords: string, answer: string) {
  return strapi.documents('plugin::texting.bot-answer').create({
    data: { office: office.documentId, question, keywords, answer } as never,
  });
}

export const uuid = () => crypto.randomUUID();

/** A signed inbound text through the simulator; fails the test unless the webhook answered as expected. */
export async function text(sim: Simulator, opts: InboundOptions, expectStatus = 200) {
  const res = await sim.inbound(opts);
  if (res.status !== expectStatus) {
    throw new Error(`webhook answered ${res.status} (expected ${expectStatus}): ${res.body || res.error}`);
  }
  return res;
}

export interface StoredMessage {
  id: number;
  documentId: string;
  direction: 'inbound' | 'outbound';
  body: string;
  status: string;
  messageUuid: string | null;
  routingReason: string | null;
  routedTo: Array<{ inbox: string | null; documentId?: string; name?: string; conversation?: string }> | null;
  errorCode: string | null;
  inReplyTo: string | null;
  fromNumber: string;
  toNumber: string;
}

export async function messageByUuid(strapi: Core.Strapi, messageUuid: string): Promise<StoredMessage | null> {
  return (await strapi.db.query('plugin::texting.message').findOne({ where: { messageUuid } })) as StoredMessage | null;
}

/** Outbound replies the app stored for an inbound text. */
export async function repliesTo(strapi: Core.Strapi, messageUuid: string): Promise<StoredMessage[]> {
  return (await strapi.db
    .query('plugin::texting.message')
    .findMany({ where: { inReplyTo: messageUuid, direction: 'outbound' }, orderBy: { id: 'asc' } })) as StoredMessage[];
}

/** What the simulator was asked to send to `dst` (E.164 or digits). */
export const sentTo = (sim: Simulator, dst: string) => sim.messages().filter((m) => m.dst === dst.replace('+', ''));

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
