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
  type Paged,
} from '../../../shared/contracts';
import { parse } from '../utils/validate';
import { mayDo } from '../guards/office-scope';
import { getService, type Service } from '../utils/get-service';
import type { ListParams } from '../services/settings';

const params = z.object({ documentId: z.string().min(1).max(64) });
const id = (ctx: AdminContext) => parse(params, ctx.params, 'path').documentId;

/** Whether the user may manage settings; the pickers' readers get names only. */
const isSettingsUser = (ctx: AdminContext) => mayDo(ctx, 'settings');
const namesOnly = <T extends { documentId: string; name?: string }>(answer: { data: T[]; meta: unknown }) => ({
  ...answer,
  data: answer.data.map((r) => ({ documentId: r.documentId, name: r.name })),
});

type Settings = Service<'settings'>;

/**
 * The settings service's five methods for one concern, typed by the schemas that parse their input (property
 * signatures, so that the compiler checks each method's parameters strictly against the schema's output).
 */
interface CrudMethods<Create extends ZodTypeAny, Update extends ZodTypeAny> {
  /** Rows with a name (offices, agents) also feed other pages' pickers. */
  list: (query: ListParams) => Promise<Paged<{ documentId: string; name?: string }>>;
  get: (documentId: string) => Promise<unknown>;
  create: (body: z.output<Create>) => Promise<unknown>;
  update: (documentId: string, body: z.output<Update>) => Promise<unknown>;
  remove: (documentId: string) => Promise<unknown>;
}

/**
 * The five handlers of one settings concern (list, get, create, update, delete), thin: parse with the shared
 * schemas, call the settings service. `Noun` names the actions (`listOffices`, `getOffice`…) the routes refer to.
 */
type CrudAction<Noun extends string, Plural extends string> =
  | `list${Plural}`
  | `${'get' | 'create' | 'update' | 'delete'}${Noun}`;

function crud<Noun extends string, Plural extends string, Create extends ZodTypeAny, Update extends ZodTypeAny>(
  strapi: Core.Strapi,
  names: { noun: Noun; plural: Plural; what: string; pickers: boolean },
  schemas: { create: Create; update: Update },
  methods: (settings: Settings) => CrudMethods<Create, Update>
): Record<CrudAction<Noun, Plural>, (ctx: AdminContext) => Promise<void>> {
  const { noun, plural, what, pickers } = names;
  const service = () => methods(getService(strapi, 'settings'));
  return {
    async [`list${plural}`](ctx: AdminContext) {
      const answer = await service().list(parse(settingsListQuerySchema, ctx.query, 'query'));
      ctx.body = pickers && !isSettingsUser(ctx) ? namesOnly(answer) : answer;
    },
    async [`get${noun}`](ctx: AdminContext) {
      ctx.body = { data: await service().get(id(ctx)) };
    },
    async [`create${noun}`](ctx: AdminContext) {
      ctx.status = 201;
      ctx.body = { data: await service().create(parse(schemas.create, ctx.request.body, what)) };
    },
    async [`update${noun}`](ctx: AdminContext) {
      const documentId = id(ctx);
      ctx.body = { data: await service().update(documentId, parse(schemas.update, ctx.request.body, what)) };
    },
    async [`delete${noun}`](ctx: AdminContext) {
      ctx.body = { data: await service().remove(id(ctx)) };
    },
  } as Record<CrudAction<Noun, Plural>, (ctx: AdminContext) => Promise<void>>;
}

/** Settings → Texting: offices, agents, bot answers, and the bot preview. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  // The service's methods may be passed as they are: services/index.ts binds each one to its service.
  ...crud(strapi, { noun: 'Office', plural: 'Offices', what: 'office', pickers: true }, { create: officeBodySchema, update: officeUpdateSchema }, (s) => ({
    list: s.listOffices, get: s.getOffice, create: s.createOffice, update: s.updateOffice, remove: s.deleteOffice,
  })),
  ...crud(strapi, { noun: 'Agent', plural: 'Agents', what: 'agent', pickers: true }, { create: agentBodySchema, update: agentUpdateSchema }, (s) => ({
    list: s.listAgents, get: s.getAgent, create: s.createAgent, update: s.updateAgent, remove: s.deleteAgent,
  })),
  ...crud(strapi, { noun: 'BotAnswer', plural: 'BotAnswers', what: 'bot answer', pickers: false }, { create: botAnswerBodySchema, update: botAnswerUpdateSchema }, (s) => ({
    list: s.listBotAnswers, get: s.getBotAnswer, create: s.createBotAnswer, update: s.updateBotAnswer, remove: s.deleteBotAnswer,
  })),
  async previewBot(ctx: AdminContext) {
    const documentId = id(ctx);
    const { text } = parse(botPreviewBodySchema, ctx.request.body, 'preview');
    ctx.body = { data: await getService(strapi, 'settings').previewBot(documentId, text) };
  },
});
