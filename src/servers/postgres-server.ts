import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { freePort } from './free-port';
import { postgresRunAs } from './postgres-user';
import type { RunAs } from './postgres-user';

/** Where Debian's PostgreSQL 15 puts its programs; `SOPFLOW_POSTGRES_BIN` points elsewhere. */
export const POSTGRES_BIN_DIR = '/usr/lib/postgresql/15/bin';

/** A PostgreSQL server started for tests or benches, in a temporary directory. */
export interface PostgresServerHandle {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres`. */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server, keeping its data (a database outage). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  destroy(): Promise<void>;
}

/**
 * Starts a real PostgreSQL server: initdb into a fresh temporary directory (about 1 s), then
 * `postgres` on a free loopback port with durability off (test data is throwaway). As root it
 * runs as the unprivileged `postgres` user. The server is killed if this process exits.
 */
export async function startPostgresServer(): Promise<PostgresServerHandle> {
  const bin = process.env['SOPFLOW_POSTGRES_BIN'] ?? POSTGRES_BIN_DIR;
  if (!existsSync(join(bin, 'initdb'))) {
    throw new Error(`PostgreSQL 15 is not installed: no ${join(bin, 'initdb')} (Debian: apt-get install -y postgresql-15; or set SOPFLOW_POSTGRES_BIN)`);
  }
  const runAs = await postgresRunAs();
  const root = await mkdtemp(join(tmpdir(), 'sopflow-pg-'));
  if (runAs) await chown(root, runAs.uid, runAs.gid);
  const dataDir = join(root, 'data');
  await runToEnd(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], runAs);
  const port = await freePort();
  let child: ChildProcess | undefined;
  const kill = (): void => {
    child?.kill('SIGKILL');
  };
  process.on('exit', kill);

  const start = async (): Promise<void> => {
    const args = ['-D', dataDir, '-p', String(port), '-k', root, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
    const server = spawn(join(bin, 'postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'], ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}) });
    child = server;
    let log = '';
    server.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`PostgreSQL exited at start (${server.exitCode}):\n${log}`);
      if (await answers(port)) return;
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections on port ${port} within 30 s:\n${log}`);
      await sleep(100);
    }
  };
  const stop = async (): Promise<void> => {
    const server = child;
    child = undefined;
    if (!server || server.exitCode !== null) return;
    const exited = new Promise<void>((done) => server.once('exit', () => done()));
    server.kill('SIGINT'); // fast shutdown
    await Promise.race([exited, sleep(10_000).then(() => server.kill('SIGKILL'))]);
    await exited;
  };
  try {
    await start();
  } catch (error) {
    await stop();
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    start,
    stop,
    async destroy() {
      await stop();
      process.removeListener('exit', kill);
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function answers(port: number): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function runToEnd(command: string, args: string[], runAs: RunAs | undefined): Promise<void> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}) });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((done, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => done(exitCode));
  });
  if (code !== 0) throw new Error(`${command} failed (${code}):\n${output.slice(-2000)}`);
}
