/** Rows of one statement. */
export interface SqlResult<Row> {
  rows: Row[];
}

/** Runs one parameterised statement ($1, $2, …). */
export interface SqlQuery {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<Row>>;
}

/**
 * The little the archive needs from a PostgreSQL driver: statements, transactions, closing. Both
 * `pg` (a server) and PGlite (embedded) provide it, so the archive's SQL is written once.
 */
export interface SqlConnection extends SqlQuery {
  transaction<T>(work: (tx: SqlQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
