import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { ticketStartOptions } from '../src/client/ticket-client';
import type { FlowDefinition } from '../src/flow/definition';
import { loadFlowFile } from '../src/flow/load-flow';
import { createTicketWorker } from '../src/runtime/ticket-worker';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import type { TicketInfo } from '../src/ticket/types';
import { sendEventUpdate } from '../src/workflows/ticket-messages';
import type { ticketWorkflow } from '../src/workflows/ticket-workflow';
import type { BaselineActivities, baselineTicketWorkflow } from './baseline/baseline-workflow';
import { baselineEventUpdate } from './baseline/baseline-workflow';
import type { BenchServer } from './temporal-support';
import { cpuMeter, historyEventType, ms, noopTicketDeps, percentile, runPool, takeSdkWarnings, withBenchServer } from './temporal-support';

/** sopflow's ticket throughput must be at least this share of the hand-written baseline's. */
export const TICKET_THROUGHPUT_TARGET_RATIO = 0.9;
/** sopflow's history events per ticket must be at most this multiple of the baseline's. */
export const TICKET_HISTORY_TARGET_RATIO = 1;

/**
 * Measured tickets per side (split over the rounds); `SOPFLOW_BENCH_TICKETS=200` for a longer run.
 * 120 keeps the whole `npm run bench` near 10 minutes on 2 cores, where the dev server manages
 * only a few tickets per second.
 */
const TICKETS = positiveInt(process.env['SOPFLOW_BENCH_TICKETS'], 120);
/** Tickets in flight at once. */
const CONCURRENCY = 20;
/** Tickets per side run first and not measured: bundles loaded, JIT warm, server caches filled. */
const WARMUP = 10;
/** The sides alternate (baseline, sopflow, baseline, sopflow…) so neither gets the quieter server. */
const ROUNDS = 2;
/** Completed tickets per side whose histories are fetched and counted. */
const HISTORY_SAMPLE = 20;
/** Events per ticket: E1..E5 take it from s0 to the final s5. */
const EVENTS = ['E1', 'E2', 'E3', 'E4', 'E5'] as const;

const FLOW_FILE = join(__dirname, 'fixtures', 'bench-flow.yaml');

/** One side of the comparison: how to run one ticket start -> 5 updates -> completed. */
interface Side {
  name: string;
  runTicket(client: Client, id: string, index: number, latencies: number[]): Promise<void>;
}

/** What the measured rounds of one side produced. */
interface SideResult {
  tickets: number;
  seconds: number;
  roundRates: number[];
  latencies: number[];
  ids: string[];
  /** CPU the dev server and this process (workers + client) used during the measured rounds. */
  serverCpuMs: number;
  benchCpuMs: number;
}

/**
 * Tickets per second driven start -> 5 events (updates) -> completed, through the bench flow
 * on the sopflow worker and through a hand-written Temporal workflow doing the same five
 * updates (bench/baseline/baseline-workflow.ts), against one dev server with the same worker
 * settings (SDK defaults) and no-op activities on both sides.
 */
