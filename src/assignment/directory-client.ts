import type { Client } from '@temporalio/client';
import type { PickAssigneeRequest, PickAssigneeResult } from '../activities/ticket-activities';
import type { SopflowConfig } from '../config/schema';
import { AGENT_DIRECTORY_ID, directoryBatchUpdate } from '../workflows/agent-directory-messages';
import type { BatchedOwnerRequest, DirectoryBatch } from '../workflows/agent-directory-messages';
import type { agentDirectoryWorkflow } from '../workflows/agent-directory-workflow';
import type { OwnerDecision, OwnerReport } from './directory-state';
import type { AgentPool } from './types';

interface Waiting<T, R> {
  item: T;
  giveUpAt: number;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/** How long a queued pick or report may wait for the directory before its caller is told it failed. */
const PATIENCE_MS = 60_000;
/** How long one batch may take before it is sent again (a directory whose worker stopped never answers). */
const UPDATE_TIMEOUT_MS = 20_000;
/** Requests per update: large enough for a burst, small enough for one workflow task. */
const BATCH_LIMIT = 250;
/**
 * Batches one worker keeps in flight. Two, so picks queued while a batch is on its way need not
 * wait for its answer to travel back before they leave (the directory decides them in its next
 * task), and so one slow update does not hold every pick; few, because Temporal allows 10
 * in-flight updates per workflow for all workers together (five workers at two each).
 */
const IN_FLIGHT_LIMIT = 2;
const FIRST_BACKOFF_MS = 50;
const MAX_BACKOFF_MS = 2000;

/**
 * The worker's side of the agent directory. Every owner pick and report of every ticket this
 * worker runs goes into one queue, and the queue is sent as batched updates, at most
 * IN_FLIGHT_LIMIT at a time: Temporal allows only a few updates in flight per workflow (10 by
 * default), so one update per pick collapses under a burst of tickets, while the batches of a
 * worker stay at two whatever the burst.
 * A failed batch (the directory continuing as new, the server busy) is sent again; request ids
 * make that safe, since the directory answers a request it already decided with the same decision.
 */
export class DirectoryClient {
  private readonly requests: Waiting<BatchedOwnerRequest, OwnerDecision>[] = [];
  private readonly reports: Waiting<OwnerReport, void>[] = [];
  private inFlight = 0;
  private pausedAfterFailure = false;
  private backoffMs = FIRST_BACKOFF_MS;
  private started: Promise<unknown> | undefined;
  private readonly sent = { batches: 0, requests: 0, largest: 0, failed: 0, updateMs: 0 };

  constructor(
    private readonly client: Client,
    private readonly config: SopflowConfig,
    private readonly taskQueue: string,
  ) {}

  /** Picks an owner for a ticket, or learns that it waits in the tier's queue, or why nobody can take it. */
  async pick(request: PickAssigneeRequest): Promise<PickAssigneeResult> {
    if (!this.config.pools[request.tier]) return { why: `no pool configured for ${request.tier}` };
    const owner: BatchedOwnerRequest = {
      id: request.requestId ?? `${request.ticket}:${request.tier}:${request.exclude.join(',')}`,
      ticket: request.ticket,
      tier: request.tier,
      ...(request.skill ? { skill: request.skill } : {}),
      ...(request.reason ? { reason: request.reason } : {}),
      fields: request.fields,
      exclude: request.exclude,
    };
    const decision = await this.enqueue(this.requests, owner);
    if ('agent' in decision) return { agent: decision.agent };
    if ('queued' in decision) return { queued: true, why: decision.why, alertTeam: decision.alertTeam };
    return { why: decision.why };
  }

  /** Reports a ticket's owner (set by hand, or released when the ticket closed). */
  report(report: OwnerReport): Promise<void> {
    return this.enqueue(this.reports, report);
  }

