import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTicketActivities } from '../activities/ticket-activities';
import { registerTicketSearchAttributes } from '../runtime/register-search-attributes';
import { ticketWorkflowBundle } from '../runtime/workflow-bundle';
import { createTimeSkippingEnv } from '../servers';
import { ModelActivities } from './model-activities';
import { mapWithLimit } from './pool';
import { SharedClock } from './shared-clock';
import { DEFAULT_CONCURRENCY } from './test-defaults';

export { DEFAULT_CONCURRENCY } from './test-defaults';

/** How a workflow session runs paths. */
export interface WorkflowSessionOptions {
  /** A time-skipping environment to use; default: a new one, torn down by `close()`. */
  env?: TestWorkflowEnvironment;
  /** Paths run at once (default 8). */
  concurrency?: number;
  /** How long a workflow gets to catch up with the model after a step (default 10 s). */
  settleMs?: number;
}


/**
 * One time-skipping test server and one worker (the real workflow bundle, recording
 * activities) on which many paths run concurrently, their time steps coordinated by a shared
 * clock. Create once, run many paths, close.
 */
export class WorkflowSession {
  readonly activities = new ModelActivities();
  readonly clock: SharedClock;
  private failure: unknown;
  private running: Promise<void> | undefined;
  private worker: Worker | undefined;

  private constructor(
    readonly env: TestWorkflowEnvironment,
    readonly taskQueue: string,
    readonly concurrency: number,
    readonly settleMs: number,
    private readonly ownsEnv: boolean,
  ) {
    this.clock = new SharedClock(env);
  }

  /** Starts the server (unless given) and the worker. */
  static async create(options: WorkflowSessionOptions = {}): Promise<WorkflowSession> {
    const env = options.env ?? (await createTimeSkippingEnv());
    const session = new WorkflowSession(
      env,
      `sopflow-model-test-${process.pid}-${Date.now().toString(36)}`,
      options.concurrency ?? DEFAULT_CONCURRENCY,
      options.settleMs ?? 10_000,
      options.env === undefined,
    );
    try {
      await registerTicketSearchAttributes(env.connection);
      session.worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: session.taskQueue,
        workflowBundle: await ticketWorkflowBundle(),
        activities: createTicketActivities(session.activities),
      });
      session.running = session.worker.run().catch((error: unknown) => {
        session.failure = error;
      });
    } catch (error) {
      if (session.ownsEnv) await env.teardown();
      throw error;
    }
    return session;
  }

  /** Runs `task` for every item, `concurrency` at a time (each ticket takes its own place at the shared clock). */
  async forEach<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
    return mapWithLimit(items, this.concurrency, async (item) => {
      if (this.failure) throw this.failure;
      return task(item);
    });
  }

  /** Stops the worker, and the server if the session started it. */
  async close(): Promise<void> {
    try {
      this.worker?.shutdown();
      await this.running;
    } finally {
      if (this.ownsEnv) await this.env.teardown();
    }
  }
}
