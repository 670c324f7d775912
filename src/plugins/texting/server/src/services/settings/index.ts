import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  DEFAULT_SEND_WINDOW,
  fromMinutes,
  toMinutes,
  type AgentBody,
  type AgentRow,
  type BotAnswerBody,
  type BotAnswerRow,
  type BotPreview,
  type Named,
  type OfficeBody,
  type OfficeRow,
  type Paged,
} from '../../../../shared/contracts';
import { ConflictError } from '../../utils/errors';
import { classifyKeyword } from '../opt-out';
import { isHandoff } from '../bot';
import { replyTexts } from '../routing/inbound';
import { assertOfficeDeletable } from '../../guards/settings-rules';
import { UIDS } from '../../db';
import { getService } from '../../utils/get-service';

const { office: OFFICE, agent: AGENT, botAnswer: BOT_ANSWER } = UIDS;

export interface ListParams {
  q?: string;
  office?: string;
  sort: 'name:asc' | 'name:desc';
  page: number;
  pageSize?: number;
}

interface StoredOffice {
  id: number;
  documentId: string;
  name: string;
  timezone: string;
  sendWindowStart: number | null;
  sendWindowEnd: number | null;
  helpText: string | null;
  botFallback: string | null;
  handoffKeywords: string | null;
  phoneNumbers?: { count: number } | unknown[];
  agents?: { count: number } | unknown[];
}

const countOf = (v: { count: number } | unknown[] | undefined) => (Array.isArray(v) ? v.length : Number(v?.count ?? 0));

const officeRow = (o: StoredOffice): OfficeRow => ({
  documentId: o.documentId,
  name: o.name,
  timezone: o.timezone,
  sendWindow: {
    start: fromMinutes(o.sendWindowStart ?? toMinutes(DEFAULT_SEND_WINDOW.start)),
    end: fromMinutes(o.sendWindowEnd ?? toMinutes(DEFAULT_SEND_WINDOW.end)),
  },
  helpText: o.helpText ?? null,
  botFallback: o.botFallback ?? null,
  handoffKeyword: o.handoffKeywords ?? null,
  numberCount: countOf(o.phoneNumbers),
  agentCount: countOf(o.agents),
});

/** The attributes a partial PUT carries: those of `fields` that are not undefined. */
const present = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));

/** API body → stored attributes (only what the body carries, so that a PUT may be partial). */
function officeData(body: Partial<OfficeBody>) {
  const data: Record<string, unknown> = {};
  if (body.name !== undefined) data.name = body.name;
  if (body.timezone !== undefined) data.timezone = body.timezone;
  if (body.sendWindow !== undefined) {
    data.sendWindowStart = toMinutes(body.sendWindow.start);
    data.sendWindowEnd = toMinutes(body.sendWindow.end);
  }
  if (body.helpText !== undefined) data.helpText = body.helpText || null;
  if (body.botFallback !== undefined) data.botFallback = body.botFallback || null;
  if (body.handoffKeyword !== undefined) data.handoffKeywords = body.handoffKeyword || null;
  return data;
}

const paginate = <T>(rows: T[], total: number, page: number, pageSize: number | undefined): Paged<T> => {
  const size = pageSize ?? Math.max(total, 1);
  return { data: rows, meta: { pagination: { page, pageSize: size, pageCount: Math.ceil(total / size), total } } };
};

const window = (p: ListParams) => (p.pageSize ? { offset: (p.page - 1) * p.pageSize, limit: p.pageSize } : {});
const order = (p: ListParams) => [{ name: p.sort === 'name:desc' ? 'desc' : 'asc' }, { id: 'asc' }];

const docs = (strapi: Core.Strapi, uid: string) => strapi.documents(uid as never);

/** Deletes a document that `read` finds (read's 404 otherwise). */
async function deleteFound(strapi: Core.Strapi, uid: string, read: (strapi: Core.Strapi, documentId: string) => Promise<unknown>, documentId: string) {
  await read(strapi, documentId);
  await docs(strapi, uid).delete({ documentId });
  return { documentId };
}

async function officeRef(strapi: Core.Strapi, documentId: string): Promise<StoredOffice> {
  const office = (await strapi.db.query(OFFICE).findOne({
    where: { documentId },
    populate: { phoneNumbers: { count: true }, agents: { count: true } },
  })) as StoredOffice | null;
  if (!office) throw new errors.NotFoundError(`No office with id "${documentId}".`);
  return office;
}

async function officeIds(strapi: Core.Strapi, documentIds: string[], path: string): Promise<void> {
  if (!documentIds.length) return;
  const found = (await strapi.db.query(OFFICE).findMany({ where: { documentId: { $in: documentIds } }, select: ['documentId'] })) as Named[];
  const missing = documentIds.filter((d) => !found.some((f) => f.documentId === d));
  if (missing.length) throw new errors.ValidationError(`${path}: no office with id ${missing.map((m) => `"${m}"`).join(', ')}`);
}

