import { MIGRATION_LOCK_KEY, MIGRATIONS } from './migrations';
import type { Migration } from './migrations';
import type { SqlConnection } from './sql-connection';

/** What `migrate` applied. */
export interface MigrationResult {
  applied: number[];
  current: number;
}

/** Applies the migrations not yet recorded, in one transaction: all of them or none. */
export async function migrate(db: SqlConnection, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrationResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`CREATE TABLE IF NOT EXISTS sopflow_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM sopflow_migrations');
    const done = new Set(rows.map((row) => Number(row.version)));
    const known = Math.max(0, ...migrations.map((migration) => migration.version));
    const newest = Math.max(0, ...done);
    if (newest > known) {
      throw new Error(`the archive database is at schema version ${newest}, newer than this sopflow knows (${known}); upgrade sopflow`);
    }
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO sopflow_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied.push(migration.version);
    }
    return { applied, current: Math.max(newest, ...applied) };
  });
}
