import { Pool } from 'pg';
import type { SqlConnection, SqlQuery, SqlResult } from './sql-connection';

/** A PostgreSQL server through a `pg` pool: several workers and web servers share one database. */
export async function connectPostgres(url: string, options: { max?: number } = {}): Promise<SqlConnection> {
  const pool = new Pool({ connectionString: url, max: options.max ?? 5, connectionTimeoutMillis: 10_000 });
  // An idle client whose server went away emits 'error' on the pool; the next query reconnects.
  pool.on('error', () => undefined);
  const client = await pool.connect();
  client.release();
  const query = async <Row>(sql: string, params?: unknown[]): Promise<SqlResult<Row>> => {
    const result = await pool.query(sql, params as unknown[]);
    return { rows: result.rows as Row[] };
  };
  return {
    query,
    async transaction<T>(work: (tx: SqlQuery) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async <Row>(sql: string, params?: unknown[]) => ({ rows: (await client.query(sql, params as unknown[])).rows as Row[] }),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** A connection URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unreadable SOPFLOW_DATABASE_URL)';
  }
}
