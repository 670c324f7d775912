import type { Core } from '@strapi/strapi';
import type { Knex } from './dialect';

export const UIDS = {
  number: 'plugin::texting.phone-number',
  office: 'plugin::texting.office',
  agent: 'plugin::texting.agent',
  campaign: 'plugin::texting.campaign',
  event: 'plugin::texting.number-event',
  contact: 'plugin::texting.contact',
  deliveryReport: 'plugin::texting.delivery-report',
  message: 'plugin::texting.message',
  conversation: 'plugin::texting.conversation',
  botAnswer: 'plugin::texting.bot-answer',
  outbox: 'plugin::texting.outbox-message',
  dispatchState: 'plugin::texting.dispatch-state',
  notification: 'plugin::texting.notification',
  notificationRead: 'plugin::texting.notification-read',
  optOutEvent: 'plugin::texting.opt-out-event',
} as const;

/** A Strapi 5 link table: `owner` is the column pointing at the declaring type, `target` at the related one. */
export interface Link {
  table: string;
  owner: string;
  target: string;
}

export interface Tables {
  numbers: string;
  offices: string;
  agents: string;
  campaigns: string;
  contacts: string;
  deliveryReports: string;
  messages: string;
  outbox: string;
  dispatchState: string;
  notifications: string;
  notificationReads: string;
  numberOffice: Link;
  numberAgent: Link;
  numberInboxOffices: Link;
  numberInboxAgents: Link;
  campaignNumber: Link;
}

/** What Strapi's metadata says about a relation's link table (the order columns only on ordered relations). */
export interface JoinTableMeta {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  orderColumnName?: string;
  inverseOrderColumnName?: string;
}

/** The part of a content type's metadata that raw SQL needs: its table, columns and link tables. */
export interface EntityMeta {
  tableName: string;
  attributes: Record<string, { columnName?: string; joinTable?: JoinTableMeta } | undefined>;
}

export const entityMeta = (strapi: Core.Strapi, uid: string): EntityMeta =>
  strapi.db.metadata.get(uid) as unknown as EntityMeta;

const cache = new WeakMap<object, Tables>();

/**
 * Table and link-table names, read from Strapi's own metadata rather than spelled out, so that the raw
 * queries stay right if Strapi's naming of link tables ever changes.
 */
export function tables(strapi: Core.Strapi): Tables {
  const hit = cache.get(strapi);
  if (hit) return hit;
  const meta = (uid: string) => entityMeta(strapi, uid);
  const link = (uid: string, attribute: string): Link => {
    const joinTable = meta(uid).attributes[attribute]?.joinTable;
    if (!joinTable) throw new Error(`texting: ${uid}.${attribute} has no link table`);
    return { table: joinTable.name, owner: joinTable.joinColumn.name, target: joinTable.inverseJoinColumn.name };
  };
  const t: Tables = {
    numbers: meta(UIDS.number).tableName,
    offices: meta(UIDS.office).tableName,
    agents: meta(UIDS.agent).tableName,
    campaigns: meta(UIDS.campaign).tableName,
    contacts: meta(UIDS.contact).tableName,
    deliveryReports: meta(UIDS.deliveryReport).tableName,
    messages: meta(UIDS.message).tableName,
    outbox: meta(UIDS.outbox).tableName,
    dispatchState: meta(UIDS.dispatchState).tableName,
    notifications: meta(UIDS.notification).tableName,
    notificationReads: meta(UIDS.notificationRead).tableName,
    numberOffice: link(UIDS.number, 'office'),
    numberAgent: link(UIDS.number, 'agent'),
    numberInboxOffices: link(UIDS.number, 'inboxOffices'),
    numberInboxAgents: link(UIDS.number, 'inboxAgents'),
    campaignNumber: link(UIDS.campaign, 'phoneNumber'),
  };
  cache.set(strapi, t);
  return t;
}

/** The knex of the current transaction when there is one (Strapi keeps it in async-local storage), else the pool. */
export async function withKnex<T>(strapi: Core.Strapi, fn: (knex: Knex) => Promise<T>): Promise<T> {
  if (!strapi.db.inTransaction()) return fn(strapi.db.connection);
  return strapi.db.transaction(({ trx }) => fn(trx as unknown as Knex)) as unknown as Promise<T>;
}
