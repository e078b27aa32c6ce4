import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { listQuery, TicketClient, ticketStartOptions } from '../src/client/ticket-client';
import { parseConfig } from '../src/config/load-config';
import { loadFlowCatalog } from '../src/runtime/flow-catalog';
import { buildWebApp } from '../src/web/app';
import { benchSessionCookie, benchWebDeps } from './bench-web-deps';
import { MAX_POLLED_TICKETS } from '../src/web/live/live-hub';
import { sendEventUpdate } from '../src/workflows/ticket-messages';
import type { ticketWorkflow } from '../src/workflows/ticket-workflow';
import { integerOption } from './bench-options';
import { emitJson } from './json-output';
import { cpuMeter, percentile, runPool, withBenchServer } from './temporal-support';

/** p99 an event to an evicted ticket may take at 20 concurrent. */
export const SCALE_EVENT_P99_TARGET_MS = 2000;
/** `sopflow list` and the web queue with every ticket open. */
export const SCALE_LIST_TARGET_MS = 2000;
/** The worker's RSS peak in the later half of the run after the cache is full may exceed the earlier half's by this much (fraction). */
export const SCALE_RSS_FLAT_TOLERANCE = 0.15;

const OPEN_CONCURRENCY = 20;
const EVENT_CONCURRENCY = 20;
/** RSS is printed every this many open tickets, or a tenth of them for a smaller run. */
const SAMPLE_EVERY = 1000;
/** RSS is traced this often while tickets open, for the flatness check (a garbage-collected heap is a sawtooth). */
const TRACE_EVERY_MS = 1000;
/** How long the worker may take to catch up with the tickets opened so far. */
const CATCH_UP_LIMIT_MS = 300_000;

/** What the worker process last said about itself. */
interface WorkerReport {
  tickets: number;
  notify: number;
  /** The worker's main thread (activities, the SDK's Node side), not the workflow thread: MB. */
  heapMb?: number;
  externalMb?: number;
  warnings?: string;
}

/** The worker, a child process: its reports, and its memory and CPU from /proc. */
interface WorkerProcess {
  pid: number;
  latest: () => WorkerReport;
  rssMb: () => number;
  cpuMs: () => number;
  warnings: string[];
  stop: () => Promise<void>;
}

/**
 * `npm run bench -- scale`: N open tickets of password-reset (default 10,000) on the dev server
 * with one worker in its own process, whose cache (`SOPFLOW_MAX_CACHED_WORKFLOWS`, default
 * 1,000 or a fifth of N, whichever is smaller) is smaller than the open set. Prints the worker's
 * RSS every 1,000 open tickets, then sends events to random open tickets at 20 concurrent, so
 * most of them replay their history first: event p50/p99 and worker CPU per event, beside a few
 * events to tickets still cached. Then times `sopflow list` (one page) and the web queue with
 * all N open. Assignment is a no-op that names an agent: the directory is the burst bench's.
 */
