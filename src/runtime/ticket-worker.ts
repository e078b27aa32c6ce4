import { NativeConnection, Worker } from '@temporalio/worker';
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
}

/** Creates a worker that runs ticket workflows and their activities. */
export async function createTicketWorker(options: TicketWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? ticketTaskQueue(),
    workflowBundle: await ticketWorkflowBundle(),
    activities: { ...createTicketActivities(options.tickets), ...createDirectoryActivities(options.directory) },
    ...(options.maxConcurrentActivityTaskExecutions ? { maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions } : {}),
  });
}

/** Connects a worker-side connection to an address. */
export function connectWorker(address: string): Promise<NativeConnection> {
  return NativeConnection.connect({ address });
}
