import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { WorkflowHandle } from '@temporalio/client';
import { loadFlowFile } from '../src/flow/load-flow';
import { createTicketWorker } from '../src/runtime/ticket-worker';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import type { TicketInfo } from '../src/ticket/types';
import { statusQuery, timelineQuery } from '../src/workflows/ticket-messages';
import type { ticketWorkflow } from '../src/workflows/ticket-workflow';
import { cpuMeter, historyEventType, ms, noopTicketDeps, percentile, runPool, takeSdkWarnings, timestampMs, withBenchServer } from './temporal-support';

/** Tickets started; `SOPFLOW_BENCH_TIMER_TICKETS` overrides. */
const TICKETS = positiveInt(process.env['SOPFLOW_BENCH_TIMER_TICKETS'], 1000);
/** Tickets opening at once: a ticket starts as soon as one of the previous 50 has opened. */
const OPENING_WINDOW = 50;
/** The fixture flow's due date: `sla: { due: 5s }`. */
const DUE_MS = 5_000;
/** How long to wait for a ticket to open, and for the last breach after the last due instant. */
const GRACE_MS = 120_000;
/** Tickets read (timeline query, history) and terminated at once. */
const READ_CONCURRENCY = 50;
/** Tickets whose `statusQuery` clock due instant is compared with the one derived from the timeline. */
const STATUS_SAMPLE = 50;

const FLOW_FILE = join(__dirname, 'fixtures', 'timer-flow.yaml');

/** What one ticket tells about its breach, in epoch milliseconds. */
interface BreachTimes {
  /** The due instant: the ticket's `created` timeline entry + 5 s (checked against `statusQuery` on a sample). */
  dueAt: number;
  /** `at` of the ticket's `sla_breached` timeline entry. */
  timelineAt: number;
  /** Server time of the (last, here the only) `TimerFired` history event. */
  timerFired: number;
  /** Server time of the workflow task that handled the firing (breach recorded, notifications scheduled). */
  handled: number;
  /** Wall-clock time the `sla_breached` notification for the team reached the notify activity. */
  notified: number;
}

/**
 * SLA timer lateness: 1,000 tickets on the dev server, each in a state due 5 s after it opens
 * (24x7, `on_breach: notify`, no warnings: each ticket has exactly one durable timer, and the
 * ticket stays put after its breach). The tickets start through a window of 50: a ticket starts
 * as soon as one of the 50 before it has opened (its `received` notification arrived), so the
 * start rate follows what the machine can take and breaches fire while later tickets open.
 * For every ticket, how long after its due instant the breach happened at each stage: the
 * server's timer, the workflow task that handled it, and the notification that tells the
 * team. Each ticket is terminated once it has been read.
 */
