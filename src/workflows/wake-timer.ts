import { CancellationScope, isCancellation, sleep } from '@temporalio/workflow';

/**
 * One durable timer for a ticket's earliest due instant. A later instant keeps the armed timer
 * (it fires early, finds nothing due and re-arms): most tickets move on before their deadlines,
 * so this saves a cancel and a start per step. An earlier instant, or a paused clock, replaces it.
 */
export class WakeTimer {
  private armedAt: number | undefined;
  private armedScope: CancellationScope | undefined;
  private firedFlag = false;

  constructor(private readonly now: () => number) {}

  /** True once the armed timer fired, until `takeFired` is called. */
  get fired(): boolean {
    return this.firedFlag;
  }

  /** Reports whether the timer fired, and clears that. */
  takeFired(): boolean {
    const fired = this.firedFlag;
    this.firedFlag = false;
    return fired;
  }

  /** Makes the timer fire at `at` at the latest (undefined: no timer). */
  arm(at: number | undefined): void {
    if (at === this.armedAt || (at !== undefined && this.armedAt !== undefined && at > this.armedAt)) return;
    this.armedScope?.cancel();
    this.armedScope = undefined;
    this.armedAt = at;
    if (at === undefined) return;
    const scope = new CancellationScope();
    this.armedScope = scope;
    scope
      .run(() => sleep(Math.max(1, at - this.now())))
      .then(() => {
        if (this.armedScope === scope) {
          this.firedFlag = true;
          this.armedAt = undefined;
          this.armedScope = undefined;
        }
      })
      .catch((error: unknown) => {
        if (!isCancellation(error)) throw error;
      });
  }
}
