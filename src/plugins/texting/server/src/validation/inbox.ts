import { z } from 'zod';
import { CONVERSATION_PAGE_SIZE, CONVERSATION_PAGE_SIZE_MAX, MESSAGE_MAX_LENGTH } from '../../../shared/contracts';
import { toE164 } from '../utils/phone';

/** Inputs of the inbox and 1:1 text routes (API.md), parsed by their controllers with `parse()`. */

/** The sender test texts come from when the admin gives none (a fictional 555-01xx number). */
export const TEST_FROM = '+12025550199';

export const listQuery = z.object({
  status: z.enum(['open', 'closed', 'all']).default('open'),
  q: z.string().trim().max(60).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});

const text = z
  .string({ required_error: 'is required' })
  .transform((s) => s.trim())
  .refine((s) => s.length > 0, 'must not be empty')
  .refine((s) => s.length <= MESSAGE_MAX_LENGTH, `must be at most ${MESSAGE_MAX_LENGTH} characters`);

/** A phone number as typed, turned into E.164 (an issue when it is not a number). */
const phoneNumber = (s: string, ctx: z.RefinementCtx) => {
  const e164 = toE164(s);
  if (!e164) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${s}" is not a valid phone number` });
  return e164 ?? '';
};

export const replyBody = z.object({ text }).strict();

/** "Load older" in a conversation: the messages just before `before` (a message documentId). */
export const olderMessagesQuery = z
  .object({
    before: z.string().trim().min(1, 'the documentId of the oldest message shown'),
    limit: z.coerce.number().int().min(1).max(CONVERSATION_PAGE_SIZE_MAX).default(CONVERSATION_PAGE_SIZE),
  })
  .strict();
export type OlderMessagesQuery = z.infer<typeof olderMessagesQuery>;

/** A new 1:1 text: `from` is the documentId of one of the office's numbers. */
export const directBody = z
  .object({
    from: z.string({ required_error: 'is required' }).trim().min(1, 'is required'),
    to: z.string({ required_error: 'is required' }).transform(phoneNumber),
    text,
  })
  .strict();

export const reassignBody = z
  .object({ office: z.string().trim().min(1).optional(), agent: z.string().trim().min(1).optional() })
  .strict()
  .refine((b) => Boolean(b.office) !== Boolean(b.agent), 'give exactly one of office or agent');

/** "Test routing" on a number's page: a simulated inbound text. */
export const testInboundBody = z
  .object({
    from: z
      .string()
      .trim()
      .optional()
      .transform((s, ctx) => (s ? phoneNumber(s, ctx) : TEST_FROM)),
    text: z.string().trim().min(1, 'must not be empty').max(MESSAGE_MAX_LENGTH),
  })
  .strict();

export type InboxListQuery = z.infer<typeof listQuery>;
export type ReplyBody = z.infer<typeof replyBody>;
export type DirectBody = z.infer<typeof directBody>;
export type ReassignBody = z.infer<typeof reassignBody>;
export type TestInboundBody = z.infer<typeof testInboundBody>;
