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
import { historyEventType, ms, noopTicketDeps, percentile, runPool, takeSdkWarnings, timestampMs, withBenchServer } from './temporal-support';

/** Tickets started; `SOPFLOW_BENCH_TIMER_TICKETS` overrides. */
const TICKETS = positiveInt(process.env['SOPFLOW_BENCH_TIMER_TICKETS'], 1000);
/** Tickets started at once; the next batch starts when this one has been accepted. */
const START_BATCH = 50;
/** The fixture flow's due date: `sla: { due: 5s }`. */
const DUE_MS = 5_000;
/** How long to wait for the last breach after the last ticket's due instant before giving up. */
const GRACE_MS = 120_000;
/** Queries, history fetches and terminations in flight at once. */
const READ_CONCURRENCY = 20;

const FLOW_FILE = join(__dirname, 'fixtures', 'timer-flow.yaml');

/** What one ticket tells about its breach, in epoch milliseconds. */
interface BreachTimes {
  /** The state due clock's due instant (`statusQuery` → `clocks[].dueAt`; else created + 5 s). */
  dueAt: number;
  /** `at` of the ticket's `sla_breached` timeline entry. */
  timelineAt: number;
  /** Server time of the `TimerFired` history event. */
  timerFired: number;
  /** Server time of the workflow task that handled the firing (breach recorded, notifications scheduled). */
  handled: number;
  /** Wall-clock time the `sla_breached` notification for the team reached the notify activity. */
  notified: number;
}

/**
 * SLA timer lateness: 1,000 tickets on the dev server, each in a state due 5 s after it opens
 * (24x7, `on_breach: notify`, so each breach is one durable timer firing and the ticket stays
 * put). For every ticket, how long after its due instant the breach happened, measured at
 * each stage: the server's timer, the workflow task that handled it, and the notification
 * activity that tells the team. The tickets are terminated afterwards.
 */
export async function runTimerLatenessBench(): Promise<void> {
  const loaded = loadFlowFile(FLOW_FILE);
  if (!loaded.ok) throw new Error(`${FLOW_FILE} does not load: ${loaded.problems[0]?.message ?? 'no problem reported'}`);
  const flow = loaded.definition;

  await withBenchServer(async (bench) => {
    const run = Date.now().toString(36);
    const taskQueue = `bench-timers-${run}`;
    const notified = new Map<string, number>();
    const { deps } = noopTicketDeps((request) => {
      if (request.kind === 'sla_breached' && request.audience === 'team' && !notified.has(request.ticket.number)) {
        notified.set(request.ticket.number, Date.now());
      }
    });
    const worker = await createTicketWorker({
      connection: bench.workerConnection,
      namespace: bench.server.namespace,
      taskQueue,
      tickets: deps,
      directory: { client: bench.client },
    });
    const ids = Array.from({ length: TICKETS }, (_, index) => `bench-timer-${run}-${index}`);

    await worker.runUntil(async () => {
      console.log(`timers: dev server ${bench.server.address}; starting ${TICKETS} tickets due ${DUE_MS / 1000} s after opening, ${START_BATCH} at a time…`);
      const began = performance.now();
      for (let first = 0; first < ids.length; first += START_BATCH) {
        await Promise.all(
          ids.slice(first, first + START_BATCH).map((id, offset) => {
            const index = first + offset;
            const ticket: TicketInfo = {
              number: id,
              customer: { id: `C-${index}`, name: 'Bench Customer', email: `customer-${index}@example.org`, language: 'en' },
              channel: 'portal',
              subject: 'Timer benchmark ticket',
              priority: 'P1',
              topic: flow.id,
              fields: {},
            };
            return bench.client.workflow.start<typeof ticketWorkflow>('ticketWorkflow', {
              args: [{ flow, calendar: CALENDAR_24X7, ticket }],
              workflowId: id,
              taskQueue,
            });
          }),
        );
      }
      const startSeconds = (performance.now() - began) / 1000;
      console.log(`timers: ${TICKETS} tickets started in ${startSeconds.toFixed(1)} s (${(TICKETS / startSeconds).toFixed(0)}/s); waiting for every breach…`);

      const deadline = Date.now() + DUE_MS + GRACE_MS;
      while (notified.size < TICKETS && Date.now() < deadline) await sleep(200);
      console.log(`timers: ${notified.size} of ${TICKETS} breach notifications arrived ${((performance.now() - began) / 1000).toFixed(1)} s after the first start`);

      const times: BreachTimes[] = [];
      const problems: string[] = [];
      await runPool(ids.length, READ_CONCURRENCY, async (index) => {
        const id = ids[index]!;
        try {
          times.push(await breachTimes(bench.client.workflow.getHandle<typeof ticketWorkflow>(id), notified.get(id)));
        } catch (error) {
          problems.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
        }
      });

      const terminateBegan = performance.now();
      let terminated = 0;
      await runPool(ids.length, READ_CONCURRENCY, async (index) => {
        try {
          await bench.client.workflow.getHandle(ids[index]!).terminate('timer lateness benchmark finished');
          terminated += 1;
        } catch {
          // Already closed: nothing to terminate.
        }
      });
      console.log(`timers: terminated ${terminated} tickets in ${((performance.now() - terminateBegan) / 1000).toFixed(1)} s`);
      report(times, problems);
      const warnings = takeSdkWarnings();
      if (warnings) console.log(`timers:   ${warnings}`);
    });
  });
}

