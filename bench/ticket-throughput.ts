import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
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
import type { ExpertActivities, expertTicketWorkflow } from './baseline/expert-workflow';
import { expertSearchAttributes } from './baseline/expert-workflow';
import { ticketSearchAttributes } from '../src/ticket/search-attributes';
import type { BenchServer } from './temporal-support';
import { emitJson } from './json-output';
import { cpuMeter, historyEventType, ms, noopTicketDeps, percentile, runPool, takeSdkWarnings, withBenchServer } from './temporal-support';

/** Targets of sopflow against the two hand-written baselines (bench only, never a test). */
export const TICKET_TARGETS = {
  /** Tickets per second at least this multiple of the expert baseline's… */
  throughputVsExpert: 1.0,
  /** …and of the plain one's. */
  throughputVsPlain: 1.2,
  /** History events per ticket at most this multiple of the expert baseline's. */
  eventsVsExpert: 1.0,
  /** Update round trip, median, at most this multiple of the plain baseline's. */
  updateP50VsPlain: 1.2,
  /** Worker (bench process) CPU per ticket at most this multiple of the plain baseline's. */
  workerCpuVsPlain: 1.2,
} as const;

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
/** The sides alternate (plain, expert, sopflow, plain…) so none gets the quieter server. */
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

/** The three sides, in the order they run in each round. */
const SIDES = ['plain', 'expert', 'sopflow'] as const;
type SideKey = (typeof SIDES)[number];

/**
 * Tickets per second driven start -> 5 events (updates) -> completed, through the bench flow
 * on the sopflow worker and through two hand-written Temporal workflows: the plain one
 * (bench/baseline/baseline-workflow.ts: one regular activity per message, less work) and the
 * expert one (bench/baseline/expert-workflow.ts: the same job as sopflow, written the best way
 * by hand). One dev server, the same worker settings (SDK defaults) and no-op activities on all sides.
 */
