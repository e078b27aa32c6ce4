/** Thrown inside the lane when a local attempt would not finish inside the workflow task's budget. */
class OverBudget extends Error {}

/**
 * Runs a ticket's local activities one at a time, and only while they fit in the current
 * workflow task; otherwise the caller's fallback (a regular activity) runs instead.
 *
 * One at a time, because the results of concurrent local activities reach the workflow in the
 * order they finished, but on replay in the order they were scheduled: code resuming in another
 * order issues its commands in another order, which replay rejects.
 *
 * Inside the workflow task, because a task that waits too long on local activities is extended
 * by the SDK, and a local activity that outlives its workflow task replays out of order relative
 * to updates. Within a task, workflow time moves only when a local activity finishes (to its
 * recorded completion time, the same on replay); a lane that was idle and sees a later time is
 * in a new task. A local attempt starts only if, even if it runs into its timeout, the chain of
 * local work of this task stays within `budgetMs`.
 *
 * That budget counts attempts, each at its full timeout, not the time the chain has taken: when
 * the SDK extends a task that waits on a local activity, the live run sees the first part's start
 * time and then the extension's, while a replay sees only the extension's, so a budget measured
 * in workflow time chose the durable path live and the local one on replay (found by the chaos
 * run: "No command scheduled for event ActivityTaskScheduled"). `countsAttempts` is false only for
 * runs that began with the time-measured budget (see ticket-effects.ts), which must replay as they ran.
 */
export class LocalLane {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private idleAt = Number.NaN;
  private chainStart = Number.NaN;
  private chainAttempts = 0;

  constructor(
    private readonly now: () => number,
    /** Longest a local attempt may take (its schedule-to-close timeout). */
    private readonly attemptMs: number,
    /** Local work one workflow task may hold, well below the SDK's extension point (80% of the task timeout). */
    private readonly budgetMs: number,
    /** Whether the budget counts attempts (replay-safe) or measures workflow time (runs from before). */
    private readonly countsAttempts: () => boolean = () => true,
  ) {}

  /** Runs `local` after the lane's earlier local work, or `fallback` when it fails or would not fit. */
  run<T>(local: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (this.pending === 0 && this.now() !== this.idleAt) {
      this.chainStart = this.now();
      this.chainAttempts = 0;
    }
    this.pending += 1;
    const attempt = this.tail.then(() => {
      const spent = this.countsAttempts() ? this.chainAttempts * this.attemptMs : this.now() - this.chainStart;
      if (spent + this.attemptMs > this.budgetMs) throw new OverBudget();
      this.chainAttempts += 1;
      return local();
    });
    const settled = attempt.finally(() => {
      this.pending -= 1;
      if (this.pending === 0) this.idleAt = this.now();
    });
    // Later local work waits for this attempt only, never for a fallback that may retry for days.
    this.tail = settled.catch(() => undefined);
    return settled.catch(() => fallback());
  }
}
