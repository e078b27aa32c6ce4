import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { DirectoryClient } from '../src/assignment/directory-client';
import { ticketStartOptions } from '../src/client/ticket-client';
import { loadConfig } from '../src/config';
import type { SopflowConfig } from '../src/config/schema';
import { loadFlowFile } from '../src/flow/load-flow';
import { createTicketWorker } from '../src/runtime/ticket-worker';
import { directoryTaskQueue } from '../src/runtime/task-queue';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { AGENT_DIRECTORY_ID, directoryViewQuery } from '../src/workflows/agent-directory-messages';
import { sendEventUpdate } from '../src/workflows/ticket-messages';
import type { ticketWorkflow } from '../src/workflows/ticket-workflow';
import { emitJson } from './json-output';
import { cpuMeter, historyEventType, ms, noopTicketDeps, percentile, runPool, timestampMs, takeSdkWarnings, withBenchServer } from './temporal-support';

/** Tickets opened; `SOPFLOW_BENCH_BURST_TICKETS` overrides. */
const TICKETS = Number(process.env['SOPFLOW_BENCH_BURST_TICKETS'] ?? 1000);
/** Tickets opening at once, as in the measurement that found the collapse. */
const OPENING_WINDOW = 50;
const AGENTS_PER_TIER = 10;
/** How long the bench waits for the burst to settle before it reports what it has. */
const SETTLE_LIMIT_MS = 600_000;

/**
 * A pool per tier that can take the whole burst (10 agents, capacity 110 each) and has every
 * skill the flow asks for, so "fully assigned" is reachable and the figure measures picking,
 * not staffing. The queue path (capacity exhausted) is exercised by the tests.
 */
function burstConfig(flowSkills: string[]): SopflowConfig {
  const config = loadConfig(join(__dirname, '..', 'sopflow.config.yaml'));
  const capacity = Math.ceil((TICKETS * 1.1) / AGENTS_PER_TIER);
  const pool = (tier: string, strategy: 'round-robin' | 'least-loaded') => ({
    strategy,
    agents: Array.from({ length: AGENTS_PER_TIER }, (_, i) => ({ id: `${tier.toLowerCase()}-agent-${i}`, name: `${tier} agent ${i}`, email: `${tier}${i}@example.org`, skills: flowSkills, capacity })),
  });
  return { ...config, pools: { L1: pool('L1', 'round-robin'), L2: pool('L2', 'least-loaded'), L3: pool('L3', 'least-loaded') } };
}

/** What one phase (opening, or escalating) measured. */
interface PhaseFigures {
  requestSeconds: number;
  assignedSeconds: number;
  /** CPU per ticket from the phase's start until every owner was known: the dev server's, and this process's (worker and client). */
  serverCpuMs: number;
  benchCpuMs: number;
  assigned: number;
  nobodyAvailable: number;
  failedPicks: number;
  /** Picks whose quick try (a local activity) gave up, so the owner came on the durable path. */
  quickPicksMissed: number;
}

/**
 * `npm run bench -- burst`: 1,000 tickets of password-reset opened 50 at a time on the dev
 * server with one worker, then all 1,000 escalated to L2 the same way. Every pick goes through
 * the real agent directory (its own load book, one batched update per worker). Reports the time
 * to start, the time until every ticket has an owner, picks per second, failed picks and the
 * highest load any agent had relative to capacity (sampled from the directory).
 */
