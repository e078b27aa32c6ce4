/**
 * Runs a ticket's local activities one at a time, and at most `perTask` of them per workflow task.
 *
 * One at a time, because the results of concurrent local activities reach the workflow in the
 * order they finished, but on replay in the order they were scheduled: code resuming in another
 * order issues its commands in another order, which replay rejects. At most a few per workflow
 * task, because a workflow task that waits too long on local activities gets extended, and a
 * local activity that outlives its workflow task replays out of order relative to updates.
 * Workflow time stands still within a workflow task, so it tells the tasks apart.
 */
export class LocalLane {
  private tail: Promise<unknown> = Promise.resolve();
  private taskTime = Number.NaN;
  private startedInTask = 0;

  constructor(
    private readonly now: () => number,
    private readonly perTask: number,
  ) {}

  /** Runs `local` after the lane's earlier work, or `fallback` (a regular activity) when this task's budget is spent. */
  run<T>(local: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    const at = this.now();
    if (at !== this.taskTime) {
      this.taskTime = at;
      this.startedInTask = 0;
    }
    if (this.startedInTask >= this.perTask) return fallback();
    this.startedInTask += 1;
    const attempt = this.tail.then(local);
    // Later local work waits for this attempt only, never for a fallback that may retry for days.
    this.tail = attempt.catch(() => undefined);
    return attempt.catch(() => fallback());
  }
}
