/**
 * Settings → Texting (offices, agents, bot answers): request bodies, rows and their zod schemas. The
 * server validates the plugin's routes and Content Manager writes with these; the admin forms use the same
 * schemas, so both sides reject the same input with the same words.
 */
import { z } from 'zod';
import type { Named } from './common';
import { MESSAGE_MAX_LENGTH } from './limits';

/** "08:00" … "23:59", and "24:00" as the end of a day. */
export const TIME_OF_DAY = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
export const DEFAULT_SEND_WINDOW = { start: '08:00', end: '21:00' } as const;
export const DEFAULT_TIMEZONE = 'America/New_York';

export const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
export const fromMinutes = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/**
 * An IANA zone name ("America/Chicago", "UTC"): known to Intl, and a name rather than an offset or an
 * abbreviation ("+05:00" and "EST" are refused: they do not follow daylight saving time).
 */
export function isIanaTimezone(tz: string): boolean {
  if (!/^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const documentId = z.string().trim().min(1, 'is required').max(64);
const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => text(max).nullable().optional();

export const timezoneSchema = z
  .string()
  .trim()
  .refine(isIanaTimezone, { message: 'must be an IANA time zone such as America/New_York' });

export const sendWindowSchema = z
  .object({
    start: z.string().regex(TIME_OF_DAY, 'must be a time such as 08:00'),
    end: z.string().regex(TIME_OF_DAY, 'must be a time such as 21:00'),
  })
  .refine((w) => w.start !== '24:00', { message: 'start must be before 24:00', path: ['start'] });

export const officeBodySchema = z.object({
  name: text(120).min(1, 'is required'),
  timezone: timezoneSchema,
  sendWindow: sendWindowSchema.default({ ...DEFAULT_SEND_WINDOW }),
  helpText: optionalText(320),
  botFallback: optionalText(1600),
  handoffKeyword: z
    .string()
    .trim()
    .max(40)
    .regex(/^[A-Za-z0-9, ]*$/, 'must be words of letters or digits, separated by commas')
    .nullable()
    .optional(),
});
export const officeUpdateSchema = officeBodySchema.partial().strict();
export type OfficeBody = z.input<typeof officeBodySchema>;

export const agentBodySchema = z.object({
  name: text(120).min(1, 'is required'),
  /** The admin user (id) who texts as this agent. */
  user: z.number().int().positive().nullable().optional(),
  offices: z.array(documentId).max(100).default([]),
});
export const agentUpdateSchema = agentBodySchema.partial().strict();
export type AgentBody = z.input<typeof agentBodySchema>;

export const botAnswerBodySchema = z.object({
  office: documentId,
  question: text(255).min(1, 'is required'),
  keywords: z.array(z.string().trim().min(1).max(40)).max(30).default([]),
  answer: text(1600).min(1, 'is required'),
});
export const botAnswerUpdateSchema = botAnswerBodySchema.partial().strict();
export type BotAnswerBody = z.input<typeof botAnswerBodySchema>;

export const botPreviewBodySchema = z.object({ text: z.string().trim().min(1, 'is required').max(MESSAGE_MAX_LENGTH) });

export const settingsListQuerySchema = z.object({
  q: z.string().trim().max(120).optional(),
  office: z.string().trim().max(64).optional(),
  sort: z.enum(['name:asc', 'name:desc']).default('name:asc'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
});
export type SettingsListQuery = z.input<typeof settingsListQuerySchema>;

export interface OfficeRow extends Named {
  timezone: string;
  sendWindow: { start: string; end: string };
  helpText: string | null;
  botFallback: string | null;
  handoffKeyword: string | null;
  numberCount: number;
  agentCount: number;
}
export interface AgentRow extends Named {
  user: { id: number; email: string; name: string } | null;
  offices: Named[];
}
export interface BotAnswerRow {
  documentId: string;
  office: Named;
  question: string;
  keywords: string[];
  answer: string;
}
export interface BotPreview {
  /** What happens: the bot's answer, its fallback, a hand-off, or a keyword's automatic reply. */
  kind: 'answer' | 'fallback' | 'handoff' | 'help' | 'optout' | 'optin';
  reply: string;
  /** The bot answer that matched, when one did. */
  matched: { documentId: string; question: string } | null;
}
export interface Paged<T> {
  data: T[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}
