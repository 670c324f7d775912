import type { Core } from '@strapi/strapi';
import {
  agentBodySchema,
  botAnswerBodySchema,
  fromMinutes,
  officeBodySchema,
} from '../../../shared/contracts';
import { parse } from '../utils/validate';
import { ConflictError } from '../utils/errors';

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
  const o = await strapi.db.query(OFFICE).findOne({ where: { documentId } });
  if (!o) return;
  const window =
    Number.isInteger(o.sendWindowStart) && Number.isInteger(o.sendWindowEnd) && o.sendWindowStart >= 0 && o.sendWindowStart < 1440 && o.sendWindowEnd >= 0 && o.sendWindowEnd <= 1440
      ? { start: fromMinutes(o.sendWindowStart), end: fromMinutes(o.sendWindowEnd) }
      : { start: 'invalid', end: 'invalid' };
  parse(
    officeBodySchema,
    {
      name: o.name ?? '',
      timezone: o.timezone ?? '',
      sendWindow: o.sendWindowStart === null && o.sendWindowEnd === null ? undefined : window,
      helpText: o.helpText,
      botFallback: o.botFallback,
      handoffKeyword: o.handoffKeywords,
    },
    'office'
  );
}

async function assertAgentRow(strapi: Core.Strapi, documentId: string) {
  const a = await strapi.db.query(AGENT).findOne({ where: { documentId }, populate: { user: { select: ['id'] } } });
  if (!a) return;
  parse(agentBodySchema, { name: a.name ?? '', user: a.user?.id ?? null, offices: [] }, 'agent');
  if (a.user) {
    const others = await strapi.db.query(AGENT).count({ where: { user: { id: a.user.id }, id: { $ne: a.id } } });
    if (others > 0) throw new ConflictError('user: this admin user already texts as another agent');
  }
}

async function assertBotAnswerRow(strapi: Core.Strapi, documentId: string) {
  const b = await strapi.db.query(BOT_ANSWER).findOne({ where: { documentId }, populate: { office: { select: ['documentId'] } } });
  if (!b) return;
  parse(
    botAnswerBodySchema,
    {
      office: b.office?.documentId ?? '',
      question: b.question ?? '',
      keywords: String(b.keywords ?? '')
        .split(',')
        .map((k: string) => k.trim())
        .filter(Boolean),
      answer: b.answer ?? '',
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
      return strapi.db.transaction(async () => {
        if (documentId) {
          const rows = (await strapi.db.query(OFFICE).findMany({ where: { documentId }, select: ['id'] })) as Array<{ id: number }>;
          await assertOfficeDeletable(strapi, rows.map((r) => r.id));
        }
        return next();
      });
    }
    if (!WRITES.has(ctx.action)) return next();
    return strapi.db.transaction(async () => {
      const result = await next();
      const documentId = (result as { documentId?: string } | null)?.documentId;
      if (documentId) await check(strapi, documentId);
      return result;
    });
  });
}
