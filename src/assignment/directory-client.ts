import type { Client } from '@temporalio/client';
import type { PickAssigneeRequest, PickAssigneeResult } from '../activities/ticket-activities';
import type { SopflowConfig } from '../config/schema';
import { AGENT_DIRECTORY_ID, directoryBatchUpdate } from '../workflows/agent-directory-messages';
import type { agentDirectoryWorkflow } from '../workflows/agent-directory-workflow';
import type { OwnerDecision, OwnerReport, OwnerRequest } from './directory-state';

interface Waiting<T, R> {
  item: T;
  giveUpAt: number;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/** How long a queued pick or report may wait for the directory before its caller is told it failed. */
const PATIENCE_MS = 60_000;
/** Requests per update: large enough for a burst, small enough for one workflow task. */
const BATCH_LIMIT = 250;

/**
 * The worker's side of the agent directory. Every owner pick and report of every ticket this
 * worker runs goes into one queue, and the queue is sent as ONE update at a time: Temporal
 * allows only a few updates in flight per workflow (10 by default), so one update per pick
 * collapses under a burst of tickets, while a batch per worker stays at one whatever the burst.
 * A failed batch (the directory continuing as new, the server busy) is sent again; request ids
 * make that safe, since the directory answers a request it already decided with the same decision.
 */
export class DirectoryClient {
  private readonly requests: Waiting<OwnerRequest, OwnerDecision>[] = [];
  private readonly reports: Waiting<OwnerReport, void>[] = [];
  private sending = false;
  private started: Promise<unknown> | undefined;

  constructor(
    private readonly client: Client,
    private readonly config: SopflowConfig,
    private readonly taskQueue: string,
  ) {}

  /** Picks an owner for a ticket, or learns that it waits in the tier's queue, or why nobody can take it. */
  async pick(request: PickAssigneeRequest): Promise<PickAssigneeResult> {
    const pool = this.config.pools[request.tier];
    if (!pool) return { why: `no pool configured for ${request.tier}` };
    const owner: OwnerRequest = {
      id: request.requestId ?? `${request.ticket}:${request.tier}:${request.exclude.join(',')}`,
      ticket: request.ticket,
      tier: request.tier,
      ...(request.skill ? { skill: request.skill } : {}),
      ...(request.reason ? { reason: request.reason } : {}),
      fields: request.fields,
      exclude: request.exclude,
      pool: { strategy: pool.strategy, agents: pool.agents.map((agent) => ({ id: agent.id, skills: agent.skills, capacity: agent.capacity })) },
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
      void this.send();
    });
  }

  private async send(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      for (let backoff = 50; this.requests.length || this.reports.length; ) {
        const requests = this.requests.splice(0, BATCH_LIMIT);
        const reports = this.reports.splice(0, BATCH_LIMIT);
        try {
          await this.ensureDirectory();
          const decisions = await this.client.workflow
            .getHandle(AGENT_DIRECTORY_ID)
            .executeUpdate(directoryBatchUpdate, { args: [{ requests: requests.map((r) => r.item), reports: reports.map((r) => r.item) }] });
          requests.forEach((waiting, index) => waiting.resolve(decisions[index]!));
          reports.forEach((waiting) => waiting.resolve());
          backoff = 50;
        } catch (error) {
          if (/not found/i.test(String((error as Error)?.message))) this.started = undefined;
          // Put the batch back in front, except what has waited too long; then wait a little.
          const now = Date.now();
          const keep = <T, R>(list: Waiting<T, R>[]) => list.filter((waiting) => (waiting.giveUpAt > now ? true : (waiting.reject(error), false)));
          this.requests.unshift(...keep(requests));
          this.reports.unshift(...keep(reports));
          await new Promise((done) => setTimeout(done, backoff));
          backoff = Math.min(backoff * 2, 2000);
        }
      }
    } finally {
      this.sending = false;
    }
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