export async function runTicketThroughputBench(): Promise<void> {
  const loaded = loadFlowFile(FLOW_FILE);
  if (!loaded.ok) throw new Error(`${FLOW_FILE} does not load: ${loaded.problems[0]?.message ?? 'no problem reported'}`);
  const flow = loaded.definition;
  // Bundled before anything is measured: the sopflow bundle is built by createTicketWorker.
  const baselineBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./baseline/baseline-workflow'), logger: quietBundlerLogger });
  const expertBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./baseline/expert-workflow'), logger: quietBundlerLogger });

  await withBenchServer(async (bench) => {
    const run = Date.now().toString(36);
    const sopflowQueue = `bench-sopflow-${run}`;
    const baselineQueue = `bench-baseline-${run}`;
    const expertQueue = `bench-expert-${run}`;
    const { deps, calls } = noopTicketDeps();
    const baselineActivities: BaselineActivities = { notify: async () => undefined };
    const expertActivities: ExpertActivities = { deliverBatch: async () => undefined, pickOwner: async ({ tier }) => `bench-${tier.toLowerCase()}` };
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
    const expertWorker = await Worker.create({
      connection: bench.workerConnection,
      namespace: bench.server.namespace,
      taskQueue: expertQueue,
      workflowBundle: expertBundle,
      activities: expertActivities,
    });

    const sides: Record<SideKey, Side> = { plain: baselineSide(baselineQueue), expert: expertSide(expertQueue), sopflow: sopflowSide(sopflowQueue, flow) };
    const results = await sopflowWorker.runUntil(
      expertWorker.runUntil(
        baselineWorker.runUntil(async () => {
          console.log(`tickets: dev server ${bench.server.address}; warming up with ${WARMUP} tickets per side…`);
          for (const key of SIDES) await runRound(bench.client, sides[key], `warm-${key}-${run}`, WARMUP);
          const callsBefore = { ...calls };
          const cpu = cpuMeter(bench.server);
          const measured: Record<SideKey, SideResult> = { plain: emptyResult(), expert: emptyResult(), sopflow: emptyResult() };
          const perRound = Math.ceil(TICKETS / ROUNDS);
          for (let round = 0; round < ROUNDS; round++) {
            for (const key of SIDES) {
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
            plain: await historyStats(bench, measured.plain.ids),
            expert: await historyStats(bench, measured.expert.ids),
            sopflow: await historyStats(bench, measured.sopflow.ids),
          };
          return { measured, histories, activityCalls };
        }),
      ),
    );
    const figures = report(results.measured, results.histories, results.activityCalls);
    const warnings = takeSdkWarnings();
    if (warnings) console.log(`tickets:   ${warnings}`);
    // With --json: one line of ratios and raw figures, printed after everything else.
    emitJson(figures);
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

function expertSide(taskQueue: string): Side {
  return {
    name: 'expert',
    async runTicket(client, id, index, latencies) {
      const handle = await client.workflow.start<typeof expertTicketWorkflow>('expertTicketWorkflow', {
        args: [{ number: id, subject: 'Benchmark ticket', priority: 'P1', customerEmail: `customer-${index}@example.org` }],
        workflowId: id,
        taskQueue,
        // What sopflow's client sets at start, and the tier the expert would set there too.
        typedSearchAttributes: new TypedSearchAttributes([
          { key: ticketSearchAttributes.flow, value: 'bench-flow' },
          { key: ticketSearchAttributes.flowVersion, value: 1 },
          { key: ticketSearchAttributes.customer, value: `C-${index}` },
          { key: ticketSearchAttributes.topic, value: 'bench-flow' },
          { key: ticketSearchAttributes.priority, value: 'P1' },
          { key: expertSearchAttributes.state, value: 's0' },
          { key: expertSearchAttributes.tier, value: 'L1' },
        ]),
      });
      for (const type of EVENTS) {
        const began = performance.now();
        await handle.executeUpdate(baselineEventUpdate, { args: [{ type, data: { note: `${type} done` } }] });
        latencies.push(performance.now() - began);
      }
      const final = await handle.result();
      if (final.state !== 's5') throw new Error(`expert ticket ${id} ended in '${final.state}', not s5`);
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

type HistoryStats = { sample: number; mean: number; byType: Map<string, number> };

/** Prints the figures with their targets; returns them as one object for the JSON line. */
function report(measured: Record<SideKey, SideResult>, histories: Record<SideKey, HistoryStats>, activityCalls: { notify: number; pickAssignee: number }): { bench: string } & Record<string, unknown> {
  const rate = (side: SideResult): number => side.tickets / side.seconds;
  for (const key of SIDES) {
    const side = measured[key];
    console.log(
      `tickets: ${key.padEnd(8)} ${rate(side).toFixed(1)} tickets/s (${side.tickets} tickets, ${CONCURRENCY} in flight, ` +
        `${side.seconds.toFixed(1)} s; rounds ${side.roundRates.map((value) => value.toFixed(1)).join(' / ')} tickets/s); ` +
        `update round trip p50 ${ms(percentile(side.latencies, 50))} ms, p99 ${ms(percentile(side.latencies, 99))} ms ` +
        `(${side.latencies.length} updates); ${histories[key].mean.toFixed(1)} history events/ticket (sample of ${histories[key].sample})`,
    );
  }
  for (const key of SIDES) {
    const side = measured[key];
    console.log(
      `tickets: ${key.padEnd(8)} CPU per ticket: dev server ${(side.serverCpuMs / side.tickets).toFixed(0)} ms, ` +
        `bench process (worker + client) ${(side.benchCpuMs / side.tickets).toFixed(0)} ms; ` +
        `${((side.serverCpuMs + side.benchCpuMs) / 1000 / side.seconds).toFixed(2)} of ${availableParallelism()} cores busy on average`,
    );
  }
  const p50 = (key: SideKey): number => percentile(measured[key].latencies, 50);
  const p99 = (key: SideKey): number => percentile(measured[key].latencies, 99);
  const cpuPerTicket = (key: SideKey): number => measured[key].benchCpuMs / measured[key].tickets;
  const ratios = {
    throughputVsPlain: rate(measured.sopflow) / rate(measured.plain),
    throughputVsExpert: rate(measured.sopflow) / rate(measured.expert),
    eventsVsPlain: histories.sopflow.mean / histories.plain.mean,
    eventsVsExpert: histories.sopflow.mean / histories.expert.mean,
    updateP50VsPlain: p50('sopflow') / p50('plain'),
    updateP99VsPlain: p99('sopflow') / p99('plain'),
    workerCpuVsPlain: cpuPerTicket('sopflow') / cpuPerTicket('plain'),
  };
  const check = (name: string, value: number, target: number, atLeast: boolean): void => {
    const ok = atLeast ? value >= target : value <= target;
    console.log(`tickets: ${name.padEnd(20)} ${value.toFixed(2)}x (target ${atLeast ? '>=' : '<='} ${target.toFixed(2)}x): ${ok ? 'ok' : atLeast ? 'BELOW TARGET' : 'ABOVE TARGET'}`);
  };
  check('throughputVsExpert', ratios.throughputVsExpert, TICKET_TARGETS.throughputVsExpert, true);
  check('throughputVsPlain', ratios.throughputVsPlain, TICKET_TARGETS.throughputVsPlain, true);
  check('eventsVsExpert', ratios.eventsVsExpert, TICKET_TARGETS.eventsVsExpert, false);
  console.log(`tickets: ${'eventsVsPlain'.padEnd(20)} ${ratios.eventsVsPlain.toFixed(2)}x (reported; the plain baseline does less work)`);
  check('updateP50VsPlain', ratios.updateP50VsPlain, TICKET_TARGETS.updateP50VsPlain, false);
  console.log(`tickets: ${'updateP99VsPlain'.padEnd(20)} ${ratios.updateP99VsPlain.toFixed(2)}x (reported)`);
  check('workerCpuVsPlain', ratios.workerCpuVsPlain, TICKET_TARGETS.workerCpuVsPlain, false);
  const types = [...new Set(SIDES.flatMap((key) => [...histories[key].byType.keys()]))].sort();
  console.log('tickets:   history events per ticket by type (plain / expert / sopflow):');
  for (const type of types) {
    const counts = SIDES.map((key) => (histories[key].byType.get(type) ?? 0).toFixed(1).padStart(5)).join(' / ');
    console.log(`tickets:     ${type.padEnd(34)} ${counts}`);
  }
  const perTicket = (count: number): string => (count / measured.sopflow.tickets).toFixed(1);
  console.log(
    `tickets:   sopflow work per ticket: ${perTicket(activityCalls.notify)} messages + ${perTicket(activityCalls.pickAssignee)} owner picks ` +
      `(expert: the same 11 messages and 3 picks; plain: 6 messages, no picks); messages go out in batches. ` +
      `Above 11 messages / 3 picks: workflow tasks the server dropped ("Task not found when completing") ran again with their ` +
      `local activities; the outbox's idempotency keys keep real channels from sending twice`,
  );
  const raw = Object.fromEntries(
    SIDES.map((key) => [
      key,
      {
        ticketsPerSecond: round(rate(measured[key])),
        tickets: measured[key].tickets,
        updateP50Ms: round(p50(key)),
        updateP99Ms: round(p99(key)),
        historyEventsPerTicket: round(histories[key].mean),
        workerCpuMsPerTicket: round(cpuPerTicket(key)),
        serverCpuMsPerTicket: round(measured[key].serverCpuMs / measured[key].tickets),
      },
    ]),
  );
  return {
    bench: 'tickets',
    at: new Date().toISOString(),
    cores: availableParallelism(),
    concurrency: CONCURRENCY,
    ...Object.fromEntries(Object.entries(ratios).map(([name, value]) => [name, round(value)])),
    targets: TICKET_TARGETS,
    ...raw,
  };
}

function round(value: number): number | null {
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 : null;
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
