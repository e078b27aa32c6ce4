import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createTicketWorker } from '../src/runtime/ticket-worker';
import { noopTicketDeps, quietTemporalRuntime, takeSdkWarnings } from './temporal-support';

/*
 * The worker of `npm run bench -- scale`, in a process of its own so the bench can read its
 * memory and CPU from /proc without counting the client's. Started by bench/scale-bench.ts with
 * SOPFLOW_BENCH_ADDRESS, SOPFLOW_BENCH_NAMESPACE, SOPFLOW_BENCH_TASK_QUEUE and the cache size in
 * SOPFLOW_MAX_CACHED_WORKFLOWS (read by the worker itself, as in production). Activities return
 * at once and every pick names an agent: the directory is not what this bench measures.
 *
 * Stdout carries one JSON line per half second: how many distinct tickets got their first
 * notification (every ticket's first step sends one), so the bench knows when the worker has
 * caught up with the tickets it opened.
 */

async function main(): Promise<void> {
  const address = process.env['SOPFLOW_BENCH_ADDRESS'];
  const namespace = process.env['SOPFLOW_BENCH_NAMESPACE'] ?? 'default';
  const taskQueue = process.env['SOPFLOW_BENCH_TASK_QUEUE'];
  if (!address || !taskQueue) throw new Error('bench/scale-worker.ts needs SOPFLOW_BENCH_ADDRESS and SOPFLOW_BENCH_TASK_QUEUE');
  quietTemporalRuntime();
  const seen = new Set<string>();
  const { deps, calls } = noopTicketDeps((request) => seen.add(request.ticket.number));
  const connection = await NativeConnection.connect({ address });
  const clientConnection = await Connection.connect({ address });
  const worker = await createTicketWorker({ connection, namespace, taskQueue, tickets: deps, directory: { client: new Client({ connection: clientConnection, namespace }) } });
  const report = setInterval(() => {
    const warnings = takeSdkWarnings();
    const memory = process.memoryUsage();
    const mb = (bytes: number): number => Math.round(bytes / 1048576);
    process.stdout.write(`${JSON.stringify({ tickets: seen.size, notify: calls.notify, heapMb: mb(memory.heapUsed), externalMb: mb(memory.external), ...(warnings ? { warnings } : {}) })}\n`);
  }, 500);
  process.once('SIGTERM', () => worker.shutdown());
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  await worker.run();
  clearInterval(report);
  await connection.close();
  await clientConnection.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
