import path from 'path';

export default ({ env }: { env: any }) => {
  const client = env('DATABASE_CLIENT', 'sqlite');
  if (client === 'postgres') {
    const url = env('DATABASE_URL', '');
    // PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost. Tables never analyzed (a
    // fresh or small database: autovacuum analyzes a table only after 50 changed rows) get default estimates
    // that pass it, so the Phone Numbers list's 1 ms query spent ~265 ms compiling, on every request. The app's
    // queries are short (lookups by index, pages of a list), which JIT does not repay; DATABASE_JIT=true turns it on.
    const options = env.bool('DATABASE_JIT', false) ? undefined : '-c jit=off';
    return {
      connection: {
        client: 'postgres',
        connection: url
          ? { connectionString: url, ssl: env.bool('DATABASE_SSL', false), options }
          : {
              host: env('DATABASE_HOST', '127.0.0.1'),
              port: env.int('DATABASE_PORT', 5432),
              database: env('DATABASE_NAME', 'strapi'),
              user: env('DATABASE_USERNAME', 'postgres'),
              password: env('DATABASE_PASSWORD', ''),
              ssl: env.bool('DATABASE_SSL', false),
              options,
            },
        pool: { min: env.int('DATABASE_POOL_MIN', 2), max: env.int('DATABASE_POOL_MAX', 10) },
        acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
      },
    };
  }
  if (client !== 'sqlite') {
    throw new Error(`DATABASE_CLIENT must be "sqlite" or "postgres", got "${client}"`);
  }
  return {
    connection: {
      client: 'sqlite',
      connection: {
        filename: path.resolve(process.cwd(), env('DATABASE_FILENAME', '.tmp/data.db')),
      },
      useNullAsDefault: true,
      pool: {
        // WAL with synchronous=NORMAL: a commit is an append, not an fsync of the main file (12.6 ms → 0.02 ms
        // measured here), and readers no longer block the writer. busy_timeout lets concurrent writers wait.
        afterCreate: (conn: { pragma: (sql: string) => unknown }, done: (err: Error | null, conn: unknown) => void) => {
          try {
            conn.pragma('journal_mode = WAL');
            conn.pragma('synchronous = NORMAL');
            conn.pragma('busy_timeout = 5000');
            done(null, conn);
          } catch (e) {
            done(e as Error, conn);
          }
        },
      },
    },
  };
};
