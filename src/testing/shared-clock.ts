import type { TestWorkflowEnvironment } from '@temporalio/testing';

/** One ticket's place at the shared clock. */
export interface ClockLane {
  /** Until when time may skip without firing a timer of this ticket; -Infinity until the ticket says. */
  quietUntil: number;
  sleeping: boolean;
}

/** Real time a skip may take; a skip blocked longer means the server holds a time lock it will not release. */
const SKIP_DEADLINE_MS = 60_000;

interface Sleeper {
  lane: ClockLane;
  at: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Time on a time-skipping server is global: skipping ahead for one ticket fires every other
 * ticket's timers too. Tickets tested concurrently therefore share this clock. A ticket that
 * waits for time says until when; a ticket that is running says until when it needs no timer
 * (`quietUntil`, from the model). The clock skips to the earliest instant a sleeper waits for
 * only when that lies before every running ticket's quiet horizon, so no ticket ever sees a
 * timer fire that its model did not expect.
 */
export class SharedClock {
  private readonly lanes = new Set<ClockLane>();
  private sleepers: Sleeper[] = [];
  private advancing: Promise<void> | undefined;
  /** Skips taken, for reports and benchmarks. */
  skips = 0;

  constructor(private readonly env: TestWorkflowEnvironment) {}

  /** A ticket joins; until it states a horizon, time holds still. Waits for a skip under way to finish. */
  async enter(): Promise<ClockLane> {
    while (this.advancing) await this.advancing;
    const lane: ClockLane = { quietUntil: -Infinity, sleeping: false };
    this.lanes.add(lane);
    return lane;
  }

  /** The ticket needs no timer before `until` while it runs its next steps. */
  quiet(lane: ClockLane, until: number): void {
    lane.quietUntil = until;
    this.kick();
  }

  /** The ticket is done with the clock. */
  leave(lane: ClockLane): void {
    this.lanes.delete(lane);
    this.kick();
  }

  /** Waits until server time has reached `at`; afterwards the lane holds time still again until it states a new horizon. */
  async sleepUntil(lane: ClockLane, at: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      lane.sleeping = true;
      this.sleepers.push({ lane, at, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.advancing || this.sleepers.length === 0) return;
    const target = Math.min(...this.sleepers.map((sleeper) => sleeper.at));
    const horizon = Math.min(...[...this.lanes].filter((lane) => !lane.sleeping).map((lane) => lane.quietUntil));
    if (target >= horizon) return;
    this.advancing = this.advance(target).finally(() => {
      this.advancing = undefined;
      this.kick();
    });
  }

  private async advance(target: number): Promise<void> {
    const due = this.sleepers.filter((sleeper) => sleeper.at <= target);
    this.sleepers = this.sleepers.filter((sleeper) => sleeper.at > target);
    const wake = (): void => {
      for (const sleeper of due) {
        sleeper.lane.sleeping = false;
        sleeper.lane.quietUntil = -Infinity;
      }
    };
    try {
      const now = await this.env.currentTimeMs();
      if (target > now) {
        this.skips += 1;
        await withDeadline(this.env.sleep(target - now), SKIP_DEADLINE_MS);
      }
      wake();
      for (const sleeper of due) sleeper.resolve();
    } catch (error) {
      wake();
      for (const sleeper of due) sleeper.reject(error);
    }
  }
}

async function withDeadline(skip: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the time-skipping server did not skip time within ${ms / 1000} s; something holds its time lock`)), ms);
  });
  try {
    await Promise.race([skip, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
