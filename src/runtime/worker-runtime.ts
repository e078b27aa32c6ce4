import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createNotifyActivities } from '../activities/notify';
import { openArchive } from '../archive/open-archive';
import type { ArchiveStore } from '../archive/types';
import { DirectoryClient } from '../assignment/directory-client';
import { loadConfig } from '../config';
import type { SopflowConfig } from '../config/schema';
import { createFileOutbox } from '../notify/outbox';
import { loadFlowCatalog } from './flow-catalog';
import type { FlowCatalog } from './flow-catalog';
import { directoryTaskQueue, ticketTaskQueue } from './task-queue';
import { connectWithRetry } from './connect-with-retry';
import { temporalConnectConfig } from './temporal-connection';
import { createTicketWorker } from './ticket-worker';
import type { TicketWorker } from './ticket-worker';

/** Where to find things; every field has a sensible default for a checkout of this project. */
export interface WorkerRuntimeOptions {
  flowsDir?: string;
  configPath?: string;
  /** Overrides TEMPORAL_ADDRESS / the client profile. */
  address?: string;
  namespace?: string;
  taskQueue?: string;
  /** Where closed tickets are archived; default `SOPFLOW_DATABASE_URL`, else the embedded archive under `.sopflow/`. */
  archive?: ArchiveStore;
  /** Told when the archive cannot be opened at start (the worker runs on and archives once it can). */
  warn?: (line: string) => void;
}

/** A started worker with everything it holds open. */
export interface WorkerRuntime {
  worker: TicketWorker;
  client: Client;
  catalog: FlowCatalog;
  config: SopflowConfig;
  archive: ArchiveStore;
  address: string;
  namespace: string;
  taskQueue: string;
  /** Closes connections after the worker stopped. */
  close(): Promise<void>;
}

/**
 * Builds a ticket worker from files and the standard Temporal client configuration. Flows
 * and configuration are validated first: a bad flow or a missing setting is a clear error
 * here, at startup, never a failure on the first ticket.
 */
export async function createWorkerRuntime(options: WorkerRuntimeOptions = {}): Promise<WorkerRuntime> {
  const catalog = loadFlowCatalog(options.flowsDir);
  const configPath = resolve(options.configPath ?? process.env.SOPFLOW_CONFIG ?? 'sopflow.config.yaml');
  const config = loadConfig(configPath);
  const connect = temporalConnectConfig();
  const address = options.address ?? connect.address;
  const namespace = options.namespace ?? connect.namespace;
  const taskQueue = options.taskQueue ?? ticketTaskQueue();
  const connectionOptions = { ...connect.connectionOptions, address };
  const nativeConnection = await connectWithRetry(address, () => NativeConnection.connect(connectionOptions));
  const connection = await connectWithRetry(address, () => Connection.connect(connectionOptions as never));
  const client = new Client({ connection, namespace });
  const { notify } = createNotifyActivities({ config, outbox: createFileOutbox(resolve(config.notify.outboxDir)) });
  const directory = new DirectoryClient(client, config, directoryTaskQueue(taskQueue));
  const archive = options.archive ?? openArchive();
  // Opened while the workflow bundle builds, so the archive adds nothing to start-up; a database
  // that is down only delays archiving (the activity retries), it never stops the worker.
  const archiveReady = archive.ready().catch((error: unknown) => {
    (options.warn ?? ((line: string) => console.warn(line)))(`${error instanceof Error ? error.message : String(error)}; closed tickets are archived once it is`);
  });
  const worker = await createTicketWorker({
    connection: nativeConnection,
    namespace,
    taskQueue,
    tickets: { notify, pickAssignee: (request) => directory.pick(request), reportOwner: (report) => directory.report(report), archive },
    directory: { client },
  });
  await archiveReady;
  // Answered once the worker runs: the directory is warm before the first ticket needs an owner.
  void directory.warmUp();
  return {
    worker,
    client,
    catalog,
    config,
    archive,
    address,
    namespace,
    taskQueue,
    async close() {
      await connection.close();
      await nativeConnection.close();
      await archive.close();
    },
  };
}