export async function runScaleBench(): Promise<void> {
  const tickets = integerOption('--tickets', 'SOPFLOW_BENCH_SCALE_TICKETS', 10_000);
  const cache = integerOption('--cache', 'SOPFLOW_BENCH_SCALE_CACHE', Math.min(1000, Math.max(1, Math.floor(tickets / 5))));
  const events = integerOption('--events', 'SOPFLOW_BENCH_SCALE_EVENTS', 1000);
  const catalog = loadFlowCatalog('flows');
  const flow = catalog.flow('password-reset');
  const calendar = catalog.calendar(flow.calendar);
  console.log(`scale: ${tickets} tickets of ${flow.id}, worker cache ${cache}, ${events} events; load ${load()}`);

  await withBenchServer(async ({ server, client }) => {
    const taskQueue = `bench-scale-${Date.now().toString(36)}`;
    const worker = await startWorker(server.address, server.namespace, taskQueue, cache);
    const serverCpu = cpuMeter(server);
    try {
      // Opening: RSS per 1,000 tickets, each sample once the worker has run every ticket's first step.
      const prefix = `SCALE-${Date.now().toString(36)}`;
      const numbers = Array.from({ length: tickets }, (_, i) => `${prefix}-${i}`);
      const samples: Array<{ open: number; rssMb: number }> = [{ open: 0, rssMb: worker.rssMb() }];
      console.log(`scale:   0 open: worker RSS ${samples[0]!.rssMb.toFixed(0)} MB`);
      const openedAt = performance.now();
      const cpuBeforeOpen = worker.cpuMs();
      const sampleEvery = sampleStep(tickets);
      let started = 0;
      const trace: RssSample[] = [];
      const tracer = setInterval(() => trace.push({ open: started, rssMb: worker.rssMb() }), TRACE_EVERY_MS);
      for (let from = 0; from < tickets; from += sampleEvery) {
        const count = Math.min(sampleEvery, tickets - from);
        const blockBegan = performance.now();
        await runPool(count, OPEN_CONCURRENCY, async (i) => {
          const index = from + i;
          const ticket = { number: numbers[index]!, customer: { id: `scale-${index}`, name: 'Scale Customer', email: `scale${index}@example.org`, language: 'de' }, channel: 'email', subject: 'Passwort vergessen', priority: 'P3', topic: `scale-${index}`, fields: {} };
          await client.workflow.start<typeof ticketWorkflow>('ticketWorkflow', ticketStartOptions({ flow, calendar, ticket }, taskQueue));
          started += 1;
        });
        await caughtUp(worker, from + count);
        const rssMb = worker.rssMb();
        samples.push({ open: from + count, rssMb });
        const perSecond = count / ((performance.now() - blockBegan) / 1000);
        const { heapMb, externalMb } = worker.latest();
        const mainThread = heapMb === undefined ? '' : `, main thread heap ${heapMb.toFixed(0)} MB, external ${externalMb?.toFixed(0)} MB`;
        console.log(`scale: ${String(from + count).padStart(6)} open: worker RSS ${rssMb.toFixed(0)} MB${mainThread} (${perSecond.toFixed(1)} tickets/s${from + count > cache ? ', cache full' : ''}; load ${load()})`);
      }
      clearInterval(tracer);
      const openSeconds = (performance.now() - openedAt) / 1000;
      const openCpuMsPerTicket = (worker.cpuMs() - cpuBeforeOpen) / tickets;
      const flat = rssFlatness(samples, trace, cache, sampleEvery);
      console.log(`scale: opened ${tickets} in ${openSeconds.toFixed(0)} s (${(tickets / openSeconds).toFixed(1)}/s), worker CPU ${openCpuMsPerTicket.toFixed(1)} ms per ticket`);
      console.log(
        `scale: worker RSS ${flat.text}; ~${flat.mbPerCachedTicket.toFixed(2)} MB per cached ticket; target flat (the later peak ≤ ${SCALE_RSS_FLAT_TOLERANCE * 100}% over the earlier one): ${flat.flat === undefined ? 'not measured (the cache never filled)' : flat.flat ? 'met' : 'MISSED'}`,
      );

      // Events: first to tickets still cached (the last ones opened), then to random ones.
      const steps = new Map<string, number>();
      const cached = numbers.slice(Math.max(0, tickets - Math.floor(cache / 2)));
      const warm = await sendEvents(client, cached, Math.min(200, cached.length * 2), steps, worker);
      console.log(`scale: events to cached tickets: p50 ${warm.p50.toFixed(0)} ms, p99 ${warm.p99.toFixed(0)} ms, worker CPU ${warm.cpuMsPerEvent.toFixed(1)} ms/event (${warm.count} events; load ${load()})`);
      const serverBefore = serverCpu().serverMs;
      const cold = await sendEvents(client, numbers, events, steps, worker);
      const serverMsPerEvent = (serverCpu().serverMs - serverBefore) / cold.count;
      const evictedShare = Math.max(0, 1 - cache / tickets);
      console.log(
        `scale: events to random open tickets (~${(evictedShare * 100).toFixed(0)}% evicted, ${EVENT_CONCURRENCY} concurrent): p50 ${cold.p50.toFixed(0)} ms, p99 ${cold.p99.toFixed(0)} ms, ` +
          `${cold.perSecond.toFixed(1)} events/s, worker CPU ${cold.cpuMsPerEvent.toFixed(1)} ms/event, server CPU ${serverMsPerEvent.toFixed(1)} ms/event (${cold.count} events; load ${load()})`,
      );
      console.log(`  target p99 < ${SCALE_EVENT_P99_TARGET_MS} ms: ${(cold.p99 / SCALE_EVENT_P99_TARGET_MS).toFixed(2)}× the target, ${cold.p99 < SCALE_EVENT_P99_TARGET_MS ? 'met' : 'MISSED'}`);
      const rssAfterEvents = worker.rssMb();
      console.log(`scale: worker RSS after the events ${rssAfterEvents.toFixed(0)} MB`);

      // `sopflow list` (one page of 100) and the web queue with every ticket open.
      const list = await timeList(server.address, server.namespace, new TicketClient(client, catalog));
      // The target is on the list itself; the command's start-up is the cli section's.
      console.log(
        `scale: sopflow list --open with ${tickets} open: ${list.clientMs.toFixed(0)} ms for one page of 100 (median of 5; target < ${SCALE_LIST_TARGET_MS} ms: ${list.clientMs < SCALE_LIST_TARGET_MS ? 'met' : 'TOO SLOW'}), ` +
          `${list.cliMs.toFixed(0)} ms for the whole command with its start-up (load ${load()})`,
      );
      const queue = await timeQueue(new TicketClient(client, catalog), catalog);
      // A running server's page: its data at most one poll old (a delta read), rendered from the
      // index. The full load is once per server start, begun when it starts listening.
      const pageMs = queue.pollError || queue.deltaMs === undefined ? Number.NaN : queue.deltaMs + queue.renderMs;
      console.log(
        `scale: web queue with ${tickets} open: the full load at server start ${queue.pollError ? `GAVE UP: ${queue.pollError}` : `${queue.pollMs.toFixed(0)} ms`} (reading every open ticket alone ${queue.listAllMs.toFixed(0)} ms, ${queue.rows} rows); ` +
          `then a poll (one delta read) ${queue.deltaMs === undefined ? 'n/a' : `${queue.deltaMs.toFixed(0)} ms`} and the page ${queue.renderMs.toFixed(0)} ms server time from the index (median of 5, ${queue.kib} KiB): ` +
          `a page of a running server ${Number.isFinite(pageMs) ? `${pageMs.toFixed(0)} ms` : 'n/a'}; target < ${SCALE_LIST_TARGET_MS} ms: ${pageMs < SCALE_LIST_TARGET_MS ? 'met' : 'TOO SLOW'} (load ${load()})`,
      );
      if (worker.warnings.length > 0) console.log(`scale: worker said: ${[...new Set(worker.warnings)].slice(-3).join(' | ')}`);
      emitJson({
        bench: 'scale',
        openTickets: tickets,
        cachedWorkflows: cache,
        workerRssMb: Math.round(samples[samples.length - 1]!.rssMb),
        workerRssSamplesMb: samples.map((sample) => Math.round(sample.rssMb)),
        rssFlat: flat.flat ?? null,
        mbPerCachedTicket: Number(flat.mbPerCachedTicket.toFixed(3)),
        openPerSecond: Number((tickets / openSeconds).toFixed(1)),
        openCpuMsPerTicket: Number(openCpuMsPerTicket.toFixed(1)),
        eventP50Ms: Math.round(cold.p50),
        eventP99Ms: Math.round(cold.p99),
        eventsPerSecond: Number(cold.perSecond.toFixed(1)),
        workerCpuMsPerEvent: Number(cold.cpuMsPerEvent.toFixed(1)),
        serverCpuMsPerEvent: Number(serverMsPerEvent.toFixed(1)),
        cachedEventP50Ms: Math.round(warm.p50),
        cachedEventP99Ms: Math.round(warm.p99),
        cachedWorkerCpuMsPerEvent: Number(warm.cpuMsPerEvent.toFixed(1)),
        listMs: Math.round(list.cliMs),
        listQueryMs: Math.round(list.clientMs),
        queueListAllMs: Math.round(queue.listAllMs),
        queuePollMs: queue.pollError ? null : Math.round(queue.pollMs),
        queueDeltaMs: queue.deltaMs === undefined ? null : Math.round(queue.deltaMs),
        queueRenderMs: Math.round(queue.renderMs),
        loadAverage: loadavg().map((value) => Number(value.toFixed(2))),
      });
    } finally {
      await worker.stop();
    }
  });
}