export async function runTicketThroughputBench(): Promise<void> {
  const loaded = loadFlowFile(FLOW_FILE);
  if (!loaded.ok) throw new Error(`${FLOW_FILE} does not load: ${loaded.problems[0]?.message ?? 'no problem reported'}`);
  const flow = loaded.definition;
  // Bundled before anything is measured: the sopflow bundle is built by createTicketWorker.
  const baselineBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./baseline/baseline-workflow'), logger: quietBundlerLogger });

  await withBenchServer(async (bench) => {
    const run = Date.now().toString(36);
    const sopflowQueue = `bench-sopflow-${run}`;
    const baselineQueue = `bench-baseline-${run}`;
    const { deps, calls } = noopTicketDeps();
    const baselineActivities: BaselineActivities = { notify: async () => undefined };
    // The same worker settings on both sides: the SDK defaults, one worker each, in this process.
    const sopflowWorker = await createTicketWorker({
      connection: bench.workerConnection,
      namespace: bench.server.namespace,
      taskQueue: sopflowQueue,
      tickets: deps,
      directory: { client: bench.client },
    });
    const baselineWorker = await Worker.create({
      connection: bench.workerConnection,
      namespace: bench.server.namespace,
      taskQueue: baselineQueue,
      workflowBundle: baselineBundle,
      activities: baselineActivities,
    });

    const sides = { baseline: baselineSide(baselineQueue), sopflow: sopflowSide(sopflowQueue, flow) };
    const results = await sopflowWorker.runUntil(
      baselineWorker.runUntil(async () => {
        console.log(`tickets: dev server ${bench.server.address}; warming up with ${WARMUP} tickets per side…`);
        await runRound(bench.client, sides.baseline, `warm-b-${run}`, WARMUP);
        await runRound(bench.client, sides.sopflow, `warm-s-${run}`, WARMUP);
        const callsBefore = { ...calls };
        const cpu = cpuMeter(bench.server);
        const measured = { baseline: emptyResult(), sopflow: emptyResult() };
        const perRound = Math.ceil(TICKETS / ROUNDS);
        for (let round = 0; round < ROUNDS; round++) {
          for (const key of ['baseline', 'sopflow'] as const) {
            const count = Math.min(perRound, TICKETS - round * perRound);
            const cpuBefore = cpu();
            const result = await runRound(bench.client, sides[key], `${key}-${run}-r${round}`, count);
            const cpuAfter = cpu();
            const total = measured[key];
            total.serverCpuMs += cpuAfter.serverMs - cpuBefore.serverMs;
            total.benchCpuMs += cpuAfter.benchMs - cpuBefore.benchMs;
            total.tickets += count;
            total.seconds += result.seconds;
            total.roundRates.push(count / result.seconds);
            total.latencies.push(...result.latencies);
            total.ids.push(...result.ids);
          }
        }
        const activityCalls = { notify: calls.notify - callsBefore.notify, pickAssignee: calls.pickAssignee - callsBefore.pickAssignee };
        const histories = {
          baseline: await historyStats(bench, measured.baseline.ids),
          sopflow: await historyStats(bench, measured.sopflow.ids),
        };
        return { measured, histories, activityCalls };
      }),
    );
    report(results.measured, results.histories, results.activityCalls);
    const warnings = takeSdkWarnings();
    if (warnings) console.log(`tickets:   ${warnings}`);
  });
}

function sopflowSide(taskQueue: string, flow: FlowDefinition): Side {
  return {
    name: 'sopflow',
    async runTicket(client, id, index, latencies) {
      const ticket: TicketInfo = {
        number: id,
        customer: { id: `C-${index}`, name: 'Bench Customer', email: `customer-${index}@example.org`, language: 'en' },
        channel: 'portal',
        subject: 'Benchmark ticket',
        priority: 'P1',
        topic: flow.id,
        fields: {},
      };
      // Started as `sopflow start` starts tickets (memo, initial search attributes).
      const handle = await client.workflow.start<typeof ticketWorkflow>('ticketWorkflow', ticketStartOptions({ flow, calendar: CALENDAR_24X7, ticket }, taskQueue));
      for (const type of EVENTS) {
        const began = performance.now();
        await handle.executeUpdate(sendEventUpdate, { args: [{ type, data: { note: `${type} done` } }] });
        latencies.push(performance.now() - began);
      }
      const final = await handle.result();
      if (final.state !== 's5') throw new Error(`sopflow ticket ${id} ended in '${final.state}', not s5`);
    },
  };
}

function baselineSide(taskQueue: string): Side {
  return {
    name: 'baseline',
    async runTicket(client, id, index, latencies) {
      const handle = await client.workflow.start<typeof baselineTicketWorkflow>('baselineTicketWorkflow', {
        args: [{ number: id, subject: 'Benchmark ticket', priority: 'P1', customerEmail: `customer-${index}@example.org` }],
        workflowId: id,
        taskQueue,
      });
      for (const type of EVENTS) {
        const began = performance.now();
        await handle.executeUpdate(baselineEventUpdate, { args: [{ type, data: { note: `${type} done` } }] });
        latencies.push(performance.now() - began);
      }
      const final = await handle.result();
      if (final.state !== 's5') throw new Error(`baseline ticket ${id} ended in '${final.state}', not s5`);
    },
  };
}

/** Runs `count` tickets of one side, `CONCURRENCY` at a time. */
async function runRound(client: Client, side: Side, prefix: string, count: number): Promise<{ seconds: number; latencies: number[]; ids: string[] }> {
  const latencies: number[] = [];
  const ids = Array.from({ length: count }, (_, index) => `bench-${prefix}-${index}`);
  const began = performance.now();
  await runPool(count, CONCURRENCY, (index) => side.runTicket(client, ids[index]!, index, latencies));
  return { seconds: (performance.now() - began) / 1000, latencies, ids };
}

