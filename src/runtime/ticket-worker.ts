import { Worker } from '@temporalio/worker';
import type { NativeConnection } from '@temporalio/worker';
import type { TicketActivityDeps } from '../activities/ticket-activities';
import { createTicketActivities } from '../activities/ticket-activities';
import { ticketTaskQueue } from './task-queue';
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
 * A cached ticket costs 0.6–0.7 MB (mostly the SDK's own state), so the default of 1,000 holds
 * a worker near 1 GB; a ticket that is not cached replays its history on its next event, which
 * costs CPU, not correctness. Size it to the tickets that get events within minutes of each other.
 */
export function workflowCacheSize(): number {
  const configured = Number(process.env.SOPFLOW_MAX_CACHED_WORKFLOWS);
  return Number.isInteger(configured) && configured >= 0 ? configured : 1000;
}

/** Creates a worker that runs ticket workflows and their activities. */
export async function createTicketWorker(options: TicketWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? ticketTaskQueue(),
    workflowBundle: await ticketWorkflowBundle(),
    activities: { ...createTicketActivities(options.tickets), ...createDirectoryActivities(options.directory) },
    maxCachedWorkflows: options.maxCachedWorkflows ?? workflowCacheSize(),
    ...(options.maxConcurrentActivityTaskExecutions ? { maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions } : {}),
  });
}