/** The machine's load averages (1, 5, 15 min), for beside every figure. */
function load(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/**
 * Starts bench/scale-worker.ts as a child process and waits for it to poll. Node options for it
 * alone go in SOPFLOW_BENCH_WORKER_NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see
 * where a replay's time goes.
 */
async function startWorker(address: string, namespace: string, taskQueue: string, cache: number): Promise<WorkerProcess> {
  const nodeArgs = (process.env['SOPFLOW_BENCH_WORKER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--require', 'tsx/cjs', join(__dirname, 'scale-worker.ts')], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, SOPFLOW_BENCH_ADDRESS: address, SOPFLOW_BENCH_NAMESPACE: namespace, SOPFLOW_BENCH_TASK_QUEUE: taskQueue, SOPFLOW_MAX_CACHED_WORKFLOWS: String(cache) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('the scale worker process did not start');
  let latest: WorkerReport = { tickets: 0, notify: 0 };
  const warnings: string[] = [];
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const ready = new Promise<void>((done, fail) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let report: WorkerReport & { ready?: boolean };
      try {
        report = JSON.parse(line) as WorkerReport & { ready?: boolean };
      } catch {
        return;
      }
      if (report.ready) done();
      else latest = report;
      if (report.warnings) warnings.push(report.warnings);
    });
    void exited.then((code) => fail(new Error(`the scale worker exited with ${code} before it was ready`)));
  });
  await ready;
  const stat = (): string[] => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return {
    pid,
    latest: () => latest,
    rssMb: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024,
    // utime and stime, in clock ticks of 10 ms.
    cpuMs: () => (Number(stat()[11]) + Number(stat()[12])) * 10,
    warnings,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(30_000).then(() => 'timeout' as const)]);
      if (code === 'timeout') child.kill('SIGKILL');
    },
  };
}

