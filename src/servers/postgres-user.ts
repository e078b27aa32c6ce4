import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { logServers } from './log';

const run = promisify(execFile);

/** The unprivileged account PostgreSQL runs as when sopflow runs as root (initdb refuses root). */
export const POSTGRES_USER = 'postgres';

/** A user id and group id to run the server as; undefined: run as this process's user. */
export interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

/**
 * Who runs PostgreSQL: this process's own user when it is not root; as root, the `postgres`
 * account, created (a system user without login) if the machine has none. Only root can create
 * it; anything else that goes wrong says what to do.
 */
export async function postgresRunAs(): Promise<RunAs | undefined> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  let found = await lookup(POSTGRES_USER);
  if (!found) {
    logServers(`creating the system user '${POSTGRES_USER}' to run PostgreSQL (initdb refuses to run as root)`);
    try {
      await run('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', POSTGRES_USER]);
    } catch (error) {
      throw new Error(
        `PostgreSQL cannot run as root and there is no '${POSTGRES_USER}' user; creating it with useradd failed: ${(error as Error).message}. ` +
          `Create an unprivileged '${POSTGRES_USER}' user, or run the tests as a non-root user.`,
      );
    }
    found = await lookup(POSTGRES_USER);
    if (!found) throw new Error(`the user '${POSTGRES_USER}' was created but cannot be found`);
  }
  return found;
}

async function lookup(name: string): Promise<RunAs | undefined> {
  try {
    const uid = Number((await run('id', ['-u', name])).stdout.trim());
    const gid = Number((await run('id', ['-g', name])).stdout.trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid, name } : undefined;
  } catch {
    return undefined;
  }
}
