import { Worker } from '@temporalio/worker';
import type { NativeConnection } from '@temporalio/worker';
import type { TicketActivityDeps } from '../activities/ticket-activities';
import { createTicketActivities } from '../activities/ticket-activities';
import { directoryTaskQueue, ticketTaskQueue } from './task-queue';
import { ticketWorkflowBundle } from './workflow-bundle';
import { createDirectoryActivities } from '../activities/directory-activities';
import type { DirectoryActivityDeps } from '../activities/directory-activities';

/** What a ticket worker needs besides a connection. */
export interface TicketWorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  tickets: TicketActivityDeps;
  directory: DirectoryActivityDeps;
  /** Activities per worker; the SDK default is fine for most, tests lower it. */
  maxConcurrentActivityTaskExecutions?: number;
  /** Tickets kept in memory between their events; see `workflowCacheSize`. */
  maxCachedWorkflows?: number;
}

/**
 * How many tickets a worker keeps in memory between events (SOPFLOW_MAX_CACHED_WORKFLOWS).
 * A cached ticket costs 0.4–0.7 MB (mostly the SDK's own state), so the default of 1,000 holds
 * a worker near 1 GB; a ticket that is not cached replays its history on its next event, which
 * costs CPU, not correctness. Size it to the tickets that get events within minutes of each other.
 */
export function workflowCacheSize(): number {
  const configured = Number(process.env.SOPFLOW_MAX_CACHED_WORKFLOWS);
  return Number.isInteger(configured) && configured >= 0 ? configured : 1000;
}

/**
 * A ticket worker: the tickets' task queue, and beside it the agent directory's own queue with
 * its own workflow task slots. Own slots because a ticket's workflow task waits for its owner
 * pick (a local activity) while the directory decides it: on a shared queue a burst of tickets
 * fills every slot with tasks that wait for the directory, whose task then waits for a slot.
 */
export interface TicketWorker {
  /** Runs until shut down (SIGINT/SIGTERM shut it down gracefully). */
  run(): Promise<void>;
  /** Runs while `body` runs, then shuts down and returns its result. */
  runUntil<T>(body: Promise<T> | (() => Promise<T>)): Promise<T>;
  shutdown(): void;
  getState(): ReturnType<Worker['getState']>;
}

/** Creates a worker that runs ticket workflows, the agent directory and their activities. */
export async function createTicketWorker(options: TicketWorkerOptions): Promise<TicketWorker> {
  const taskQueue = options.taskQueue ?? ticketTaskQueue();
  const workflowBundle = await ticketWorkflowBundle();
  const tickets = await Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue,
    workflowBundle,
    activities: { ...createTicketActivities(options.tickets), ...createDirectoryActivities(options.directory) },
    maxCachedWorkflows: options.maxCachedWorkflows ?? workflowCacheSize(),
    ...(options.maxConcurrentActivityTaskExecutions ? { maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions } : {}),
  });
  const directory = await Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: directoryTaskQueue(taskQueue),
    workflowBundle,
    activities: createDirectoryActivities(options.directory),
    maxCachedWorkflows: 10,
  });
  const both = (): Promise<void> => Promise.all([tickets.run(), directory.run()]).then(() => undefined);
  return {
    run: both,
    async runUntil<T>(body: Promise<T> | (() => Promise<T>)): Promise<T> {
      const ticketsDone = tickets.run();
      const directoryDone = directory.run();
      try {
        return await (typeof body === 'function' ? body() : body);
      } finally {
        // Tickets first: their last activities may still ask the directory.
        tickets.shutdown();
        await ticketsDone;
        directory.shutdown();
        await directoryDone;
      }
    },
    shutdown() {
      if (tickets.getState() === 'RUNNING') tickets.shutdown();
      if (directory.getState() === 'RUNNING') directory.shutdown();
    },
    getState: () => tickets.getState(),
  };
}