export async function runTimerLatenessBench(): Promise<void> {
  const loaded = loadFlowFile(FLOW_FILE);
  if (!loaded.ok) throw new Error(`${FLOW_FILE} does not load: ${loaded.problems[0]?.message ?? 'no problem reported'}`);
  const flow = loaded.definition;

  await withBenchServer(async (bench) => {
    const run = Date.now().toString(36);
    const taskQueue = `bench-timers-${run}`;
    const opened = new Set<string>();
    const openWaiters = new Map<string, () => void>();
    const notified = new Map<string, number>();
    const { deps } = noopTicketDeps((request) => {
      const ticket = request.ticket.number;
      if (request.kind === 'received' && !opened.has(ticket)) {
        opened.add(ticket);
        openWaiters.get(ticket)?.();
      }
      if (request.kind === 'sla_breached' && request.audience === 'team' && !notified.has(ticket)) notified.set(ticket, Date.now());
    });
    /** Resolves when the ticket's `received` notification arrived (its first workflow task is done), or after the grace time. */
    const openedSignal = (id: string): Promise<void> =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, GRACE_MS);
        openWaiters.set(id, () => {
          clearTimeout(timer);
          resolve();
        });
        if (opened.has(id)) openWaiters.get(id)!();
      });
    const worker = await createTicketWorker({
      connection: bench.workerConnection,
      namespace: bench.server.namespace,
      taskQueue,
      tickets: deps,
      directory: { client: bench.client },
    });
    const ids = Array.from({ length: TICKETS }, (_, index) => `bench-timer-${run}-${index}`);
    const handle = (id: string): WorkflowHandle<typeof ticketWorkflow> => bench.client.workflow.getHandle<typeof ticketWorkflow>(id);

    await worker.runUntil(async () => {
      console.log(
        `timers: dev server ${bench.server.address}; ${TICKETS} tickets due ${DUE_MS / 1000} s after opening, ` +
          `at most ${OPENING_WINDOW} opening at once…`,
      );
      const cpu = cpuMeter(bench.server);
      const cpuBefore = cpu();
      const began = performance.now();
      await runPool(ids.length, OPENING_WINDOW, async (index) => {
        const id = ids[index]!;
        const openedNow = openedSignal(id);
        const ticket: TicketInfo = {
          number: id,
          customer: { id: `C-${index}`, name: 'Bench Customer', email: `customer-${index}@example.org`, language: 'en' },
          channel: 'portal',
          subject: 'Timer benchmark ticket',
          priority: 'P1',
          topic: flow.id,
          fields: {},
        };
        await bench.client.workflow.start<typeof ticketWorkflow>('ticketWorkflow', {
          args: [{ flow, calendar: CALENDAR_24X7, ticket }],
          workflowId: id,
          taskQueue,
        });
        await openedNow;
      });
      const openSeconds = (performance.now() - began) / 1000;
      console.log(`timers: ${opened.size} of ${TICKETS} tickets opened in ${openSeconds.toFixed(1)} s (${(TICKETS / openSeconds).toFixed(1)} tickets/s); waiting for every breach…`);

      const deadline = Date.now() + DUE_MS + GRACE_MS;
      while (notified.size < TICKETS && Date.now() < deadline) await sleep(100);
      const cpuAfter = cpu();
      const allSeconds = (performance.now() - began) / 1000;
      console.log(
        `timers: ${notified.size} of ${TICKETS} breach notifications arrived, the last ${allSeconds.toFixed(1)} s after the first start; ` +
          `CPU per ticket: dev server ${((cpuAfter.serverMs - cpuBefore.serverMs) / TICKETS).toFixed(0)} ms, ` +
          `bench process (worker + client) ${((cpuAfter.benchMs - cpuBefore.benchMs) / TICKETS).toFixed(0)} ms`,
      );

      // A sample's status clocks first, while every ticket still runs; then each ticket is read and terminated.
      const readBegan = performance.now();
      const dueCheck = await compareWithStatusClock(ids.slice(0, STATUS_SAMPLE).map(handle));
      const times: BreachTimes[] = [];
      const problems: string[] = [];
      let terminated = 0;
      await runPool(ids.length, READ_CONCURRENCY, async (index) => {
        const id = ids[index]!;
        try {
          times.push(await retried(() => breachTimes(handle(id), notified.get(id))));
        } catch (error) {
          problems.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
        }
        try {
          await handle(id).terminate('timer lateness benchmark finished');
          terminated += 1;
        } catch {
          // Already closed: nothing to terminate.
        }
      });
      console.log(
        `timers: read ${times.length} timelines and histories and terminated ${terminated} tickets in ${((performance.now() - readBegan) / 1000).toFixed(1)} s`,
      );
      report(times, problems, dueCheck);
      const warnings = takeSdkWarnings();
      if (warnings) console.log(`timers:   ${warnings}`);
    });
  });
}

