import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { RecipientsPage } from '../../../../shared/contracts';
import type { RecipientsPageQuery } from '../../validation/campaigns';
import { likeContains } from '../numbers/query';
import { tables } from '../../db';
import { digitsOf } from '../../utils/phone';

/**
 * A page of a campaign's recipients (issue 11: the detail no longer carries up to 100,000 of them). The list
 * is the campaign's `recipients` JSON array; the database unnests it (PostgreSQL `jsonb_array_elements … with
 * ordinality`, SQLite `json_each`) and filters, counts and pages it, so Node never parses the whole list for a
 * page. `q` matches the number's digits or the name (case-insensitive substring). Position is the 1-based
 * place in the list, whatever the search.
 */
export async function recipientsPage(strapi: Core.Strapi, documentId: string, query: RecipientsPageQuery): Promise<RecipientsPage> {
  const knex = strapi.db.connection;
  const table = tables(strapi).campaigns;
  const campaign = (await knex(table).where({ document_id: documentId }).first('id', 'recipient_count')) as { id: number; recipient_count: number | null } | undefined;
  if (!campaign) throw new errors.NotFoundError(`No campaign with id "${documentId}".`);

  const pg = strapi.db.dialect.client === 'postgres';
  const elements = pg
    ? `${table} c cross join lateral jsonb_array_elements(coalesce(c.recipients, '[]'::jsonb)) with ordinality as e(value, ord)`
    : `${table} c, json_each(coalesce(c.recipients, '[]')) e`;
  const phone = pg ? `(e.value->>'phoneNumber')` : `json_extract(e.value, '$.phoneNumber')`;
  const name = pg ? `(e.value->>'name')` : `json_extract(e.value, '$.name')`;
  const position = pg ? 'e.ord' : '(e.key + 1)';

  let where = 'c.id = ?';
  const bindings: unknown[] = [campaign.id];
  if (query.q) {
    // The number's digits only for a search that reads as a phone number (as the numbers list does): "Student 59"
    // is a name, not every number containing 59.
    const digits = /^[\d\s().+\-/]+$/.test(query.q) ? digitsOf(query.q) : '';
    where += ` and (lower(coalesce(${name}, '')) like ? escape '\\'${digits ? ` or ${phone} like ?` : ''})`;
    bindings.push(likeContains(query.q));
    if (digits) bindings.push(`%${digits}%`);
  }
  const offset = (query.page - 1) * query.pageSize;
  const [rows, counted] = await Promise.all([
    knex.raw(`select ${position} as position, ${phone} as phone, ${name} as name from ${elements} where ${where} order by ${position} limit ? offset ?`, [
      ...bindings,
      query.pageSize,
      offset,
    ] as never),
    knex.raw(`select count(*) as n from ${elements} where ${where}`, bindings as never),
  ]);
  const list = (pg ? rows.rows : rows) as Array<{ position: number | string; phone: string; name: string | null }>;
  const total = Number(((pg ? counted.rows : counted) as Array<{ n: number | string }>)[0]?.n ?? 0);
  return {
    data: list.map((r) => ({ position: Number(r.position), phoneNumber: r.phone, name: r.name ?? null })),
    meta: {
      pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(total / query.pageSize), total },
      recipientCount: Number(campaign.recipient_count ?? 0),
    },
  };
}