async function agentRow(strapi: Core.Strapi, documentId: string): Promise<AgentRow> {
  const agent = (await strapi.db.query(AGENT).findOne({
    where: { documentId },
    populate: { user: { select: ['id', 'email', 'firstname', 'lastname'] }, offices: { select: ['documentId', 'name'], orderBy: { name: 'asc' } } },
  })) as (Named & { user?: { id: number; email: string; firstname?: string; lastname?: string } | null; offices?: Named[] }) | null;
  if (!agent) throw new errors.NotFoundError(`No agent with id "${documentId}".`);
  return toAgentRow(agent);
}

const toAgentRow = (a: Named & { user?: { id: number; email: string; firstname?: string; lastname?: string } | null; offices?: Named[] }): AgentRow => ({
  documentId: a.documentId,
  name: a.name,
  user: a.user ? { id: a.user.id, email: a.user.email, name: [a.user.firstname, a.user.lastname].filter(Boolean).join(' ') } : null,
  offices: (a.offices ?? []).map((o) => ({ documentId: o.documentId, name: o.name })),
});

async function assertUser(strapi: Core.Strapi, userId: number | null | undefined, agentDocumentId: string | null) {
  if (userId === null || userId === undefined) return;
  const user = await strapi.db.query('admin::user').findOne({ where: { id: userId }, select: ['id'] });
  if (!user) throw new errors.ValidationError(`user: no admin user with id ${userId}`);
  const other = (await strapi.db.query(AGENT).findOne({ where: { user: { id: userId } }, select: ['documentId', 'name'] })) as Named | null;
  if (other && other.documentId !== agentDocumentId) {
    throw new ConflictError(`user: this admin user already texts as agent "${other.name}"`, { agent: other });
  }
}

