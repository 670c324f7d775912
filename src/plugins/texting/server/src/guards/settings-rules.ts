import type { Core } from '@strapi/strapi';
import {
  agentBodySchema,
  botAnswerBodySchema,
  fromMinutes,
  officeBodySchema,
} from '../../../shared/contracts';
import { parse } from '../utils/validate';
import { ConflictError } from '../utils/errors';
import { committed } from '../db';

/**
 * Offices, agents and bot answers: every write, whatever its door (Settings → Texting, the Content Manager,
 * `strapi.documents()`), is checked on the row as written, inside the writing transaction, with the same zod
 * schemas as the plugin's routes (shared/contracts/settings.ts). An office that still has numbers or
 * campaigns cannot be deleted (409 naming them; the Content Manager shows it as a 400 with the message).
 */
const OFFICE = 'plugin::texting.office';
const AGENT = 'plugin::texting.agent';
const BOT_ANSWER = 'plugin::texting.bot-answer';
const WRITES = new Set(['create', 'update']);

async function assertOfficeRow(strapi: Core.Strapi, documentId: string) {
  const office = await strapi.db.query(OFFICE).findOne({ where: { documentId } });
  if (!office) return;
  const window =
    Number.isInteger(office.sendWindowStart) && Number.isInteger(office.sendWindowEnd) && office.sendWindowStart >= 0 && office.sendWindowStart < 1440 && office.sendWindowEnd >= 0 && office.sendWindowEnd <= 1440
      ? { start: fromMinutes(office.sendWindowStart), end: fromMinutes(office.sendWindowEnd) }
      : { start: 'invalid', end: 'invalid' };
  parse(
    officeBodySchema,
    {
      name: office.name ?? '',
      timezone: office.timezone ?? '',
      sendWindow: office.sendWindowStart === null && office.sendWindowEnd === null ? undefined : window,
      helpText: office.helpText,
      botFallback: office.botFallback,
      handoffKeyword: office.handoffKeywords,
    },
    'office'
  );
}

async function assertAgentRow(strapi: Core.Strapi, documentId: string) {
  const agent = await strapi.db.query(AGENT).findOne({ where: { documentId }, populate: { user: { select: ['id'] } } });
  if (!agent) return;
  parse(agentBodySchema, { name: agent.name ?? '', user: agent.user?.id ?? null, offices: [] }, 'agent');
  if (agent.user) {
    const others = await strapi.db.query(AGENT).count({ where: { user: { id: agent.user.id }, id: { $ne: agent.id } } });
    if (others > 0) throw new ConflictError('user: this admin user already texts as another agent');
  }
}

async function assertBotAnswerRow(strapi: Core.Strapi, documentId: string) {
  const botAnswer = await strapi.db.query(BOT_ANSWER).findOne({ where: { documentId }, populate: { office: { select: ['documentId'] } } });
  if (!botAnswer) return;
  parse(
    botAnswerBodySchema,
    {
      office: botAnswer.office?.documentId ?? '',
      question: botAnswer.question ?? '',
      keywords: String(botAnswer.keywords ?? '')
        .split(',')
        .map((k: string) => k.trim())
        .filter(Boolean),
      answer: botAnswer.answer ?? '',
    },
    'bot answer'
  );
}

const CHECKS: Record<string, (strapi: Core.Strapi, documentId: string) => Promise<void>> = {
  [OFFICE]: assertOfficeRow,
  [AGENT]: assertAgentRow,
  [BOT_ANSWER]: assertBotAnswerRow,
};

const listed = (names: string[], max = 10) => names.slice(0, max).join(', ') + (names.length > max ? ` and ${names.length - max} more` : '');

/** 409 naming the numbers and campaigns that still belong to these offices. */
export async function assertOfficeDeletable(strapi: Core.Strapi, officeIds: number[]) {
  if (!officeIds.length) return;
  const [numbers, campaigns] = await Promise.all([
    strapi.db.query('plugin::texting.phone-number').findMany({
      where: { office: { id: { $in: officeIds } } },
      select: ['documentId', 'phoneNumber', 'name'],
      orderBy: { phoneNumber: 'asc' },
    }) as Promise<Array<{ documentId: string; phoneNumber: string; name: string }>>,
    strapi.db.query('plugin::texting.campaign').findMany({
      where: { office: { id: { $in: officeIds } } },
      select: ['documentId', 'name', 'state'],
      orderBy: { name: 'asc' },
    }) as Promise<Array<{ documentId: string; name: string; state: string }>>,
  ]);
  if (!numbers.length && !campaigns.length) return;
  const parts: string[] = [];
  if (numbers.length) parts.push(`${numbers.length === 1 ? 'number' : `${numbers.length} numbers`} ${listed(numbers.map((n) => n.phoneNumber))}`);
  if (campaigns.length) {
    parts.push(`${campaigns.length === 1 ? 'campaign' : `${campaigns.length} campaigns`} ${listed(campaigns.map((c) => `"${c.name}" (${c.state})`))}`);
  }
  throw new ConflictError(`The office still has ${parts.join(' and ')}; move or release them first, then delete the office.`, {
    numbers: numbers.map((n) => ({ documentId: n.documentId, phoneNumber: n.phoneNumber, name: n.name })),
    campaigns,
  });
}

export function registerSettingsRulesMiddleware(strapi: Core.Strapi) {
  strapi.documents.use(async (ctx, next) => {
    const check = CHECKS[ctx.uid as string];
    if (!check) return next();
    if (ctx.uid === OFFICE && ctx.action === 'delete') {
      const documentId = (ctx.params as { documentId?: string }).documentId;
      return committed(strapi, async () => {
        if (documentId) {
          const rows = (await strapi.db.query(OFFICE).findMany({ where: { documentId }, select: ['id'] })) as Array<{ id: number }>;
          await assertOfficeDeletable(strapi, rows.map((r) => r.id));
        }
        return next();
      });
    }
    if (!WRITES.has(ctx.action)) return next();
    return committed(strapi, async () => {
      const result = await next();
      const documentId = (result as { documentId?: string } | null)?.documentId;
      if (documentId) await check(strapi, documentId);
      return result;
    });
  });
}
