import type { Knex } from 'knex';
import { newDocumentId } from '../../../db';
import type { Ref } from '../effective';
import { runStatement, selectRows, type Row, type Runner, type SqlContext } from './run';
import type { BatchSnapshot, ContactLocked, Snapshot } from './types';

/** One text of a batch, as the batch's read keys it. */
export interface BatchText {
  to: string;
  from: string;
  uuid: string;
}

const textOrNull = (value: unknown) => (value == null ? null : String(value));
const parseRef = (row: Row): Ref => ({ id: Number(row.id), documentId: String(row.document_id), name: String(row.name) });

export async function messageExists(context: SqlContext, messageUuid: string, runner: Runner = context.knex()): Promise<boolean> {
  return (await selectRows(context, runner, context.statements().messageExists, [messageUuid])).length > 0;
}

/** A text's rows of the snapshot statement (statements.ts: kinds n, o, g, p, a, c and their columns) as routing's objects. */
function parseSnapshot(list: Row[], to: string, from: string): Omit<Snapshot, 'contact'> & { contact: ContactLocked | null } {
  const numberRow = list.find((row) => row.kind === 'n')!;
  const contactRow = list.find((row) => row.kind === 'a');
  return {
    number: {
      id: Number(numberRow.id),
      documentId: String(numberRow.document_id),
      phoneNumber: to,
      name: textOrNull(numberRow.name),
      responseType: numberRow.t1 === 'agent' ? 'agent' : 'bot',
      office: numberRow.i1
        ? {
            id: Number(numberRow.i1),
            documentId: String(numberRow.t2),
            name: String(numberRow.t3),
            helpText: textOrNull(numberRow.t4),
            botFallback: textOrNull(numberRow.t5),
            handoffKeywords: textOrNull(numberRow.t6),
          }
        : null,
      inboxOffices: list.filter((row) => row.kind === 'o').map(parseRef),
      inboxAgents: list.filter((row) => row.kind === 'g').map(parseRef),
    },
    liveCampaignIds: list.filter((row) => row.kind === 'p').map((row) => Number(row.id)),
    contact: contactRow
      ? {
          id: Number(contactRow.id),
          documentId: String(contactRow.document_id),
          phoneNumber: from,
          name: textOrNull(contactRow.name),
          optedOut: Boolean(contactRow.b1),
        }
      : null,
    open: list
      .filter((row) => row.kind === 'c')
      .map((row) => ({
        id: Number(row.id),
        documentId: String(row.document_id),
        handler: row.t1 === 'bot' ? 'bot' : 'agent',
        status: row.t2 === 'closed' ? 'closed' : 'open',
        campaign: row.i1 ? { id: Number(row.i1) } : null,
        inboxOffice: row.i2 ? { id: Number(row.i2), documentId: String(row.t3), name: String(row.t4) } : null,
        inboxAgent: row.i3 ? { id: Number(row.i3), documentId: String(row.t5), name: String(row.t6) } : null,
      })),
  };
}

/**
 * What routing needs, read in the routing transaction (see the snapshot statement in statements.ts). The
 * contact is created on first contact (`ON CONFLICT DO NOTHING`: a campaign import may create it at the same
 * moment). 'duplicate' when this MessageUUID is already stored; null when the number is not ours.
 */
export async function readSnapshot(
  context: SqlContext,
  trx: Knex.Transaction,
  to: string,
  from: string,
  now: Date,
  messageUuid: string
): Promise<Snapshot | 'duplicate' | null> {
  const statements = context.statements();
  const bindings = [to, from, now, messageUuid];
  let list = await selectRows(context, trx, statements.snapshot, bindings);
  if (list.some((row) => row.kind === 'd')) return 'duplicate';
  if (!list.some((row) => row.kind === 'n')) return null;
  if (!list.some((row) => row.kind === 'a')) {
    await runStatement(context, trx, statements.insertContact, [newDocumentId(), from, false, now, now, now]);
    list = await selectRows(context, trx, statements.snapshot, bindings);
  }
  const snapshot = parseSnapshot(list, to, from);
  if (!snapshot.contact) throw new Error(`[texting] could not create the contact ${from}`);
  return snapshot as Snapshot;
}

/**
 * `readSnapshot` for every text of a batch in one statement (PostgreSQL; SQLite answers null: there each text
 * reads alone, in process). Taken after the batch holds its contacts' locks; the contacts of texts to our
 * numbers are created first when new (`ON CONFLICT DO NOTHING`, as `readSnapshot` does). A contact's second
 * text in the batch must read alone (after its first text's writes); the caller sees to that.
 */
export async function readSnapshots(context: SqlContext, trx: Knex.Transaction, texts: BatchText[], now: Date): Promise<BatchSnapshot[] | null> {
  if (!context.isPg()) return null;
  const statements = context.statements();
  const input = JSON.stringify(texts.map((text) => ({ to_n: text.to, from_n: text.from, uuid: text.uuid })));
  let read = parseBatch(await selectRows(context, trx, statements.snapshotBatch, [input, now]), texts);
  // First texts of new contacts: create them all in one statement, then read again.
  const missing = [...new Set(texts.filter((_, i) => read[i] === undefined).map((text) => text.from))];
  if (missing.length) {
    const created = JSON.stringify(missing.map((phone) => ({ doc: newDocumentId(), phone })));
    await runStatement(context, trx, statements.insertContacts, [now, now, now, created]);
    read = parseBatch(await selectRows(context, trx, statements.snapshotBatch, [input, now]), texts);
  }
  return read;
}

/** The batch statement's rows, grouped by kind and key (`k`), as each text's snapshot. */
function parseBatch(found: Row[], texts: BatchText[]): BatchSnapshot[] {
  const byKey = new Map<string, Row[]>();
  for (const row of found) {
    const key = `${String(row.kind)} ${String(row.k)}`;
    const group = byKey.get(key);
    if (group) group.push(row);
    else byKey.set(key, [row]);
  }
  const rowsOf = (kind: string, key: string) => byKey.get(`${kind} ${key}`) ?? [];
  return texts.map((text) => {
    if (byKey.has(`d ${text.uuid}`)) return 'duplicate';
    if (!byKey.has(`n ${text.to}`)) return null;
    if (!byKey.has(`a ${text.from}`)) return undefined;
    const list = [
      ...rowsOf('n', text.to),
      ...rowsOf('o', text.to),
      ...rowsOf('g', text.to),
      ...rowsOf('p', text.to),
      ...rowsOf('a', text.from),
      ...rowsOf('c', `${text.from} ${text.to}`),
    ];
    return parseSnapshot(list, text.to, text.from) as Snapshot;
  });
}
