import type { TestWorkflowEnvironment } from '@temporalio/testing';

interface Sleeper {
  at: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Time on a time-skipping server is global: skipping ahead for one ticket fires every other
 * ticket's timers too. Paths run concurrently therefore share this clock, which moves only when
 * every running path is waiting for time, and then only to the earliest instant any of them
 * waits for. A path between two steps holds the clock still; no ticket sees time it did not ask for.
 */
export class SharedClock {
  private running = 0;
  private sleepers: Sleeper[] = [];
  private advancing: Promise<void> | undefined;

  constructor(private readonly env: TestWorkflowEnvironment) {}

  /** A path starts: the clock holds still until it waits or leaves. Waits for an advance under way to finish. */
  async enter(): Promise<void> {
    while (this.advancing) await this.advancing;
    this.running += 1;
  }

  /** A path is done. */
  leave(): void {
    this.running -= 1;
    this.kick();
  }

  /** Waits until server time has reached `at`; the path counts as running again afterwards. */
  async sleepUntil(at: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.sleepers.push({ at, resolve, reject });
      this.running -= 1;
      this.kick();
    });
  }

  private kick(): void {
    if (this.advancing || this.running > 0 || this.sleepers.length === 0) return;
    this.advancing = this.advance().finally(() => {
      this.advancing = undefined;
      this.kick();
    });
  }

  private async advance(): Promise<void> {
    const target = Math.min(...this.sleepers.map((sleeper) => sleeper.at));
    const due = this.sleepers.filter((sleeper) => sleeper.at <= target);
    this.sleepers = this.sleepers.filter((sleeper) => sleeper.at > target);
    this.running += due.length;
    try {
      const now = await this.env.currentTimeMs();
      if (target > now) await this.env.sleep(target - now);
      for (const sleeper of due) sleeper.resolve();
    } catch (error) {
      for (const sleeper of due) sleeper.reject(error);
    }
  }
}