/** History events per ticket over a sample of completed tickets: mean length and mean count per event type. */
async function historyStats(bench: BenchServer, ids: string[]): Promise<{ sample: number; mean: number; byType: Map<string, number> }> {
  const step = Math.max(1, Math.floor(ids.length / HISTORY_SAMPLE));
  const sample = ids.filter((_, index) => index % step === 0).slice(0, HISTORY_SAMPLE);
  const byType = new Map<string, number>();
  let total = 0;
  await runPool(sample.length, 5, async (index) => {
    const history = await bench.client.workflow.getHandle(sample[index]!).fetchHistory();
    const events = history.events ?? [];
    total += events.length;
    for (const event of events) {
      const type = historyEventType(event);
      byType.set(type, (byType.get(type) ?? 0) + 1);
    }
  });
  for (const [type, count] of byType) byType.set(type, count / sample.length);
  return { sample: sample.length, mean: total / sample.length, byType };
}

function report(
  measured: Record<'baseline' | 'sopflow', SideResult>,
  histories: Record<'baseline' | 'sopflow', { sample: number; mean: number; byType: Map<string, number> }>,
  activityCalls: { notify: number; pickAssignee: number },
): void {
  const rate = (side: SideResult): number => side.tickets / side.seconds;
  for (const key of ['baseline', 'sopflow'] as const) {
    const side = measured[key];
    console.log(
      `tickets: ${key.padEnd(8)} ${rate(side).toFixed(1)} tickets/s (${side.tickets} tickets, ${CONCURRENCY} in flight, ` +
        `${side.seconds.toFixed(1)} s; rounds ${side.roundRates.map((value) => value.toFixed(1)).join(' / ')} tickets/s); ` +
        `update round trip p50 ${ms(percentile(side.latencies, 50))} ms, p99 ${ms(percentile(side.latencies, 99))} ms ` +
        `(${side.latencies.length} updates); ${histories[key].mean.toFixed(1)} history events/ticket (sample of ${histories[key].sample})`,
    );
  }
  for (const key of ['baseline', 'sopflow'] as const) {
    const side = measured[key];
    console.log(
      `tickets: ${key.padEnd(8)} CPU per ticket: dev server ${(side.serverCpuMs / side.tickets).toFixed(0)} ms, ` +
        `bench process (worker + client) ${(side.benchCpuMs / side.tickets).toFixed(0)} ms; ` +
        `${((side.serverCpuMs + side.benchCpuMs) / 1000 / side.seconds).toFixed(2)} of ${availableParallelism()} cores busy on average`,
    );
  }
  const throughputRatio = rate(measured.sopflow) / rate(measured.baseline);
  console.log(
    `tickets: throughput sopflow/baseline ${throughputRatio.toFixed(2)} (target >= ${TICKET_THROUGHPUT_TARGET_RATIO.toFixed(2)}): ` +
      `${throughputRatio >= TICKET_THROUGHPUT_TARGET_RATIO ? 'ok' : 'BELOW TARGET'}`,
  );
  const historyRatio = histories.sopflow.mean / histories.baseline.mean;
  console.log(
    `tickets: history events per ticket sopflow ${histories.sopflow.mean.toFixed(1)} vs baseline ${histories.baseline.mean.toFixed(1)} ` +
      `= ${historyRatio.toFixed(2)}x (target <= ${TICKET_HISTORY_TARGET_RATIO.toFixed(2)}x, no more than the baseline): ` +
      `${historyRatio <= TICKET_HISTORY_TARGET_RATIO ? 'ok' : 'ABOVE TARGET'}`,
  );
  const types = [...new Set([...histories.baseline.byType.keys(), ...histories.sopflow.byType.keys()])].sort();
  console.log('tickets:   history events per ticket by type (baseline -> sopflow):');
  for (const type of types) {
    const before = histories.baseline.byType.get(type) ?? 0;
    const after = histories.sopflow.byType.get(type) ?? 0;
    console.log(`tickets:     ${type.padEnd(34)} ${before.toFixed(1).padStart(5)} -> ${after.toFixed(1).padStart(5)}`);
  }
  const perTicket = (count: number): string => (count / measured.sopflow.tickets).toFixed(1);
  console.log(
    `tickets:   sopflow work per ticket: ${perTicket(activityCalls.notify)} messages + ${perTicket(activityCalls.pickAssignee)} owner picks ` +
      `(baseline: 6 messages, no picks); each tier's new owner is told (the no-op pick names an agent); messages go out in batches. ` +
      `Above 11 messages / 3 picks: workflow tasks the server dropped ("Task not found when completing") ran again with their ` +
      `local activities; the outbox's idempotency keys keep real channels from sending twice`,
  );
}

function emptyResult(): SideResult {
  return { tickets: 0, seconds: 0, roundRates: [], latencies: [], ids: [], serverCpuMs: 0, benchCpuMs: 0 };
}

function positiveInt(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

const noop = (): void => undefined;
const quietBundlerLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: (message: string) => console.error(message), log: noop };

if (require.main === module) void runTicketThroughputBench();
