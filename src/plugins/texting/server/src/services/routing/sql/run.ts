import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { isPostgres, preparedName } from '../../../db';
import { compileStatements, type Statements } from './statements';

export type Runner = Knex | Knex.Transaction;
export type Row = Record<string, unknown>;

/** What every function of the hot path needs: the database, its statements (compiled on first use), and their prepared names. */
export interface SqlContext {
  isPg: () => boolean;
  knex: () => Knex;
  statements: () => Statements;
}

export function createSqlContext(strapi: Core.Strapi): SqlContext {
  let compiled: Statements | null = null;
  return {
    isPg: () => isPostgres(strapi),
    knex: () => strapi.db.connection as unknown as Knex,
    statements: () => (compiled ??= compileStatements(strapi)),
  };
}

/**
 * Runs a statement, whichever driver. On PostgreSQL it is a named prepared statement (knex hands
 * `options` to pg), so each pooled connection parses and plans it once: planning the routing read
 * costs more than running it.
 */
export function runStatement(context: SqlContext, runner: Runner, sql: string, bindings: unknown[]) {
  const raw = runner.raw(sql, bindings as Knex.RawBinding[]);
  if (!context.isPg()) return raw;
  return (raw as unknown as { options(o: Record<string, unknown>): typeof raw }).options({ name: preparedName(sql) });
}

/** Rows of a statement, whichever driver ran it. */
export async function selectRows(context: SqlContext, runner: Runner, sql: string, bindings: unknown[]): Promise<Row[]> {
  const result = (await runStatement(context, runner, sql, bindings)) as unknown;
  if (Array.isArray(result)) return result as Row[];
  return ((result as { rows?: Row[] }).rows ?? []) as Row[];
}

/** A statement run as it is, without a prepared name: SQLite's one-statement-per-table writes, whose text varies per row. */
export function runUnnamed(runner: Runner, sql: string, bindings: unknown[]) {
  return runner.raw(sql, bindings as Knex.RawBinding[]);
}
