import type { Core } from '@strapi/strapi';
import type { AdminContext } from '../utils/context';
import { z, type ZodTypeAny } from 'zod';
import {
  agentBodySchema,
  agentUpdateSchema,
  botAnswerBodySchema,
  botAnswerUpdateSchema,
  botPreviewBodySchema,
  officeBodySchema,
  officeUpdateSchema,
  settingsListQuerySchema,
} from '../../../shared/contracts';
import { parse } from '../utils/validate';
import { mayDo } from '../guards/office-scope';
import { getService } from '../utils/get-service';

const params = z.object({ documentId: z.string().min(1).max(64) });
const id = (ctx: AdminContext) => parse(params, ctx.params, 'path').documentId;

/** Whether the user may manage settings; the pickers' readers get names only. */
const isSettingsUser = (ctx: AdminContext) => mayDo(ctx, 'settings');
const namesOnly = <T extends { documentId: string; name: string }>(answer: { data: T[]; meta: unknown }) => ({
  ...answer,
  data: answer.data.map((r) => ({ documentId: r.documentId, name: r.name })),
});

type Service = Record<string, (...args: any[]) => Promise<any>>;

/**
 * The five handlers of one settings concern (list, get, create, update, delete), thin: parse with the shared
 * schemas, call the settings service. `Noun` names the service methods (`listOffices`, `getOffice`…).
 */
function crud(strapi: Core.Strapi, noun: string, plural: string, create: ZodTypeAny, update: ZodTypeAny, what: string, pickers: boolean) {
  const settings = () => getService(strapi, 'settings') as unknown as Service;
  return {
    async [`list${plural}`](ctx: AdminContext) {
      const answer = await settings()[`list${plural}`](parse(settingsListQuerySchema, ctx.query, 'query'));
      ctx.body = pickers && !isSettingsUser(ctx) ? namesOnly(answer) : answer;
    },
    async [`get${noun}`](ctx: AdminContext) {
      ctx.body = { data: await settings()[`get${noun}`](id(ctx)) };
    },
    async [`create${noun}`](ctx: AdminContext) {
      ctx.status = 201;
      ctx.body = { data: await settings()[`create${noun}`](parse(create, ctx.request.body, what)) };
    },
    async [`update${noun}`](ctx: AdminContext) {
      const documentId = id(ctx);
      ctx.body = { data: await settings()[`update${noun}`](documentId, parse(update, ctx.request.body, what)) };
    },
    async [`delete${noun}`](ctx: AdminContext) {
      ctx.body = { data: await settings()[`delete${noun}`](id(ctx)) };
    },
  };
}

/** Settings → Texting: offices, agents, bot answers, and the bot preview. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  ...crud(strapi, 'Office', 'Offices', officeBodySchema, officeUpdateSchema, 'office', true),
  ...crud(strapi, 'Agent', 'Agents', agentBodySchema, agentUpdateSchema, 'agent', true),
  ...crud(strapi, 'BotAnswer', 'BotAnswers', botAnswerBodySchema, botAnswerUpdateSchema, 'bot answer', false),
  async previewBot(ctx: AdminContext) {
    const documentId = id(ctx);
    const { text } = parse(botPreviewBodySchema, ctx.request.body, 'preview');
    ctx.body = { data: await getService(strapi, 'settings').previewBot(documentId, text) };
  },
});
