import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { TextingConfig } from '../config';
import { runOnce } from '../jobs/run-once';

/**
 * Webhook replay (issue 10): a signature's nonce is accepted once. A V2 signature covers only the URL and
 * the nonce, so headers copied from one real request would otherwise sign any body for ever.
 *
 * The store is a plain table, `texting_webhook_nonces (nonce primary key, expires_at epoch ms)`, shared by
 * every instance: a nonce is claimed with `INSERT … ON CONFLICT DO NOTHING RETURNING`, so of two
 * instances receiving the same headers at once exactly one gets the row. It is not a content type: nothing
 * but the webhooks reads it, and Strapi's schema sync leaves tables it did not create alone.
 *
 * Plivo retries a failed callback, and a retry that carries the same signature must not be refused as a
 * replay — a text owed must not be lost. So an inbound text claims its nonce inside the transaction that
 * stores it (the group commit, services/routing/group-commit.ts): a failure rolls the claim back with the
 * text, and there is nothing to give back. A delivery report claims it on its own and gives it back when
 * handling fails (`releaseNonce`).
 * Entries expire after TEXTING_NONCE_TTL_HOURS (default 720 = 30 days) and a job prunes them; a replay
 * after that is refused by MessageUUID deduplication for anything Plivo signed with V3 (which covers the
 * body), and is the remaining window for V2.
 */
export const NONCE_TABLE = 'texting_webhook_nonces';
export const NONCE_PRUNE_JOB = 'textingNoncePrune';

const ttlMs = () => {
  const hours = Number(process.env.TEXTING_NONCE_TTL_HOURS ?? 720);
  return (Number.isFinite(hours) && hours > 0 ? hours : 720) * 3600_000;
};

export async function ensureNonceTable(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  if (await knex.schema.hasTable(NONCE_TABLE)) return;
  try {
    await knex.schema.createTable(NONCE_TABLE, (t) => {
      t.string('nonce', 255).primary();
      t.bigInteger('expires_at').notNullable().index(`${NONCE_TABLE}_exp_idx`);
    });
  } catch (err) {
    // Another instance booting at the same moment created it first.
    if (!(await knex.schema.hasTable(NONCE_TABLE))) throw err;
  }
}

const rowsOf = (result: unknown): unknown[] =>
  Array.isArray(result) ? result : ((result as { rows?: unknown[] } | undefined)?.rows ?? []);

/** True when this request is the first to present the nonce (and it is now stored); false for a replay. */
export async function claimNonce(strapi: Core.Strapi, key: string, now = Date.now()): Promise<boolean> {
  return (await claimNonces(strapi.db.connection as unknown as Knex, [key], now)).has(key);
}

/**
 * Claims several nonces in one statement, in `runner` (the transaction that must own the claims: they
 * commit or roll back with it). Returns the ones this call stored; the others were already taken.
 */
export async function claimNonces(runner: Knex | Knex.Transaction, keys: string[], now = Date.now()): Promise<Set<string>> {
  const distinct = [...new Set(keys)];
  if (!distinct.length) return new Set();
  const expires = now + ttlMs();
  const result = await runner.raw(
    `insert into ${NONCE_TABLE} (nonce, expires_at) values ${distinct.map(() => '(?, ?)').join(', ')} on conflict (nonce) do nothing returning nonce`,
    distinct.flatMap((k) => [k, expires])
  );
  return new Set(rowsOf(result).map((r) => String((r as { nonce: string }).nonce)));
}

/** Gives a claim back (the request failed and Plivo will retry it with the same signature). */
export async function releaseNonce(strapi: Core.Strapi, key: string) {
  await strapi.db.connection(NONCE_TABLE).where({ nonce: key }).delete();
}

export async function pruneNonces(strapi: Core.Strapi, now = Date.now()): Promise<number> {
  return strapi.db.connection(NONCE_TABLE).where('expires_at', '<', now).delete();
}

/** Hourly; any instance may prune (deleting expired rows twice is harmless). */
export function scheduleNoncePruneJob(strapi: Core.Strapi) {
  if (!(strapi.config.get('plugin::texting') as TextingConfig).jobs) return;
  const task = runOnce(strapi, 'Nonce pruning', async () => {
    const pruned = await pruneNonces(strapi);
    if (pruned) strapi.log.debug(`[texting] Pruned ${pruned} expired webhook nonce(s).`);
  });
  strapi.cron.add({ [NONCE_PRUNE_JOB]: { task, options: { rule: '17 * * * *' } } });
}
