import type { Client } from 'pg';

/** Types of scripts/pg.js for the TypeScript tests. */
export function withPg<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T>;
