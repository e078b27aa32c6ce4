import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime } from '@temporalio/worker';
import type { TicketActivityDeps } from '../src/activities/ticket-activities';
import type { NotificationRequest } from '../src/notify/notification-request';
import { startDevServer } from '../src/servers';
import type { DevServerHandle } from '../src/servers';
import { ticketSearchAttributeTypes } from '../src/ticket/search-attributes';

/*
 * What the Temporal benchmarks (tickets, timers) share: one real dev server on SQLite in a
 * temporary directory, connections to it, in-process activity dependencies that return at
 * once, and a little statistics.
 */

/** One event of a workflow's history, as `fetchHistory` returns it. */
export type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** A dev server with a client and a worker connection, for one benchmark section. */
export interface BenchServer {
  server: DevServerHandle;
  client: Client;
  workerConnection: NativeConnection;
}

let runtimeInstalled = false;
/** Warnings and errors the SDK (TypeScript and Rust core) logged, by message, since the last {@link takeSdkWarnings}. */
const sdkWarnings = new Map<string, number>();

/**
 * Workers log every workflow start at INFO; a benchmark only wants warnings and errors, and
 * those counted rather than interleaved with the figures (a loaded machine makes the SDK warn
 * about workflow tasks that timed out while queued, for instance).
 */
export function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN', (entry) => {
        const message = entry.message.split('\n')[0]!.slice(0, 120);
        // Which worker said it, when the SDK tells: the bench runs a sopflow and a baseline worker side by side.
        const queue = entry.meta?.['taskQueue'] ?? entry.meta?.['task_queue'];
        const key = `${entry.level}${typeof queue === 'string' ? ` [${queue.replace(/-[0-9a-z]+$/, '')}]` : ''} ${message}`;
        sdkWarnings.set(key, (sdkWarnings.get(key) ?? 0) + 1);
      }),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }), forward: {} } },
    });
  } catch {
    // Already installed by whoever loaded us first: their logger stays.
  }
}

/** A line summing up the SDK's warnings since the last call (and forgetting them), or undefined for none. */
export function takeSdkWarnings(): string | undefined {
  if (sdkWarnings.size === 0) return undefined;
  const total = [...sdkWarnings.values()].reduce((sum, count) => sum + count, 0);
  const top = [...sdkWarnings.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([message, count]) => `${count}x "${message}"`)
    .join('; ');
  sdkWarnings.clear();
  return `${total} Temporal SDK warnings/errors: ${top}`;
}

/**
 * Starts one dev server (`port: 0`, `uiPort: 0`, the ticket search attributes) on a fresh
 * temporary data directory, runs `body` against it, and stops and deletes it afterwards.
 */
export async function withBenchServer<T>(body: (bench: BenchServer) => Promise<T>): Promise<T> {
  quietTemporalRuntime();
  const dataDir = mkdtempSync(join(tmpdir(), 'sopflow-bench-'));
  const server = await startDevServer({ dataDir, port: 0, uiPort: 0, searchAttributes: ticketSearchAttributeTypes });
  let connection: Connection | undefined;
  let workerConnection: NativeConnection | undefined;
  try {
    connection = await Connection.connect({ address: server.address });
    workerConnection = await NativeConnection.connect({ address: server.address });
    const client = new Client({ connection, namespace: server.namespace });
    return await body({ server, client, workerConnection });
  } finally {
    await workerConnection?.close().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Activity calls the no-op dependencies saw, by activity and notification kind. */
export interface DepCalls {
  notify: number;
  pickAssignee: number;
  reportOwner: number;
}

/**
 * Ticket activity dependencies that do nothing but return at once (still real async
 * functions run by real activities), so a benchmark measures the engine and Temporal rather
 * than an SMTP server or an agent directory. `pickAssignee` names an agent of the tier, as a
 * directory with someone present would: the happy path. (Finding nobody is a failure path:
 * the ticket records it and tells the team, which costs the same notification.)
 */
export function noopTicketDeps(onNotify?: (request: NotificationRequest) => void): { deps: TicketActivityDeps; calls: DepCalls } {
  const calls: DepCalls = { notify: 0, pickAssignee: 0, reportOwner: 0 };
  const deps: TicketActivityDeps = {
    async notify(request) {
      calls.notify += 1;
      onNotify?.(request);
      return { delivered: [], skipped: [] };
    },
    async pickAssignee(request) {
      calls.pickAssignee += 1;
      return { agent: `bench-${request.tier.toLowerCase()}` };
    },
    async reportOwner() {
      calls.reportOwner += 1;
    },
  };
  return { deps, calls };
}

/** Runs `task(0..count-1)` with at most `concurrency` in flight; rejects on the first failure. */
export async function runPool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

/** The `p`-th percentile (0..100) of the values, nearest-rank; NaN for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** Milliseconds since the epoch of a protobuf timestamp (seconds may be a Long). */
export function timestampMs(ts: HistoryEvent['eventTime']): number {
  if (!ts) return Number.NaN;
  return Number(String(ts.seconds ?? 0)) * 1000 + (ts.nanos ?? 0) / 1e6;
}

/** The type of a history event, read from the attributes it carries, e.g. `TimerStarted`. */
export function historyEventType(event: HistoryEvent): string {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventAttributes') && value) {
      const name = key.slice(0, -'EventAttributes'.length);
      return name.charAt(0).toUpperCase() + name.slice(1);
    }
  }
  return `EventType${String(event.eventType)}`;
}

/**
 * CPU time (user + system, ms) used so far by the dev server process and by this process (the
 * workers and the client), to show where a benchmark's time goes. The server's is read from
 * /proc (Linux; the process whose command line names the server's database file), else NaN.
 */
export function cpuMeter(server: DevServerHandle): () => { serverMs: number; benchMs: number } {
  const pid = readdirSync('/proc', { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d+$/.test(entry.name))
    .map((entry) => entry.name)
    .find((candidate) => {
      try {
        return readFileSync(`/proc/${candidate}/cmdline`, 'utf8').split('\0').includes(server.dbFile);
      } catch {
        return false;
      }
    });
  const serverMs = (): number => {
    if (!pid) return Number.NaN;
    try {
      // Fields after the command name: utime and stime are the 14th and 15th, in clock ticks (100 per second on Linux).
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(fields[11]) + Number(fields[12])) / 100) * 1000;
    } catch {
      return Number.NaN;
    }
  };
  return () => {
    const usage = process.cpuUsage();
    return { serverMs: serverMs(), benchMs: (usage.user + usage.system) / 1000 };
  };
}

/** Milliseconds with one decimal. */
export function ms(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : 'n/a';
}
