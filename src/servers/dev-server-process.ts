import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { ensureDevServerBinary } from './dev-server-binary';
import { assertPortFree, freePort } from './free-port';
import { isPortRace, startFailureCause } from './dev-server-start-failure';
import { logServers } from './log';
import type { SearchAttributeDefinitions } from './search-attribute-types';

/**
 * The dev server's SQLite store commits every transaction (each workflow task, each visibility
 * write) with SQLite's defaults: a rollback journal and two or three fsyncs per commit. Under a
 * burst of tickets that was ~40 % of the server's CPU (perf: `_full_fsync`, `_syncJournal` and
 * the kernel's block writes). A write-ahead log with `synchronous=normal` syncs only when the log
 * is checkpointed: a killed or restarted server loses nothing (the log is in the file system
 * already), only a power cut or an OS crash may lose the last transactions, which is right for
 * a development and demo server (a cluster has its own database).
 */
const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

/** Options for {@link startDevServer}. */
export interface DevServerOptions {
  /** Directory holding the SQLite file `temporal.db` (kept across restarts) and the server log. */
  dataDir: string;
  /** Frontend gRPC port; 0 picks a free one. Default 7233. */
  port?: number;
  /** Web UI port; 0 picks a free one. Default `port + 1000`. */
  uiPort?: number;
  /** Namespace created at launch. Default `default`. */
  namespace?: string;
  /** Custom search attributes to register, e.g. `{ TicketId: 'Keyword' }`. */
  searchAttributes?: SearchAttributeDefinitions;
  /** Server log level. Default `warn`. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'never';
  /** How long to wait for the frontend to answer. Default 60 s. */
  startTimeoutMs?: number;
  /** `temporal` CLI to run. Default {@link ensureDevServerBinary}. */
  executable?: string;
}

/** A running dev server started by {@link startDevServer}. */
export interface DevServerHandle {
  /** gRPC address for `Connection.connect` / `NativeConnection.connect`, e.g. `127.0.0.1:7233`. */
  address: string;
  uiUrl: string;
  namespace: string;
  dbFile: string;
  logFile: string;
  /** Sends SIGTERM (SIGKILL after 15 s) and resolves once the process has exited. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 15_000;

/** How often a start whose automatically chosen port was taken meanwhile is tried again. */
const PORT_RACE_ATTEMPTS = 3;

/**
 * Starts `temporal server start-dev` on a SQLite file and resolves once its frontend answers.
 * A port picked as free (`0`, or one the CLI picks for itself) can be taken by another process
 * before the server binds it; such a start is tried again with new ports. A port the caller
 * named is never replaced: that start fails with the server's "address already in use".
 */
export async function startDevServer(opts: DevServerOptions): Promise<DevServerHandle> {
  // The defaults are named ports too: a busy 7233 is someone else's server, not a race.
  const port = opts.port ?? 7233;
  const namedPorts = [port, opts.uiPort ?? port + 1000].filter((named) => named !== 0);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServerOnce(opts);
    } catch (err) {
      const message = (err as Error).message;
      if (!isPortRace(message, namedPorts) || attempt === PORT_RACE_ATTEMPTS) throw err;
      logServers(`the dev server lost a port race while it started (${startFailureCause(message) ?? 'port taken'}); trying again with new ports`);
    }
  }
}

async function startDevServerOnce(opts: DevServerOptions): Promise<DevServerHandle> {
  const executable = opts.executable ?? (await ensureDevServerBinary());
  const dataDir = resolve(opts.dataDir);
  await mkdir(dataDir, { recursive: true });
  const port = opts.port === 0 ? await freePort() : (opts.port ?? 7233);
  const uiPort = opts.uiPort === 0 ? await freePort() : (opts.uiPort ?? port + 1000);
  await assertPortFree(port);
  await assertPortFree(uiPort);
  const namespace = opts.namespace ?? 'default';
  const dbFile = join(dataDir, 'temporal.db');
  const logFile = join(dataDir, 'temporal-server.log');
  const searchAttributes = opts.searchAttributes ?? {};
  const args = [
    'server', 'start-dev',
    '--db-filename', dbFile,
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--ui-port', String(uiPort),
    '--namespace', namespace,
    '--log-level', opts.logLevel ?? 'warn',
    ...SQLITE_PRAGMAS.flatMap((pragma) => ['--sqlite-pragma', pragma]),
    ...Object.entries(searchAttributes).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
  ];

  logServers(`starting temporal dev server on 127.0.0.1:${port} (db ${dbFile})`);
  const started = Date.now();
  // Output goes straight to a file: no pipe for us to drain, and it is there to read when startup fails.
  const logFd = openSync(logFile, 'a');
  const child = spawn(executable, args, { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  let exitInfo: string | undefined;
  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exitInfo = signal ? `signal ${signal}` : `exit code ${code}`;
      resolveExit();
    });
    child.once('error', (err) => {
      exitInfo = err.message;
      resolveExit();
    });
  });
  // If our process exits without calling stop(), do not leave an orphaned server holding the ports.
  const killOnExit = (): void => {
    if (exitInfo === undefined) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async (): Promise<void> => {
    if (exitInfo === undefined) {
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(forced);
    }
    process.removeListener('exit', killOnExit);
  };

  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilReady(address, namespace, Object.keys(searchAttributes), opts.startTimeoutMs ?? 60_000, () => exitInfo);
    // Only trust the answer if it came from our process, not from something that took the port meanwhile.
    if (exitInfo !== undefined) throw new Error(`server process ended (${exitInfo})`);
  } catch (err) {
    await stop();
    const log = await readFile(logFile, 'utf8').catch(() => '');
    const cause = startFailureCause(log);
    const tail = log.trim().split('\n').slice(-15).join('\n');
    throw new Error(
      `temporal dev server did not start: ${(err as Error).message}` +
        (cause === undefined ? '' : `\ncause: ${cause}`) +
        `\nlog ${logFile}:\n${tail}`,
    );
  }
  logServers(`temporal dev server ready at ${address} in ${Date.now() - started} ms (UI http://127.0.0.1:${uiPort})`);
  return { address, uiUrl: `http://127.0.0.1:${uiPort}`, namespace, dbFile, logFile, stop };
}

/** Polls until the frontend serves the namespace and knows every requested search attribute. */
async function waitUntilReady(
  address: string,
  namespace: string,
  searchAttributeNames: string[],
  timeoutMs: number,
  exitInfo: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'not attempted';
  for (;;) {
    const exit = exitInfo();
    if (exit !== undefined) throw new Error(`server process ended (${exit})`);
    if (Date.now() > deadline) throw new Error(`no answer on ${address} within ${timeoutMs} ms (${lastError})`);
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.workflowService.describeNamespace({ namespace });
      if (searchAttributeNames.length > 0) {
        // The namespace can be served a moment before its search attributes are registered.
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
        const missing = searchAttributeNames.filter((name) => !customAttributes?.[name]);
        if (missing.length > 0) throw new Error(`search attributes not registered yet: ${missing.join(', ')}`);
      }
      return;
    } catch (err) {
      lastError = (err as Error).message;
    } finally {
      await connection?.close().catch(() => undefined);
    }
    await sleep(250);
  }
}
