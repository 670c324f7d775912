import type { Core } from '@strapi/strapi';
import { contactIds } from '../../db/messages';
import { dbDate, entityMeta, newDocumentId, rowsOf, tables, UIDS, type Knex, committed } from '../../db';

/**
 * A suppression-list import writes its lines in chunks (IMPORT_CHUNK per transaction), not one transaction per
 * line: at the 10,000-line cap that was 10,000 commits and some 60,000 statements (docs/DECISIONS.md, ops15). Per
 * chunk: the contacts that do not exist yet in one INSERT (outside the transaction, as a STOP creates its contact),
 * then in one transaction the conditional opt-out of every contact of the chunk (`… AND NOT opted_out RETURNING
 * id`: only contacts this statement changed come back, so a STOP or another import changing one meanwhile is
 * counted once, by whoever changed it) and, for each contact it changed, one opt-out log line with the source
 * `import` and its file line — the state and its log commit together, as for a single opt-out (opt-out.ts).
 */
export const IMPORT_CHUNK = 500;

export interface ImportLine {
  /** The line in the file (1-based). */
  line: number;
  e164: string;
}

export interface ChunkLog {
  /** The log line's detail for a file line ("<note> · line 12"). */
  detail: (line: number) => string;
  /** The admin who imported. */
  userId: number | null;
}

const col = (strapi: Core.Strapi, uid: string, attr: string) => entityMeta(strapi, uid).attributes[attr]?.columnName ?? attr;

/** Creates the contacts of `phones` (one statement; one created meanwhile, by a text or another import, is left alone). */
async function createContacts(strapi: Core.Strapi, phones: string[]): Promise<void> {
  const now = dbDate(strapi, Date.now());
  const phone = col(strapi, UIDS.contact, 'phoneNumber');
  const optedOut = col(strapi, UIDS.contact, 'optedOut');
  await strapi.db
    .connection(tables(strapi).contacts)
    .insert(phones.map((p) => ({ document_id: newDocumentId(), [phone]: p, [optedOut]: false, created_at: now, updated_at: now, published_at: now })))
    .onConflict([phone])
    .ignore();
}

/**
 * Opts out the contacts of `lines` (one chunk of valid lines, in file order); answers how many lines changed a
 * contact. A contact named on several lines is changed (and logged) by its first; the others, like contacts
 * already opted out, count as "already opted out".
 */
export async function importChunk(strapi: Core.Strapi, lines: ImportLine[], log: ChunkLog): Promise<number> {
  if (!lines.length) return 0;
  const phones = [...new Set(lines.map((l) => l.e164))];
  const contacts = await contactIds(strapi, phones);
  const missing = phones.filter((p) => !contacts.has(p));
  if (missing.length) {
    await createContacts(strapi, missing);
    for (const [phone, contact] of await contactIds(strapi, missing)) contacts.set(phone, contact);
  }
  const firstLines = new Map<string, ImportLine>();
  for (const l of lines) if (!firstLines.has(l.e164)) firstLines.set(l.e164, l);

  const t = tables(strapi);
  const event = entityMeta(strapi, UIDS.optOutEvent);
  const eventCol = (attr: string) => col(strapi, UIDS.optOutEvent, attr);
  const userLink = event.attributes.user?.joinTable;
  const optedOut = col(strapi, UIDS.contact, 'optedOut');

  const changed = await committed(strapi, async (trx) => {
    const tx = trx as unknown as Knex;
    const now = new Date();
    const ids = phones.map((p) => contacts.get(p)?.id).filter((id): id is number => id !== undefined);
    const updated = rowsOf<{ id: number | string }>(
      await tx(t.contacts)
        .whereIn('id', ids)
        .where((w) => w.where(optedOut, false).orWhereNull(optedOut))
        .update({ [optedOut]: true, [col(strapi, UIDS.contact, 'optedOutAt')]: dbDate(strapi, now) }, ['id'])
    );
    const changedIds = new Set(updated.map((r) => Number(typeof r === 'object' ? r.id : r)));
    const logged = [...firstLines.values()].filter((l) => changedIds.has(contacts.get(l.e164)?.id ?? -1));
    if (!logged.length) return 0;

    const stamp = dbDate(strapi, now);
    const inserted = rowsOf<{ id: number | string }>(
      await tx(event.tableName)
        .insert(
          logged.map((l) => ({
            document_id: newDocumentId(),
            [eventCol('contactPhone')]: l.e164,
            [eventCol('action')]: 'opt_out',
            [eventCol('source')]: 'import',
            [eventCol('detail')]: log.detail(l.line).slice(0, 500),
            created_at: stamp,
            updated_at: stamp,
            published_at: stamp,
          }))
        )
        .returning('id')
    );
    if (log.userId !== null && userLink) {
      const rows = inserted.map((r) => ({
        [userLink.joinColumn.name]: Number(typeof r === 'object' ? r.id : r),
        [userLink.inverseJoinColumn.name]: log.userId,
        ...(userLink.orderColumnName ? { [userLink.orderColumnName]: 1 } : {}),
        ...(userLink.inverseOrderColumnName ? { [userLink.inverseOrderColumnName]: 1 } : {}),
      }));
      await tx(userLink.name).insert(rows);
    }
    return logged.length;
  });
  return Number(changed);
}