/** Tickets between RSS samples: 1,000, or a tenth of a smaller run. */
function sampleStep(tickets: number): number {
  return Math.min(SAMPLE_EVERY, Math.max(10, Math.floor(tickets / 10)));
}

/** Waits until the worker has run the first step of `count` tickets. */
async function caughtUp(worker: WorkerProcess, count: number): Promise<void> {
  const deadline = performance.now() + CATCH_UP_LIMIT_MS;
  while (worker.latest().tickets < count) {
    if (performance.now() > deadline) throw new Error(`the worker ran the first step of ${worker.latest().tickets} of ${count} tickets within ${CATCH_UP_LIMIT_MS / 1000} s`);
    await sleep(200);
  }
}

/** The worker's RSS when `open` tickets had been started. */
export interface RssSample {
  open: number;
  rssMb: number;
}

/**
 * Whether the worker's memory stayed flat once its cache was full. RSS follows the garbage
 * collector (it rises until a collection and drops after it), so a single sample says little:
 * the trace after the cache is full (and one print step beyond it) is split in halves, and the
 * peak of the later half is compared with the peak of the earlier one. A cost that grew with the
 * open tickets would lift the later peak; a heap bounded by the cache does not. Also the memory
 * per cached ticket, from the start to the printed sample at which the cache filled.
 */
export function rssFlatness(
  samples: readonly RssSample[],
  trace: readonly RssSample[],
  cache: number,
  sampleEvery: number,
): { flat: boolean | undefined; mbPerCachedTicket: number; text: string } {
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const filledAt = samples.find((sample) => sample.open >= cache) ?? last;
  const mbPerCachedTicket = (filledAt.rssMb - first.rssMb) / Math.max(1, Math.min(cache, filledAt.open));
  const after = trace.filter((sample) => sample.open >= cache + sampleEvery);
  if (after.length < 4) return { flat: undefined, mbPerCachedTicket, text: `${first.rssMb.toFixed(0)} -> ${last.rssMb.toFixed(0)} MB` };
  const half = Math.floor(after.length / 2);
  const peak = (part: readonly RssSample[]): RssSample => part.reduce((high, sample) => (sample.rssMb > high.rssMb ? sample : high));
  const trough = (part: readonly RssSample[]): number => Math.min(...part.map((sample) => sample.rssMb));
  const earlier = peak(after.slice(0, half));
  const later = peak(after.slice(half));
  const growth = (later.rssMb - earlier.rssMb) / earlier.rssMb;
  return {
    flat: growth <= SCALE_RSS_FLAT_TOLERANCE,
    mbPerCachedTicket,
    text:
      `peak ${earlier.rssMb.toFixed(0)} MB from ${after[0]!.open} to ${after[half - 1]!.open} open (cache full), peak ${later.rssMb.toFixed(0)} MB from ${after[half]!.open} to ${after[after.length - 1]!.open} ` +
      `(${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%; lowest ${trough(after.slice(0, half)).toFixed(0)} and ${trough(after.slice(half)).toFixed(0)} MB; ${after.length} samples a second apart)`,
  };
}

/**
 * The next event of a password-reset ticket that keeps it open: ACCEPT, then asking the
 * customer and their reply, in turn (new -> identity check <-> waiting for the customer).
 */
function nextEvent(step: number): { type: string; data?: Record<string, unknown> } {
  if (step === 0) return { type: 'ACCEPT' };
  return step % 2 === 1 ? { type: 'ASK_CUSTOMER', data: { question: 'Kundennummer?' } } : { type: 'CUSTOMER_REPLIED', data: { message: '4711' } };
}

