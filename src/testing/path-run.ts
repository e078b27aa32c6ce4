import type { Tier } from '../flow/schema';
import type { TicketStatus, TimelineEntry } from '../ticket/types';
import type { ModelPath } from './model-step';
import type { Observation } from './observation';
import type { TestSide } from './ticket-under-test';

/** One step of a run: what the model expected, what the ticket under test did. */
export interface StepRecord {
  /** 0 is the ticket being opened. */
  index: number;
  label: string;
  /** ISO instant the step happened at. */
  at: string;
  expected: Observation;
  actual: Observation;
  /** Flow transitions the step took (ids from `flowTransitions`), for coverage. */
  transitions: string[];
  /** The model's full status after the step: fields, clocks, allowed events. */
  status: TicketStatus;
}

/** Where and how a run left the model. */
export interface Divergence {
  flow: string;
  path: string;
  pathLabel: string;
  side: TestSide;
  /** Index of the step (0: opening the ticket). */
  step: number;
  stepLabel: string;
  /**
   * `mismatch`: the ticket under test differs from the model; `model`: the model disagrees
   * with the machine graph the path came from; `error`: the run itself failed.
   */
  kind: 'mismatch' | 'model' | 'error';
  expected?: Observation;
  actual?: Observation;
  differences: string[];
  /** The ticket's timeline up to the divergence. */
  timeline: TimelineEntry[];
}

/** A path run against one side. */
export interface PathRun {
  flow: string;
  path: ModelPath;
  side: TestSide;
  /** Ticket number (the workflow id on the server side). */
  ticket: string;
  ok: boolean;
  steps: StepRecord[];
  divergence?: Divergence;
  durationMs: number;
}

/** True when some step of the run ended in a state for which `test` holds (the state name, or a predicate on the model's status). */
export function reached(run: PathRun, test: string | ((status: TicketStatus) => boolean)): boolean {
  return run.steps.some((step) => (typeof test === 'string' ? step.actual.state === test : test(step.status)));
}

/** True when some step ended with the ticket worked at `tier`. */
export function reachedTier(run: PathRun, tier: Tier): boolean {
  return run.steps.some((step) => step.actual.tier === tier);
}

/** Every notification the run caused, as `template/audience`, step by step. */
export function notificationsOf(run: PathRun): string[] {
  return run.steps.flatMap((step) => step.actual.notifications);
}

/** True when the run notified `audience`, optionally with `template`, at any step. */
export function notified(run: PathRun, audience: string, template?: string): boolean {
  return notificationsOf(run).some((notification) => {
    const [kind, to] = notification.split('/');
    return to === audience && (template === undefined || kind === template);
  });
}

/** The model's status after the last step. */
export function finalStatus(run: PathRun): TicketStatus | undefined {
  return run.steps.at(-1)?.status;
}
