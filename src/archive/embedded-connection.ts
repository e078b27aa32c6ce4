import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ensureCacheSubdir } from '../servers/cache-dir';
import type { SqlConnection, SqlQuery, SqlResult } from './sql-connection';

/** The embedded archive is in use by another process: PGlite has one user at a time. */
export class ArchiveBusyError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `the embedded archive ${dir} is open in process ${pid} (a running 'sopflow demo' or worker); ` +
        'stop it first, or share a PostgreSQL server between processes with SOPFLOW_DATABASE_URL',
    );
    this.name = 'ArchiveBusyError';
  }
}

const OWNER_FILE = 'sopflow-owner.pid';
/** Directories this process has open: the owner file cannot tell two stores of one process apart. */
const openHere = new Set<string>();

/**
 * PGlite (PostgreSQL compiled to WebAssembly) in a directory: the embedded default that needs no
 * server. Its first open of a new directory runs initdb inside WebAssembly (about 6 s here), so a
 * fresh, empty data directory is kept once per machine in the sopflow cache and new archives start
 * from a copy of it (about 1 s); reopening an existing one takes under 1 s. An owner file keeps a
 * second process from opening the same directory, which PGlite does not guard against.
 */
export async function connectEmbedded(dir: string): Promise<SqlConnection> {
  if (openHere.has(dir)) throw new ArchiveBusyError(dir, process.pid);
  await mkdir(dir, { recursive: true });
  await claimOwnership(dir);
  openHere.add(dir);
  const release = async (): Promise<void> => {
    openHere.delete(dir);
    await unlink(join(dir, OWNER_FILE)).catch(() => undefined);
  };
  try {
    const fresh = !existsSync(join(dir, 'PG_VERSION'));
    const template = fresh ? await freshDataDirTemplate() : undefined;
    const db = await PGlite.create(dir, template ? { loadDataDir: new Blob([template]) } : {});
    return wrap(db, async () => {
      await db.close();
      await release();
    });
  } catch (error) {
    await release();
    throw error;
  }
}

/** PGlite in memory, gone when closed: for tests that need a throwaway archive. */
export async function connectEmbeddedInMemory(): Promise<SqlConnection> {
  const template = await freshDataDirTemplate();
  const db = await PGlite.create('memory://', { loadDataDir: new Blob([template]) });
  return wrap(db, () => db.close());
}

function wrap(db: PGlite, close: () => Promise<void>): SqlConnection {
  const query = async <Row>(sql: string, params?: unknown[]): Promise<SqlResult<Row>> => ({ rows: (await db.query<Row>(sql, params)).rows });
  return {
    query,
    async transaction<T>(work: (tx: SqlQuery) => Promise<T>): Promise<T> {
      return db.transaction(async (tx) => work({ query: async <Row>(sql: string, params?: unknown[]) => ({ rows: (await tx.query<Row>(sql, params)).rows }) }));
    },
    close,
  };
}

async function claimOwnership(dir: string): Promise<void> {
  const file = join(dir, OWNER_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (pid && pid !== process.pid && isAlive(pid)) throw new ArchiveBusyError(dir, pid);
      // Left behind by a process that ended without closing: take it over.
      await unlink(file).catch(() => undefined);
    }
  }
  throw new Error(`could not claim the embedded archive ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let templateBytes: Promise<Buffer> | undefined;

/** A freshly initialised, empty PGlite data directory as a tar, built once per machine and PGlite version. */
function freshDataDirTemplate(): Promise<Buffer> {
  templateBytes ??= (async () => {
    const dir = await ensureCacheSubdir('pglite');
    const file = join(dir, `empty-datadir-${PGLITE_VERSION}.tar`);
    const cached = await readFile(file).catch(() => undefined);
    if (cached) return cached;
    const db = await PGlite.create('memory://');
    const bytes = Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer());
    await db.close();
    // Written under a unique name and renamed: a concurrent builder never sees half a file.
    const partial = `${file}.${process.pid}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, file);
    return bytes;
  })();
  templateBytes.catch(() => (templateBytes = undefined));
  return templateBytes;
}

// The template is tied to the PGlite release: data directories are not portable across its builds.
// Its package.json is not exported, so it is read next to the resolved entry point.
const PGLITE_VERSION = (JSON.parse(readFileSync(join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json'), 'utf8')) as { version: string }).version;