/** Reads one ticket's due instant and breach instants from its status, timeline and history. */
async function breachTimes(handle: WorkflowHandle<typeof ticketWorkflow>, notified: number | undefined): Promise<BreachTimes> {
  const status = await handle.query(statusQuery);
  const timeline = await handle.query(timelineQuery);
  const created = timeline.find((entry) => entry.kind === 'created');
  const breached = timeline.find((entry) => entry.kind === 'sla_breached');
  if (!breached) throw new Error('no sla_breached entry in the timeline');
  const clockDue = status.clocks.find((clock) => clock.kind === 'state_due')?.dueAt;
  const dueAt = clockDue ? Date.parse(clockDue) : Date.parse(created?.at ?? '') + DUE_MS;
  const events = (await handle.fetchHistory()).events ?? [];
  const firedIndex = events.findIndex((event) => historyEventType(event) === 'TimerFired');
  if (firedIndex < 0) throw new Error('no TimerFired event in the history');
  const handledEvent = events.slice(firedIndex).find((event) => historyEventType(event) === 'WorkflowTaskCompleted');
  return {
    dueAt,
    timelineAt: Date.parse(breached.at),
    timerFired: timestampMs(events[firedIndex]!.eventTime),
    handled: handledEvent ? timestampMs(handledEvent.eventTime) : Number.NaN,
    notified: notified ?? Number.NaN,
  };
}

function report(times: BreachTimes[], problems: string[]): void {
  for (const problem of problems.slice(0, 5)) console.log(`timers: could not read ${problem}`);
  if (problems.length > 5) console.log(`timers: … and ${problems.length - 5} more tickets that could not be read`);
  const line = (label: string, pick: (time: BreachTimes) => number): void => {
    const lateness = times.map((time) => pick(time) - time.dueAt).filter((value) => Number.isFinite(value));
    console.log(
      `timers: ${label.padEnd(58)} p50 ${ms(percentile(lateness, 50)).padStart(7)} ms, p99 ${ms(percentile(lateness, 99)).padStart(7)} ms, ` +
        `max ${ms(lateness.length ? Math.max(...lateness) : Number.NaN).padStart(7)} ms, min ${ms(lateness.length ? Math.min(...lateness) : Number.NaN).padStart(7)} ms (${lateness.length} tickets)`,
    );
  };
  console.log(`timers: lateness after the due instant (statusQuery clocks[].dueAt) of ${times.length} tickets:`);
  line('timer fired (history TimerFired, server time)', (time) => time.timerFired);
  line('breach handled (workflow task completed after the firing)', (time) => time.handled);
  line("team's breach notification reached the notify activity", (time) => time.notified);
  line('timeline sla_breached `at`', (time) => time.timelineAt);
  const exact = times.filter((time) => time.timelineAt === time.dueAt).length;
  console.log(
    `timers:   the timeline's sla_breached \`at\` equals the computed due instant for ${exact} of ${times.length} tickets: ` +
      'the engine records the due instant there, not the firing instant, so lateness is read from the history and the activity',
  );
}

function positiveInt(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

if (require.main === module) void runTimerLatenessBench();
