import type { TicketEventInput, TimelineEntry } from '../ticket/types';
import type { Observation } from './observation';

/** Which implementation a path ran against. */
export type TestSide = 'engine' | 'workflow';

/**
 * One ticket a path is run against: a ticket engine in memory, or a ticket workflow on a
 * Temporal test server. The path runner drives it step by step, in lockstep with the model.
 */
export interface TicketUnderTest {
  readonly side: TestSide;
  /** Opens the ticket; resolves to the instant it was created. */
  open(): Promise<number>;
  /** Sends an event; resolves to the instant it was applied, and why it was refused if it was. */
  send(event: TicketEventInput): Promise<{ at: number; refusal?: string }>;
  /**
   * Tells a ticket that shares its clock with others until when it needs no timer during its
   * next steps (so shared time may skip up to there); `horizon` is computed only if needed.
   */
  quietUntil(horizon: () => number): void;
  /** Lets time pass until `at`: timers due by then fire. */
  advanceTo(at: number): Promise<void>;
  /** What the ticket looks like after the last step and what the step caused; waits (bounded) until it matches `expected`. */
  observe(expected: Observation, refused: boolean): Promise<Observation>;
  /** The ticket's timeline so far, for traces. */
  timeline(): Promise<TimelineEntry[]>;
  /** Waits briefly for anything the ticket does after the last step; what arrives is a divergence. */
  leftovers(): Promise<{ notifications: string[]; assignments: string[] }>;
  /** Ends the ticket; a running workflow is terminated. */
  close(): Promise<void>;
}
