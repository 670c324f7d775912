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
  numberOffice: Link;
  numberAgent: Link;
  numberInboxOffices: Link;
  numberInboxAgents: Link;
  campaignNumber: Link;
}

interface JoinTableMeta {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
}

const cache = new WeakMap<object, Tables>();

/**
 * Table and link-table names, read from Strapi's own metadata rather than spelled out, so that the raw
 * queries stay right if Strapi's naming of link tables ever changes.
 */
export function tables(strapi: Core.Strapi): Tables {
  const hit = cache.get(strapi);
  if (hit) return hit;
  const meta = (uid: string) => strapi.db.metadata.get(uid) as unknown as {
    tableName: string;
    attributes: Record<string, { joinTable?: JoinTableMeta }>;
  };
  const link = (uid: string, attribute: string): Link => {
    const jt = meta(uid).attributes[attribute]?.joinTable;
    if (!jt) throw new Error(`texting: ${uid}.${attribute} has no link table`);
    return { table: jt.name, owner: jt.joinColumn.name, target: jt.inverseJoinColumn.name };
  };
  const t: Tables = {
    numbers: meta(UIDS.number).tableName,
    offices: meta(UIDS.office).tableName,
    agents: meta(UIDS.agent).tableName,
    campaigns: meta(UIDS.campaign).tableName,
    contacts: meta(UIDS.contact).tableName,
    deliveryReports: meta(UIDS.deliveryReport).tableName,
    messages: meta(UIDS.message).tableName,
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
export async function withKnex<T>(strapi: Core.Strapi, fn: (k: Knex) => Promise<T>): Promise<T> {
  if (!strapi.db.inTransaction()) return fn(strapi.db.connection);
  return strapi.db.transaction(({ trx }) => fn(trx as unknown as Knex)) as unknown as Promise<T>;
}