  private enqueue<T, R>(list: Waiting<T, R>[], item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      list.push({ item, giveUpAt: Date.now() + PATIENCE_MS, resolve, reject });
      this.send();
    });
  }

  /** Sends what waits, in as many batches as may be in flight; called again whenever a batch ends. */
  private send(): void {
    while (!this.pausedAfterFailure && this.inFlight < IN_FLIGHT_LIMIT && (this.requests.length || this.reports.length)) {
      const requests = this.requests.splice(0, BATCH_LIMIT);
      const reports = this.reports.splice(0, BATCH_LIMIT);
      this.inFlight += 1;
      void this.sendBatch(requests, reports).finally(() => {
        this.inFlight -= 1;
        this.send();
      });
    }
  }

  private async sendBatch(requests: Waiting<BatchedOwnerRequest, OwnerDecision>[], reports: Waiting<OwnerReport, void>[]): Promise<void> {
    const began = Date.now();
    try {
      await this.ensureDirectory();
      // Each tier's pool once per batch, not in every request.
      const pools = Object.fromEntries([...new Set(requests.map((waiting) => waiting.item.tier))].flatMap((tier) => this.poolEntry(tier)));
      const batch: DirectoryBatch = { requests: requests.map((waiting) => waiting.item), reports: reports.map((waiting) => waiting.item), pools };
      const decisions = await withTimeout(this.client.workflow.getHandle(AGENT_DIRECTORY_ID).executeUpdate(directoryBatchUpdate, { args: [batch] }), UPDATE_TIMEOUT_MS);
      this.sent.batches += 1;
      this.sent.requests += requests.length;
      this.sent.largest = Math.max(this.sent.largest, requests.length);
      this.sent.updateMs += Date.now() - began;
      requests.forEach((waiting, index) => waiting.resolve(decisions[index]!));
      reports.forEach((waiting) => waiting.resolve());
      this.backoffMs = FIRST_BACKOFF_MS;
    } catch (error) {
      this.sent.failed += 1;
      if (/not found/i.test(String((error as Error)?.message))) this.started = undefined;
      // Put the batch back in front, except what has waited too long; then every sender waits a
      // little (the directory is continuing as new, or the server is busy or at its update limit).
      const now = Date.now();
      const keep = <T, R>(list: Waiting<T, R>[]) => list.filter((waiting) => (waiting.giveUpAt > now ? true : (waiting.reject(error), false)));
      this.requests.unshift(...keep(requests));
      this.reports.unshift(...keep(reports));
      if (!this.pausedAfterFailure) {
        this.pausedAfterFailure = true;
        await new Promise((done) => setTimeout(done, this.backoffMs));
        this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
        this.pausedAfterFailure = false;
      }
    }
  }

  /**
   * Starts the directory and has it decide an empty batch, so the first real picks do not pay for
   * its start and the first task of a fresh worker (0.6 s in the burst bench, more on a busy
   * machine, against a quick try of 3 s). Call it when the worker starts; it resolves once the
   * directory answered, and never rejects (the first pick starts the directory anyway).
   */
  async warmUp(): Promise<boolean> {
    try {
      await this.ensureDirectory();
      await withTimeout(this.client.workflow.getHandle(AGENT_DIRECTORY_ID).executeUpdate(directoryBatchUpdate, { args: [{ requests: [], reports: [] }] }), UPDATE_TIMEOUT_MS);
      return true;
    } catch {
      return false;
    }
  }

  /** A tier's pool as the directory is told it (the configuration as it is now), or nothing for a tier without one. */
  private poolEntry(tier: string): Array<[string, AgentPool]> {
    const pool = this.config.pools[tier];
    return pool ? [[tier, { strategy: pool.strategy, agents: pool.agents.map((agent) => ({ id: agent.id, skills: agent.skills, capacity: agent.capacity })) }]] : [];
  }

  /** What this client sent so far, for benchmarks: batches, requests per batch, time per update. */
  stats(): string {
    const { batches, requests, largest, failed, updateMs } = this.sent;
    return `${batches} batches, ${(requests / Math.max(batches, 1)).toFixed(1)} requests per batch (largest ${largest}), ${(updateMs / Math.max(batches, 1)).toFixed(0)} ms per update, ${failed} failed`;
  }

  /** Starts the directory once per process (it may already run: then nothing happens). */
  private ensureDirectory(): Promise<unknown> {
    this.started ??= this.client.workflow
      .start<typeof agentDirectoryWorkflow>('agentDirectoryWorkflow', {
        workflowId: AGENT_DIRECTORY_ID,
        taskQueue: this.taskQueue,
        args: [{}],
        workflowIdConflictPolicy: 'USE_EXISTING',
      })
      .catch((error: unknown) => {
        this.started = undefined;
        throw error;
      });
    return this.started;
  }
}

/** The promise's result, or a rejection after `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the agent directory did not answer within ${ms / 1000} s`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
