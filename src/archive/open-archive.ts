import { resolve } from 'node:path';
import { connectEmbedded, connectEmbeddedInMemory } from './embedded-connection';
import { connectPostgres, redactUrl } from './postgres-connection';
import { SqlArchiveStore } from './sql-archive-store';
import type { ArchiveStore } from './types';

/** Where the embedded archive lives when nothing else is configured. */
export const DEFAULT_EMBEDDED_ARCHIVE_DIR = '.sopflow/archive';

/** How to reach the archive. */
export interface ArchiveOptions {
  /** A PostgreSQL URL; default `SOPFLOW_DATABASE_URL`. */
  url?: string;
  /** The embedded archive's directory when there is no URL; default `SOPFLOW_ARCHIVE_DIR`, else `.sopflow/archive`. */
  dir?: string;
}

/** The archive on a PostgreSQL server. */
export function postgresArchive(url: string): ArchiveStore {
  return new SqlArchiveStore(redactUrl(url), () => connectPostgres(url));
}

/** The embedded archive (PGlite) persisted in a directory. */
export function embeddedArchive(dir: string = DEFAULT_EMBEDDED_ARCHIVE_DIR): ArchiveStore {
  const path = resolve(dir);
  return new SqlArchiveStore(path, () => connectEmbedded(path));
}

/** An embedded archive in memory, gone when closed (tests, throwaway runs). */
export function inMemoryArchive(): ArchiveStore {
  return new SqlArchiveStore('memory', connectEmbeddedInMemory);
}

/**
 * The archive this process should use: the PostgreSQL server of `SOPFLOW_DATABASE_URL` (or
 * `options.url`) when set, else the embedded one under `.sopflow/`. Nothing is opened yet: the
 * first call (or `ready()`) connects and migrates.
 */
export function openArchive(options: ArchiveOptions = {}, env: NodeJS.ProcessEnv = process.env): ArchiveStore {
  const url = options.url ?? env['SOPFLOW_DATABASE_URL'];
  if (url !== undefined && url.trim() !== '') {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error(`SOPFLOW_DATABASE_URL must be a postgres:// or postgresql:// URL, not '${redactUrl(url)}'`);
    }
    return postgresArchive(url);
  }
  return embeddedArchive(options.dir ?? env['SOPFLOW_ARCHIVE_DIR'] ?? DEFAULT_EMBEDDED_ARCHIVE_DIR);
}