const keywordList = (keywords: string | null | undefined) =>
  (keywords ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

async function botAnswerRow(strapi: Core.Strapi, documentId: string): Promise<BotAnswerRow> {
  const botAnswer = (await strapi.db.query(BOT_ANSWER).findOne({
    where: { documentId },
    populate: { office: { select: ['documentId', 'name'] } },
  })) as { documentId: string; question: string; keywords: string | null; answer: string; office?: Named | null } | null;
  if (!botAnswer) throw new errors.NotFoundError(`No bot answer with id "${documentId}".`);
  return toBotRow(botAnswer);
}

const toBotRow = (b: { documentId: string; question: string; keywords: string | null; answer: string; office?: Named | null }): BotAnswerRow => ({
  documentId: b.documentId,
  office: b.office ? { documentId: b.office.documentId, name: b.office.name } : { documentId: '', name: '' },
  question: b.question,
  keywords: keywordList(b.keywords),
  answer: b.answer,
});

/** Office names are unique, whatever their case (409). */
async function assertUniqueOffice(strapi: Core.Strapi, name: string, documentId: string | null) {
  const other = (await strapi.db.query(OFFICE).findOne({ where: { name: { $eqi: name } }, select: ['documentId'] })) as { documentId: string } | null;
  if (other && other.documentId !== documentId) throw new ConflictError(`name: an office called "${name}" already exists`);
}

/** Settings → Texting: offices, agents and bot answers (API.md "Offices, agents, bot answers"). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  return {
    /* ------------------------------------------------------------------ offices */
    async listOffices(p: ListParams): Promise<Paged<OfficeRow>> {
      const where = p.q ? { name: { $containsi: p.q } } : {};
      const [rows, total] = await Promise.all([
        strapi.db.query(OFFICE).findMany({
          where,
          orderBy: order(p),
          ...window(p),
          populate: { phoneNumbers: { count: true }, agents: { count: true } },
        }) as Promise<StoredOffice[]>,
        strapi.db.query(OFFICE).count({ where }),
      ]);
      return paginate(rows.map(officeRow), total, p.page, p.pageSize);
    },

    async getOffice(documentId: string): Promise<OfficeRow> {
      return officeRow(await officeRef(strapi, documentId));
    },

    async createOffice(body: OfficeBody): Promise<OfficeRow> {
      await assertUniqueOffice(strapi, body.name, null);
      const created = (await docs(strapi, OFFICE).create({ data: officeData(body) as never })) as unknown as { documentId: string };
      return this.getOffice(created.documentId);
    },

    async updateOffice(documentId: string, body: Partial<OfficeBody>): Promise<OfficeRow> {
      await officeRef(strapi, documentId);
      if (body.name !== undefined) await assertUniqueOffice(strapi, body.name, documentId);
      await docs(strapi, OFFICE).update({ documentId, data: officeData(body) as never });
      return this.getOffice(documentId);
    },

    async deleteOffice(documentId: string): Promise<{ documentId: string }> {
      const office = await officeRef(strapi, documentId);
      await assertOfficeDeletable(strapi, [office.id]);
      await docs(strapi, OFFICE).delete({ documentId });
      return { documentId };
    },

    /** What the office's bot would answer to `text` right now. Stores nothing and sends nothing. */
    async previewBot(documentId: string, text: string): Promise<BotPreview> {
      const office = await officeRef(strapi, documentId);
      const keyword = classifyKeyword(text);
      if (keyword === 'optout') return { kind: 'optout', reply: replyTexts.optout(office.name), matched: null };
      if (keyword === 'optin') return { kind: 'optin', reply: replyTexts.optin(office.name), matched: null };
      if (keyword === 'help') return { kind: 'help', reply: office.helpText?.trim() || replyTexts.help(office.name), matched: null };
      if (isHandoff(text, office.handoffKeywords)) return { kind: 'handoff', reply: replyTexts.handoff(office.name), matched: null };
      const result = await getService(strapi, 'bot').answer({ id: office.id, botFallback: office.botFallback }, text);
      return result.kind === 'answer'
        ? { kind: 'answer', reply: result.answer, matched: { documentId: result.botAnswer.documentId, question: result.botAnswer.question } }
        : { kind: 'fallback', reply: result.answer, matched: null };
    },

    /* ------------------------------------------------------------------ agents */
    async listAgents(p: ListParams): Promise<Paged<AgentRow>> {
      const where: Record<string, unknown> = p.q ? { name: { $containsi: p.q } } : {};
      if (p.office) where.offices = { documentId: p.office };
      const [rows, total] = await Promise.all([
        strapi.db.query(AGENT).findMany({
          where,
          orderBy: order(p),
          ...window(p),
          populate: { user: { select: ['id', 'email', 'firstname', 'lastname'] }, offices: { select: ['documentId', 'name'], orderBy: { name: 'asc' } } },
        }) as Promise<Array<Parameters<typeof toAgentRow>[0]>>,
        strapi.db.query(AGENT).count({ where }),
      ]);
      return paginate(rows.map(toAgentRow), total, p.page, p.pageSize);
    },

    getAgent: (documentId: string): Promise<AgentRow> => agentRow(strapi, documentId),

    async createAgent(body: AgentBody): Promise<AgentRow> {
      await assertUser(strapi, body.user, null);
      await officeIds(strapi, body.offices ?? [], 'offices');
      const created = (await docs(strapi, AGENT).create({
        data: { name: body.name, user: body.user ?? null, offices: body.offices ?? [] } as never,
      })) as unknown as { documentId: string };
      return agentRow(strapi, created.documentId);
    },

    async updateAgent(documentId: string, body: Partial<AgentBody>): Promise<AgentRow> {
      await agentRow(strapi, documentId);
      if (body.user !== undefined) await assertUser(strapi, body.user, documentId);
      if (body.offices) await officeIds(strapi, body.offices, 'offices');
      const data = present({ name: body.name, user: body.user, offices: body.offices });
      await docs(strapi, AGENT).update({ documentId, data: data as never });
      return agentRow(strapi, documentId);
    },

    deleteAgent: (documentId: string): Promise<{ documentId: string }> => deleteFound(strapi, AGENT, agentRow, documentId),

    /* ------------------------------------------------------------------ bot answers */
    async listBotAnswers(p: ListParams): Promise<Paged<BotAnswerRow>> {
      const where: Record<string, unknown> = {};
      if (p.office) where.office = { documentId: p.office };
      if (p.q) where.question = { $containsi: p.q };
      const [rows, total] = await Promise.all([
        strapi.db.query(BOT_ANSWER).findMany({
          where,
          orderBy: [{ question: p.sort === 'name:desc' ? 'desc' : 'asc' }, { id: 'asc' }],
          ...window(p),
          populate: { office: { select: ['documentId', 'name'] } },
        }) as Promise<Array<Parameters<typeof toBotRow>[0]>>,
        strapi.db.query(BOT_ANSWER).count({ where }),
      ]);
      return paginate(rows.map(toBotRow), total, p.page, p.pageSize);
    },

    getBotAnswer: (documentId: string): Promise<BotAnswerRow> => botAnswerRow(strapi, documentId),

    async createBotAnswer(body: BotAnswerBody): Promise<BotAnswerRow> {
      await officeRef(strapi, body.office);
      const created = (await docs(strapi, BOT_ANSWER).create({
        data: { office: body.office, question: body.question, keywords: (body.keywords ?? []).join(', '), answer: body.answer } as never,
      })) as unknown as { documentId: string };
      return botAnswerRow(strapi, created.documentId);
    },

    async updateBotAnswer(documentId: string, body: Partial<BotAnswerBody>): Promise<BotAnswerRow> {
      await botAnswerRow(strapi, documentId);
      if (body.office !== undefined) await officeRef(strapi, body.office);
      const data = present({ office: body.office, question: body.question, keywords: body.keywords?.join(', '), answer: body.answer });
      await docs(strapi, BOT_ANSWER).update({ documentId, data: data as never });
      return botAnswerRow(strapi, documentId);
    },

    deleteBotAnswer: (documentId: string): Promise<{ documentId: string }> => deleteFound(strapi, BOT_ANSWER, botAnswerRow, documentId),
  };

};
