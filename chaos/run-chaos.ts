import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { TicketClient } from '../src/client/ticket-client';
import { loadFlowCatalog } from '../src/runtime/flow-catalog';
import { freePort, startDevServer } from '../src/servers';
import type { DevServerHandle } from '../src/servers';
import { ticketSearchAttributeTypes } from '../src/ticket/search-attributes';
import type { TicketStatus } from '../src/ticket/types';
import { FLOWS_DIR, writeChaosConfig } from './chaos-config';
import { planFaults } from './fault-plan';
import type { Fault } from './fault-plan';
import { judgeChaosRun } from './judge';
import type { ChaosFigures, TicketOutcome } from './judge';
import { MailRecorder } from './mail-recorder';
import type { ChaosOptions } from './options';
import { PatientClient } from './patient-client';
import { seededRandom } from './seeded-random';
import type { SeededRandom } from './seeded-random';
import { CHAOS_FLOW, pickScript } from './ticket-script';
import type { TicketScript } from './ticket-script';
import { WorkerProcess } from './worker-process';

/** How long an agent waits for the ticket's owner before accepting it anyway. */
const OWNER_WAIT_MS = 120_000;

/** Progress lines to the console, with the time of day. */
export function consoleLog(line: string): void {
  console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}`);
}

/** What a run found, and what it was. */
export interface ChaosResult {
  figures: ChaosFigures;
  extra: { seconds: number; workerStarts: number; workerUnexpectedExits: number; smtpCameBack: boolean; options: ChaosOptions };
}

/** What one ticket of the run is, before and after. */
interface TicketPlan {
  index: number;
  key: string;
  customerEmail: string;
  script: TicketScript;
  number?: string;
  /** The agent stopped waiting for an owner and accepted the ticket anyway. */
  workedWithoutOwner?: boolean;
}

/**
 * The fault injector: fires each planned fault once the client has worked through its share of
 * the tickets (plus a random delay), one after the other, while the client keeps going.
 */
async function injectFaults(faults: Fault[], progress: () => number, act: (fault: Fault) => Promise<void>): Promise<void> {
  for (const fault of faults) {
    while (progress() < fault.atProgress) await sleep(200);
    await sleep(fault.jitterMs);
    await act(fault);
  }
}

/** Works one ticket through its script as an agent would, with a patient client. */
async function workTicket(plan: TicketPlan, client: PatientClient, random: SeededRandom, runId: string): Promise<void> {
  const number = await client.open({
    flow: CHAOS_FLOW,
    customer: { id: `chaos-${runId}-${plan.index}`, name: `Chaos Kunde ${plan.index}`, email: plan.customerEmail, language: 'de' },
    subject: `Störung ${plan.index}`,
    priority: 'P4',
    channel: 'phone',
    idempotencyKey: plan.key,
  });
  if (!number) return;
  plan.number = number;
  // An agent takes the ticket once it is theirs: wait for the owner, as the pool hands it out.
  let owner: string | undefined;
  const ownerDeadline = performance.now() + OWNER_WAIT_MS;
  while (!owner && performance.now() < ownerDeadline) {
    owner = (await client.status(number))?.assignee;
    if (!owner) await sleep(1000);
  }
  if (!owner) plan.workedWithoutOwner = true;
  for (const [step, event] of plan.script.events.entries()) {
    await sleep(random.between(50, 600));
    const sent = await client.send(number, { ...event, actor: owner ?? 'chaos-agent' }, `${plan.key}-${step}-${event.type}`);
    if (!sent) return;
  }
}

/** `npm run chaos`: see the README's Benchmarks section. `portBase` 0 picks free ports. */
export async function runChaos(options: ChaosOptions, log: (line: string) => void = consoleLog): Promise<ChaosResult> {
  const began = performance.now();
  const random = seededRandom(options.seed);
  const runId = `${options.seed}-${Date.now().toString(36)}`;
  const runDir = mkdtempSync(join(tmpdir(), 'sopflow-chaos-'));
  const configFile = writeChaosConfig(runDir);
  // Fixed for the whole run: the server and the SMTP server come back on the ports they left.
  const [port, uiPort, smtpPort] = options.portBase > 0 ? [options.portBase, options.portBase + 1, options.portBase + 2] : [await freePort(), await freePort(), await freePort()];
  log(`run ${runId} in ${runDir}: ${options.tickets} tickets, ${options.inFlight} in flight, ${options.kills} worker kills, server down ${options.serverDownSeconds} s, SMTP down ${options.smtpOutageSeconds} s, client timeout ${options.clientTimeoutMs} ms, seed ${options.seed}`);
  const mail = new MailRecorder(smtpPort, join(runDir, 'mail'));
  await mail.start();
  const startServer = (): Promise<DevServerHandle> => startDevServer({ dataDir: join(runDir, 'temporal'), port, uiPort, searchAttributes: ticketSearchAttributeTypes });
  let server = await startServer();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_NAMESPACE: server.namespace,
    SOPFLOW_TASK_QUEUE: `chaos-${runId}`,
    SOPFLOW_SMTP_PORT: String(smtpPort),
    SOPFLOW_ARCHIVE_DIR: join(runDir, 'archive'),
    SOPFLOW_CONFIG: configFile,
  };
  const worker = new WorkerProcess(['--flows', FLOWS_DIR, '--config', configFile], env, runDir, join(runDir, 'workers.log'));
  await worker.start();
  const connection = await Connection.connect({ address: server.address });
  const temporal = new Client({ connection, namespace: server.namespace });
  // A real client gives up on an answer after a few seconds and tries again with the same key.
  const client = new PatientClient(new TicketClient(temporal, loadFlowCatalog(FLOWS_DIR), { taskQueue: env.SOPFLOW_TASK_QUEUE!, answerTimeoutMs: options.clientTimeoutMs }));
  const plans: TicketPlan[] = Array.from({ length: options.tickets }, (_, index) => ({ index, key: `chaos-${runId}-${index}`, customerEmail: `chaos${index}@kunde.example`, script: pickScript(random) }));
  let done = 0;
  let smtpBackAt: number | undefined;
  let smtpReturn: Promise<void> = Promise.resolve();
  const faults = planFaults(options, random);
  const faultRandom = seededRandom(options.seed + 1);
  const faultsDone = injectFaults(faults, () => done / options.tickets, async (fault) => {
    if (fault.kind === 'kill-worker') {
      log(`SIGKILL worker (${done}/${options.tickets} tickets done)`);
      await worker.kill('SIGKILL');
      await sleep(faultRandom.between(500, 3000));
      // A worker that dies while starting is started again by WorkerProcess itself (and counted).
      await worker.start().catch((error: unknown) => log(`worker did not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`));
    } else if (fault.kind === 'restart-server') {
      log(`stopping the dev server for ${options.serverDownSeconds} s (${done}/${options.tickets} tickets done)`);
      await server.stop();
      await sleep(options.serverDownSeconds * 1000);
      server = await startServer();
      log('dev server back');
    } else {
      log(`SMTP server down for ${options.smtpOutageSeconds} s (${done}/${options.tickets} tickets done)`);
      await mail.stop();
      // In the background: kills may land during the outage.
      smtpReturn = sleep(options.smtpOutageSeconds * 1000).then(async () => {
        await mail.start();
        smtpBackAt = Date.now();
        log('SMTP server back');
      });
    }
  });
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < plans.length) {
      const plan = plans[next++]!;
      await workTicket(plan, client, random, runId);
      done += 1;
      if (done % 10 === 0) log(`${done}/${options.tickets} tickets worked through`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.inFlight, plans.length) }, lane));
  log('every ticket worked through; waiting for the remaining faults');
  await faultsDone;
  await smtpReturn;
  log(`waiting up to ${options.settleSeconds} s for every ticket to close (mails out, record archived)`);
  const settleDeadline = performance.now() + options.settleSeconds * 1000;
  const closed = new Set<string>();
  while (performance.now() < settleDeadline) {
    for (const plan of plans) {
      if (!plan.number || closed.has(plan.number)) continue;
      try {
        const description = await temporal.workflow.getHandle(plan.number).describe();
        if (description.status.name !== 'RUNNING') closed.add(plan.number);
      } catch {
        // Server busy: asked again next round.
      }
    }
    if (closed.size === plans.filter((plan) => plan.number).length) break;
    await sleep(2000);
  }
  log(`${closed.size} tickets closed; reading their timelines`);
  const outcomes: TicketOutcome[] = [];
  for (const plan of plans) {
    const outcome: TicketOutcome = {
      number: plan.number ?? `(not opened ${plan.key})`,
      customerEmail: plan.customerEmail,
      script: plan.script,
      closed: plan.number ? closed.has(plan.number) : false,
      ...(plan.workedWithoutOwner ? { workedWithoutOwner: true } : {}),
    };
    if (plan.number) {
      const status = await client.status(plan.number);
      const timeline = status ? await client.timeline(plan.number) : undefined;
      if (status) outcome.kind = status.kind;
      if (timeline) outcome.timeline = timeline;
      if (!status || !timeline) {
        // A query replays the ticket's history; when that fails, the completed workflow's result still tells its state.
        const result = await temporal.workflow
          .getHandle(plan.number)
          .result()
          .then((answer: TicketStatus) => answer, () => undefined);
        if (result) outcome.kind = result.kind;
        outcome.unreadable = 'the ticket did not answer a query (see the worker log)';
        log(`timeline unreadable: ${plan.number} (${plan.script.name}), state from its result: ${result?.state ?? 'unknown'}`);
      }
    }
    outcomes.push(outcome);
  }
  const figures = judgeChaosRun(outcomes, mail.mails, client.records, smtpBackAt);
  const reasons = [...client.retryReasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  for (const [reason, times] of reasons) log(`client retried ${times}x after: ${reason}`);
  for (const outcome of outcomes.filter((candidate) => candidate.kind !== 'final')) log(`stuck: ${outcome.number} (${outcome.script.name}) in ${outcome.timeline?.filter((entry) => entry.kind === 'transition').at(-1)?.to ?? 'unknown'}`);
  await worker.kill('SIGTERM');
  await connection.close().catch(() => undefined);
  await server.stop();
  await mail.stop();
  if (options.keep) log(`kept ${runDir}`);
  else rmSync(runDir, { recursive: true, force: true });
  const extra = { seconds: Math.round((performance.now() - began) / 1000), workerStarts: worker.starts, workerUnexpectedExits: worker.unexpectedExits, smtpCameBack: smtpBackAt !== undefined, options };
  return { figures, extra };
}
