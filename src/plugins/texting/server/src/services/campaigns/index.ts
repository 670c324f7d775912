import type { Core } from '@strapi/strapi';
import type { AdminUser } from './access';
import { archive, create, importRecipients, schedule, unschedule, update } from './commands';
import { isPostgres } from '../../db';
import { createDispatcher } from './dispatcher';
import { lifecycle } from './lifecycle';
import { archiveImpact, detail, list, numberOptions } from './reads';
import type { CreateBody, ListQuery, RecipientsBody, UpdateBody } from '../../validation/campaigns';

export type { CampaignDetail, CampaignRow, Named, NumberOption } from './reads';

/**
 * The campaigns service (`getService('campaigns')`): reads in reads.ts, rules in rules.ts and access.ts,
 * changes in commands.ts, timed transitions in lifecycle.ts.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  list: (query: ListQuery) => list(strapi, query),
  findOne: (documentId: string) => detail(strapi, documentId),
  archiveImpact: (documentId: string) => archiveImpact(strapi, documentId),
  numberOptions: (officeDocumentId: string) => numberOptions(strapi, officeDocumentId),
  create: (body: CreateBody, user: AdminUser | undefined) => create(strapi, body, user),
  update: (documentId: string, body: UpdateBody, user: AdminUser | undefined) => update(strapi, documentId, body, user),
  importRecipients: (documentId: string, body: RecipientsBody, user: AdminUser | undefined) => importRecipients(strapi, documentId, body, user),
  schedule: (documentId: string, user: AdminUser | undefined) => schedule(strapi, documentId, user),
  unschedule: (documentId: string, user: AdminUser | undefined) => unschedule(strapi, documentId, user),
  archive: (documentId: string, user: AdminUser | undefined) => archive(strapi, documentId, user),
  /** Job ticks (cron in production, called directly by tests). */
  activateDue: (now?: Date) => lifecycle(strapi).activateDue(now),
  archiveDue: (now?: Date) => lifecycle(strapi).archiveDue(now),
  releaseSingleUse: (now?: Date) => lifecycle(strapi).releaseSingleUse(now),
  isPostgres: () => isPostgres(strapi),
});

export { createDispatcher };