/** Reads one ticket's due instant and breach instants from its timeline and history. */
async function breachTimes(handle: WorkflowHandle<typeof ticketWorkflow>, notified: number | undefined): Promise<BreachTimes> {
  const timeline = await handle.query(timelineQuery);
  const created = timeline.find((entry) => entry.kind === 'created');
  const breached = timeline.find((entry) => entry.kind === 'sla_breached');
  if (!created || !breached) throw new Error(`no ${created ? 'sla_breached' : 'created'} entry in the timeline`);
  const events = (await handle.fetchHistory()).events ?? [];
  const types = events.map(historyEventType);
  const firedIndex = types.lastIndexOf('TimerFired');
  if (firedIndex < 0) throw new Error('no TimerFired event in the history');
  const handledIndex = types.indexOf('WorkflowTaskCompleted', firedIndex);
  return {
    dueAt: Date.parse(created.at) + DUE_MS,
    timelineAt: Date.parse(breached.at),
    timerFired: timestampMs(events[firedIndex]!.eventTime),
    handled: handledIndex >= 0 ? timestampMs(events[handledIndex]!.eventTime) : Number.NaN,
    notified: notified ?? Number.NaN,
  };
}

/** For a sample: does `statusQuery` → `clocks[].dueAt` (the state clock) equal created + 5 s? */
async function compareWithStatusClock(handles: Array<WorkflowHandle<typeof ticketWorkflow>>): Promise<{ same: number; of: number; worst: number }> {
  let same = 0;
  let of = 0;
  let worst = 0;
  for (const handle of handles) {
    try {
      const [status, timeline] = await Promise.all([handle.query(statusQuery), handle.query(timelineQuery)]);
      const clockDue = status.clocks.find((clock) => clock.kind === 'state_due')?.dueAt;
      const created = timeline.find((entry) => entry.kind === 'created');
      if (!clockDue || !created) continue;
      const difference = Math.abs(Date.parse(clockDue) - (Date.parse(created.at) + DUE_MS));
      of += 1;
      if (difference === 0) same += 1;
      worst = Math.max(worst, difference);
    } catch {
      // Counted as not compared.
    }
  }
  return { same, of, worst };
}

function report(times: BreachTimes[], problems: string[], dueCheck: { same: number; of: number; worst: number }): void {
  for (const problem of problems.slice(0, 5)) console.log(`timers: could not read ${problem}`);
  if (problems.length > 5) console.log(`timers: … and ${problems.length - 5} more tickets that could not be read`);
  console.log(
    `timers: due instant = the ticket's created instant + 5 s; statusQuery clocks[].dueAt agrees exactly for ` +
      `${dueCheck.same} of ${dueCheck.of} sampled tickets (largest difference ${dueCheck.worst} ms)`,
  );
  const line = (label: string, pick: (time: BreachTimes) => number): void => {
    const lateness = times.map((time) => pick(time) - time.dueAt).filter((value) => Number.isFinite(value));
    const extreme = (fn: (...values: number[]) => number): number => (lateness.length ? lateness.reduce((a, b) => fn(a, b)) : Number.NaN);
    console.log(
      `timers: ${label.padEnd(52)} p50 ${ms(percentile(lateness, 50)).padStart(8)} ms, p99 ${ms(percentile(lateness, 99)).padStart(8)} ms, ` +
        `max ${ms(extreme(Math.max)).padStart(8)} ms, min ${ms(extreme(Math.min)).padStart(7)} ms (${lateness.length} tickets)`,
    );
  };
  console.log(`timers: lateness after the due instant, ${times.length} tickets:`);
  line('timer fired (TimerFired in the history, server)', (time) => time.timerFired);
  line('breach handled (workflow task completed after it)', (time) => time.handled);
  line("team's breach notification reached notify", (time) => time.notified);
  line('timeline sla_breached `at`', (time) => time.timelineAt);
  const exact = times.filter((time) => time.timelineAt === time.dueAt).length;
  console.log(
    `timers:   the timeline's sla_breached \`at\` is the due instant itself for ${exact} of ${times.length} tickets ` +
      '(the engine records when the SLA was breached, not when the timer fired), so lateness is read from the history and the activity',
  );
}

/** Retries a read a few times: right after a load peak a query can time out. */
async function retried<T>(read: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(500 * attempt);
    }
  }
}

function positiveInt(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

if (require.main === module) void runTimerLatenessBench();