/** Sends `count` events to random tickets of `numbers` (never two at once to one ticket), `EVENT_CONCURRENCY` at a time. */
async function sendEvents(
  client: Parameters<Parameters<typeof withBenchServer>[0]>[0]['client'],
  numbers: readonly string[],
  count: number,
  steps: Map<string, number>,
  worker: WorkerProcess,
): Promise<{ p50: number; p99: number; cpuMsPerEvent: number; perSecond: number; count: number }> {
  const busy = new Set<string>();
  const latencies: number[] = [];
  const cpuBefore = worker.cpuMs();
  const began = performance.now();
  await runPool(count, Math.min(EVENT_CONCURRENCY, numbers.length), async (i) => {
    let number = numbers[Math.floor(Math.random() * numbers.length)]!;
    while (busy.has(number)) number = numbers[Math.floor(Math.random() * numbers.length)]!;
    busy.add(number);
    const step = steps.get(number) ?? 0;
    const sent = performance.now();
    await client.workflow.getHandle(number).executeUpdate(sendEventUpdate, { args: [nextEvent(step)], updateId: `scale-${number}-${step}-${i}` });
    latencies.push(performance.now() - sent);
    steps.set(number, step + 1);
    busy.delete(number);
  });
  const seconds = (performance.now() - began) / 1000;
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuMsPerEvent: (worker.cpuMs() - cpuBefore) / count, perSecond: count / seconds, count };
}

/** `sopflow list --open`: the client's query (one page of 100) and the whole command as a user runs it. */
async function timeList(address: string, namespace: string, tickets: TicketClient): Promise<{ clientMs: number; cliMs: number }> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const began = performance.now();
    const rows = await tickets.list(listQuery({ open: true }), 100);
    times.push(performance.now() - began);
    if (rows.length !== 100) throw new Error(`sopflow list returned ${rows.length} rows, not a page of 100`);
  }
  const began = performance.now();
  await new Promise<void>((done, fail) => {
    const cli = spawn(process.execPath, [join(__dirname, '..', 'bin', 'sopflow.js'), 'list', '--open'], {
      cwd: join(__dirname, '..'),
      env: { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    cli.once('exit', (code) => (code === 0 ? done() : fail(new Error(`sopflow list exited with ${code}: ${stderr.trim()}`))));
  });
  return { clientMs: percentile(times, 50), cliMs: performance.now() - began };
}

/**
 * The agent queue page on a web server reading the dev server's visibility: the time one read
 * of every open ticket takes (the poller's full load at start and at a re-sync), whether that
 * load succeeded, the delta read each later poll makes, and the page's render time from the index.
 */
async function timeQueue(
  tickets: TicketClient,
  catalog: ReturnType<typeof loadFlowCatalog>,
): Promise<{ listAllMs: number; pollMs: number; pollError?: string; deltaMs?: number; renderMs: number; rows: number; kib: number }> {
  const config = parseConfig(readFileSync('sopflow.config.yaml', 'utf8'), 'sopflow.config.yaml', { SOPFLOW_SMTP_PORT: '2525' }, process.cwd());
  // The read the poller makes, timed to its end, however long: the poller itself gives up after its patience.
  const listed = performance.now();
  const all = await tickets.list(`ExecutionStatus = 'Running'`, MAX_POLLED_TICKETS);
  const listAllMs = performance.now() - listed;
  // The snapshot stays fresh for the whole measurement: the page time is render time only.
  const web = await buildWebApp(benchWebDeps({ tickets, catalog, config, pollMs: 600_000 }));
  try {
    const cookie = benchSessionCookie();
    const polled = performance.now();
    // The first read is the poller's full load (once per server start); later polls read only changes.
    const snapshot = await web.live.settled();
    const pollMs = performance.now() - polled;
    // Once loaded, each read is the delta a running server makes every poll interval.
    const delta = performance.now();
    const deltaSnapshot = snapshot.error ? undefined : await web.live.settled();
    const deltaMs = deltaSnapshot && !deltaSnapshot.error && web.live.lastRead?.kind === 'delta' ? performance.now() - delta : undefined;
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 6; i++) {
      const began = performance.now();
      const response = await web.app.inject({ url: '/agent/queue', headers: { cookie } });
      if (response.statusCode !== 200) throw new Error(`/agent/queue answered ${response.statusCode}`);
      bytes = response.body.length;
      if (i > 0) times.push(performance.now() - began);
    }
    return { listAllMs, pollMs, ...(snapshot.error ? { pollError: snapshot.error } : {}), ...(deltaMs === undefined ? {} : { deltaMs }), renderMs: percentile(times, 50), rows: snapshot.error ? all.length : snapshot.open.length, kib: Math.round(bytes / 1024) };
  } finally {
    await web.app.close();
    // A poll the web server gave up on is still running in the client: let it end before the connection closes.
    await sleep(Math.max(0, listAllMs * 2));
  }
}
