import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { z } from 'zod';
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
import { ACTIONS } from '../permissions';

const params = z.object({ documentId: z.string().min(1).max(64) });
const settings = (strapi: Core.Strapi) => strapi.plugin('texting').service('settings');
const id = (ctx: Context) => parse(params, ctx.params, 'path').documentId;

/** Whether the user may manage settings; the pickers' readers get names only. */
const isSettingsUser = (ctx: Context) => Boolean((ctx.state as { userAbility?: { can(a: string): boolean } }).userAbility?.can(ACTIONS.settings));
const namesOnly = <T extends { documentId: string; name: string }>(answer: { data: T[]; meta: unknown }) => ({
  ...answer,
  data: answer.data.map((r) => ({ documentId: r.documentId, name: r.name })),
});

/** Settings → Texting: offices, agents, bot answers (thin: parse, call the settings service). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async listOffices(ctx: Context) {
    const answer = await settings(strapi).listOffices(parse(settingsListQuerySchema, ctx.query, 'query'));
    ctx.body = isSettingsUser(ctx) ? answer : namesOnly(answer);
  },
  async getOffice(ctx: Context) {
    ctx.body = { data: await settings(strapi).getOffice(id(ctx)) };
  },
  async createOffice(ctx: Context) {
    ctx.status = 201;
    ctx.body = { data: await settings(strapi).createOffice(parse(officeBodySchema, ctx.request.body, 'office')) };
  },
  async updateOffice(ctx: Context) {
    const documentId = id(ctx);
    ctx.body = { data: await settings(strapi).updateOffice(documentId, parse(officeUpdateSchema, ctx.request.body, 'office')) };
  },
  async deleteOffice(ctx: Context) {
    ctx.body = { data: await settings(strapi).deleteOffice(id(ctx)) };
  },
  async previewBot(ctx: Context) {
    const documentId = id(ctx);
    const { text } = parse(botPreviewBodySchema, ctx.request.body, 'preview');
    ctx.body = { data: await settings(strapi).previewBot(documentId, text) };
  },

  async listAgents(ctx: Context) {
    const answer = await settings(strapi).listAgents(parse(settingsListQuerySchema, ctx.query, 'query'));
    ctx.body = isSettingsUser(ctx) ? answer : namesOnly(answer);
  },
  async getAgent(ctx: Context) {
    ctx.body = { data: await settings(strapi).getAgent(id(ctx)) };
  },
  async createAgent(ctx: Context) {
    ctx.status = 201;
    ctx.body = { data: await settings(strapi).createAgent(parse(agentBodySchema, ctx.request.body, 'agent')) };
  },
  async updateAgent(ctx: Context) {
    const documentId = id(ctx);
    ctx.body = { data: await settings(strapi).updateAgent(documentId, parse(agentUpdateSchema, ctx.request.body, 'agent')) };
  },
  async deleteAgent(ctx: Context) {
    ctx.body = { data: await settings(strapi).deleteAgent(id(ctx)) };
  },

  async listBotAnswers(ctx: Context) {
    ctx.body = await settings(strapi).listBotAnswers(parse(settingsListQuerySchema, ctx.query, 'query'));
  },
  async getBotAnswer(ctx: Context) {
    ctx.body = { data: await settings(strapi).getBotAnswer(id(ctx)) };
  },
  async createBotAnswer(ctx: Context) {
    ctx.status = 201;
    ctx.body = { data: await settings(strapi).createBotAnswer(parse(botAnswerBodySchema, ctx.request.body, 'bot answer')) };
  },
  async updateBotAnswer(ctx: Context) {
    const documentId = id(ctx);
    ctx.body = { data: await settings(strapi).updateBotAnswer(documentId, parse(botAnswerUpdateSchema, ctx.request.body, 'bot answer')) };
  },
  async deleteBotAnswer(ctx: Context) {
    ctx.body = { data: await settings(strapi).deleteBotAnswer(id(ctx)) };
  },
});
