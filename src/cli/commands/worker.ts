import { Command } from 'commander';
import { installCliRuntime } from '../cli-runtime';

/** `sopflow worker`: runs ticket workflows and their activities until SIGINT/SIGTERM. */
export const workerCommand = new Command('worker')
  .description('run a worker for all flows (connects with TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS/API key or a TOML profile)')
  .option('--flows <dir>', 'flows directory', 'flows')
  .option('--config <file>', 'channels, pools and templates', 'sopflow.config.yaml')
  .option('--task-queue <name>', 'task queue (default SOPFLOW_TASK_QUEUE or sopflow-tickets)')
  .action(async (options: { flows: string; config: string; taskQueue?: string }) => {
    // Loaded here: the Temporal worker SDK takes a good part of a second to load.
    await installCliRuntime();
    const { createWorkerRuntime } = require('../../runtime/worker-runtime') as typeof import('../../runtime/worker-runtime');
    const runtime = await createWorkerRuntime({ flowsDir: options.flows, configPath: options.config, ...(options.taskQueue ? { taskQueue: options.taskQueue } : {}) });
    console.error(
      `sopflow worker: ${runtime.catalog.flows().length} flows, task queue '${runtime.taskQueue}', Temporal ${runtime.address} namespace '${runtime.namespace}'. Ctrl-C stops it gracefully.`,
    );
    try {
      // The SDK shuts the worker down gracefully on SIGINT and SIGTERM.
      await runtime.worker.run();
    } finally {
      await runtime.close();
    }
  });