export async function runBurstBench(): Promise<void> {
  const loaded = loadFlowFile(join(__dirname, '..', 'flows', 'password-reset.yaml'));
  if (!loaded.ok) throw new Error(`flows/password-reset.yaml does not load: ${loaded.problems.map((problem) => problem.message).join('; ')}`);
  const flow = loaded.definition;
  const skills = [...new Set(Object.values(flow.states).flatMap((state) => state.entry.flatMap((action) => ('assign' in action && action.skill ? [action.skill] : []))))] as string[];
  const config = burstConfig(skills);
  await withBenchServer(async ({ server, client, workerConnection }) => {
    const cpu = cpuMeter(server);
    const taskQueue = `bench-burst-${Date.now().toString(36)}`;
    const assignedAt = new Map<string, number>();
    // Where a ticket's time goes between its start and its owner: `${number}/${tier}` -> instant.
    const startedAt = new Map<string, number>();
    const pickCalledAt = new Map<string, number>();
    const pickAnsweredAt = new Map<string, number>();
    let failedPicks = 0;
    let quickPicksMissed = 0;
    const queued = new Set<string>();
    const directory = new DirectoryClient(client, config, directoryTaskQueue(taskQueue));
    const { deps } = noopTicketDeps((request) => {
      if (request.kind === 'assigned') assignedAt.set(`${request.ticket.number}/${request.ticket.tier}`, performance.now());
      if (request.kind === 'assignment_failed' && !/within capacity/.test(request.reason ?? '')) failedPicks += 1;
    });
    const worker = await createTicketWorker({
      connection: workerConnection,
      taskQueue,
      tickets: {
        notify: deps.notify,
        async pickAssignee(request) {
          const key = `${request.ticket}/${request.tier}`;
          // A second call for the same ticket and tier is the durable path: the quick try gave up (3 s).
          if (pickCalledAt.has(key)) quickPicksMissed += 1;
          else pickCalledAt.set(key, performance.now());
          try {
            const result = await directory.pick(request);
            pickAnsweredAt.set(key, performance.now());
            if (result.queued) queued.add(request.ticket);
            else if (!result.agent) failedPicks += 1;
            return result;
          } catch (error) {
            failedPicks += 1;
            throw error;
          }
        },
        reportOwner: (report) => directory.report(report),
      },
      directory: { client },
    });
    let overCapacity = 0;
    let peakLoadPct = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        try {
          const view = await client.workflow.getHandle(AGENT_DIRECTORY_ID).query(directoryViewQuery);
          for (const pool of Object.values(config.pools)) {
            for (const agent of pool.agents) {
              const load = view.loads[agent.id] ?? 0;
              peakLoadPct = Math.max(peakLoadPct, (100 * load) / agent.capacity);
              if (load > agent.capacity) overCapacity += 1;
            }
          }
        } catch {
          // The directory starts with the first pick.
        }
        await sleep(500);
      }
    })();
    const numbers = Array.from({ length: TICKETS }, (_, i) => `BURST-${Date.now().toString(36)}-${i}`);
    const settle = async (tier: string, since: number): Promise<number> => {
      const deadline = performance.now() + SETTLE_LIMIT_MS;
      while (performance.now() < deadline) {
        const done = numbers.filter((number) => assignedAt.has(`${number}/${tier}`) || (tier === 'L1' && queued.has(number))).length;
        if (done === numbers.length) break;
        await sleep(100);
      }
      const last = Math.max(...numbers.map((number) => assignedAt.get(`${number}/${tier}`) ?? since));
      return (last - since) / 1000;
    };
    const phases: Record<string, PhaseFigures> = {};
    await worker.runUntil(async () => {
      // As a worker does when it starts (worker-runtime.ts), long before a burst.
      const warming = performance.now();
      const warm = await directory.warmUp();
      console.log(`burst: directory ${warm ? 'ready' : 'NOT ready'} after ${ms(performance.now() - warming)} ms`);
      const opened = performance.now();
      let cpuBefore = cpu();
      await runPool(TICKETS, OPENING_WINDOW, async (i) => {
        const ticket = { number: numbers[i]!, customer: { id: `burst-${i}`, name: 'Burst Customer', email: `burst${i}@example.org`, language: 'de' }, channel: 'email', subject: 'Passwort vergessen', priority: 'P2', topic: `burst-${i}`, fields: {} };
        await client.workflow.start<typeof ticketWorkflow>('ticketWorkflow', ticketStartOptions({ flow, calendar: CALENDAR_24X7, ticket }, taskQueue));
        startedAt.set(`${ticket.number}/L1`, performance.now());
      });
      const startSeconds = (performance.now() - opened) / 1000;
      const failedBefore = failedPicks;
      const missedBefore = quickPicksMissed;
      const openAssignedSeconds = await settle('L1', opened);
      let cpuAfter = cpu();
      phases['open'] = {
        requestSeconds: startSeconds,
        assignedSeconds: openAssignedSeconds,
        serverCpuMs: (cpuAfter.serverMs - cpuBefore.serverMs) / TICKETS,
        benchCpuMs: (cpuAfter.benchMs - cpuBefore.benchMs) / TICKETS,
        assigned: numbers.filter((number) => assignedAt.has(`${number}/L1`)).length,
        nobodyAvailable: numbers.filter((number) => queued.has(number) && !assignedAt.has(`${number}/L1`)).length,
        failedPicks,
        quickPicksMissed,
      };
      console.log(`  first task of 20 tickets (from their histories): ${await firstTasks(client, numbers)}`);
      console.log(`  directory history: ${await historySize(client, AGENT_DIRECTORY_ID)}`);
      const escalated = performance.now();
      cpuBefore = cpu();
      await runPool(TICKETS, OPENING_WINDOW, async (i) => {
        startedAt.set(`${numbers[i]!}/L2`, performance.now());
        await client.workflow.getHandle(numbers[i]!).executeUpdate(sendEventUpdate, { args: [{ type: 'ESCALATE', data: { reason: 'burst' } }], updateId: `burst-escalate-${i}` });
      });
      const escalateRequestSeconds = (performance.now() - escalated) / 1000;
      const escalateAssignedSeconds = await settle('L2', escalated);
      cpuAfter = cpu();
      phases['escalate'] = {
        requestSeconds: escalateRequestSeconds,
        assignedSeconds: escalateAssignedSeconds,
        serverCpuMs: (cpuAfter.serverMs - cpuBefore.serverMs) / TICKETS,
        benchCpuMs: (cpuAfter.benchMs - cpuBefore.benchMs) / TICKETS,
        assigned: numbers.filter((number) => assignedAt.has(`${number}/L2`)).length,
        nobodyAvailable: 0,
        failedPicks: failedPicks - failedBefore,
        quickPicksMissed: quickPicksMissed - missedBefore,
      };
    });
    sampling = false;
    await sampler;
    const open = phases['open']!;
    const escalate = phases['escalate']!;
    for (const [name, phase] of Object.entries(phases)) {
      console.log(
        `burst ${name}: ${TICKETS} tickets requested in ${phase.requestSeconds.toFixed(1)} s, every owner within ${phase.assignedSeconds.toFixed(1)} s ` +
          `(${(phase.assigned / Math.max(phase.assignedSeconds, 0.001)).toFixed(0)} picks/s); assigned ${phase.assigned}, nobody available ${phase.nobodyAvailable}, failed picks ${phase.failedPicks}, quick picks that gave up ${phase.quickPicksMissed}`,
      );
      console.log(`  CPU per ticket: dev server ${ms(phase.serverCpuMs)} ms, worker and client ${ms(phase.benchCpuMs)} ms`);
      const floor = cpuFloorSeconds(phase);
      console.log(
        `  CPU floor: that CPU for ${TICKETS} tickets on ${availableParallelism()} cores takes at least ${floor.toFixed(1)} s, ${(floor / phase.requestSeconds).toFixed(2)}x the request time ` +
          `(the dev server, the worker and the client share these cores, so the 2x target can be met here only while this is under 2x)`,
      );
      const tier = name === 'open' ? 'L1' : 'L2';
      console.log(`  ${timeline(numbers.map((number) => `${number}/${tier}`), [['until the pick', startedAt, pickCalledAt], ['pick', pickCalledAt, pickAnsweredAt], ['pick to owner mail', pickAnsweredAt, assignedAt]])}`);
      const slow = numbers.map((number, index) => [index, (pickAnsweredAt.get(`${number}/${tier}`) ?? 0) - (pickCalledAt.get(`${number}/${tier}`) ?? 0)] as const).filter(([, took]) => took > 2500);
      console.log(`  picks over 2.5 s (by opening order): ${slow.length}${slow.length ? `, tickets ${slow.slice(0, 12).map(([index, took]) => `#${index} ${(took / 1000).toFixed(1)} s`).join(', ')}` : ''}`);
      console.log(`  target: assigned within 2x the request time (${ms(phase.requestSeconds * 2000)}): ${phase.assignedSeconds <= phase.requestSeconds * 2 ? 'met' : 'MISSED'}; 0 failed picks: ${phase.failedPicks === 0 ? 'met' : 'MISSED'}`);
    }
    console.log(`  directory: ${directory.stats()}`);
    console.log(`burst: agents over capacity in ${overCapacity} samples (target 0); peak load ${peakLoadPct.toFixed(0)}% of capacity`);
    const warnings = takeSdkWarnings();
    if (warnings) console.log(`  ${warnings}`);
    emitJson({
          bench: 'burst',
          tickets: TICKETS,
          assigned: open.assigned,
          nobodyAvailable: open.nobodyAvailable,
          failedPicks: open.failedPicks + escalate.failedPicks,
          quickPicksMissed: open.quickPicksMissed,
          overCapacity,
          startSeconds: open.requestSeconds,
          assignedSeconds: open.assignedSeconds,
          cpuFloorSeconds: Number(cpuFloorSeconds(open).toFixed(1)),
          serverCpuMsPerTicket: open.serverCpuMs,
          workerCpuMsPerTicket: open.benchCpuMs,
          load: loadavg()[0],
          escalations: { requestSeconds: escalate.requestSeconds, assignedSeconds: escalate.assignedSeconds, assigned: escalate.assigned, failedPicks: escalate.failedPicks, quickPicksMissed: escalate.quickPicksMissed },
    });
  });
}

