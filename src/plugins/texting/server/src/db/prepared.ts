import crypto from 'crypto';

/**
 * Named prepared statements on PostgreSQL. knex sends every statement unnamed, so PostgreSQL parses and plans
 * it on every run; for the few statements run on every request whose plan costs more than their execution
 * (the routing read, the Phone Numbers page's rows), a name lets each pooled connection plan once. The name
 * is derived from the SQL text, so one text has one name on every connection and two texts never share one.
 * Only for statements whose text has a fixed shape (values as bindings, lists as one array binding): each
 * distinct text stays prepared on every connection for the connection's life.
 */
const names = new Map<string, string>();

export function preparedName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `texting_${crypto.createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    names.set(sql, name);
  }
  return name;
}

/** A list of integer ids as one PostgreSQL array binding (`= any(?::int[])`): the text is the same for any length. */
export const intArray = (ids: number[]) => `{${ids.map((id) => Math.trunc(Number(id))).join(',')}}`;