/**
 * The least time the phase's CPU (dev server, worker and client, all on this machine) needs on
 * this machine's cores, even if every core were busy all the time: the figure to compare the
 * burst with, because a ticket's first task cannot run before the CPU it needs is there.
 */
function cpuFloorSeconds(phase: PhaseFigures): number {
  return ((phase.serverCpuMs + phase.benchCpuMs) * TICKETS) / 1000 / availableParallelism();
}

/** p50 / p95 / max of each span (from one instant to the next, per key), in ms. */
function timeline(keys: readonly string[], spans: readonly [string, Map<string, number>, Map<string, number>][]): string {
  return spans
    .map(([name, from, to]) => {
      const values = keys.flatMap((key) => (from.has(key) && to.has(key) ? [to.get(key)! - from.get(key)!] : []));
      return `${name} p50 ${ms(percentile(values, 50))} p95 ${ms(percentile(values, 95))} max ${ms(percentile(values, 100))} ms`;
    })
    .join('; ');
}

/** How long the first workflow task of evenly spread tickets waited in the queue, and ran (p50 / max). */
async function firstTasks(client: Client, numbers: readonly string[]): Promise<string> {
  const sample = Array.from({ length: 20 }, (_, i) => numbers[Math.floor((i * numbers.length) / 20)]!);
  const queued: number[] = [];
  const ran: number[] = [];
  const tasks: number[] = [];
  for (const number of sample) {
    const events = (await client.workflow.getHandle(number).fetchHistory()).events ?? [];
    const at = (type: string): number => timestampMs(events.find((event) => historyEventType(event) === type)?.eventTime);
    queued.push(at('WorkflowTaskStarted') - at('WorkflowExecutionStarted'));
    ran.push(at('WorkflowTaskCompleted') - at('WorkflowTaskStarted'));
    tasks.push(events.filter((event) => historyEventType(event) === 'WorkflowTaskCompleted').length);
  }
  return `queued p50 ${ms(percentile(queued, 50))} max ${ms(percentile(queued, 100))} ms; ran p50 ${ms(percentile(ran, 50))} max ${ms(percentile(ran, 100))} ms; workflow tasks per ticket max ${Math.max(...tasks)}`;
}

/** Events and bytes of a workflow's current run. */
async function historySize(client: Client, workflowId: string): Promise<string> {
  const handle = client.workflow.getHandle(workflowId);
  const description = await handle.describe();
  return `${description.historyLength} events, ${((description.historySize ?? 0) / 1024).toFixed(0)} KB in this run`;
}
