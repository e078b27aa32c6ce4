/**
 * What a generated test path is made of. A path is plain JSON, so it can be printed, stored
 * in a report and run again against any engine or workflow of the same flow.
 */

/**
 * One thing that happens to a ticket: a client event, time passing until an SLA breach or an
 * `after` timeout, or time passing while nothing is due (`wait`: half the time to the next due
 * instant, at most a day), so clocks have run, or stood still, before the next event.
 */
export type ModelStep =
  | { kind: 'event'; event: string; data: Record<string, unknown>; refusal?: RefusalReason }
  | { kind: 'sla' }
  | { kind: 'after'; label: string; delayMs: number }
  | { kind: 'wait' };

/** A step that only lets time pass. */
export type TimeStep = Extract<ModelStep, { kind: 'sla' | 'after' | 'wait' }>;

/** Why an event step must be refused: its payload misses a required field, or no guard of its transitions holds. */
export type RefusalReason = 'missing-field' | 'no-guard-holds';

/** A step with the state the machine graph predicts after it. */
export interface ExpectedStep {
  step: ModelStep;
  /** State after the step; for a refused step, the unchanged state. */
  state: string;
}

/** How a path was chosen. */
export type PathOrigin = 'shortest' | 'transition' | 'simple' | 'refusal';

/** A generated path through a flow, from a new ticket. */
export interface ModelPath {
  /** `p01`, `p02`… in generation order, stable for the same flow and options. */
  id: string;
  flow: string;
  origin: PathOrigin;
  /** State a new ticket starts in. */
  initial: string;
  steps: ExpectedStep[];
}

/** A step as one short line: `IDENTITY_CHECKED {verified: true}`, `⏱ SLA breach`, `⏱ after 5d`, `⏱ time passes`. */
export function stepLabel(step: ModelStep): string {
  if (step.kind === 'sla') return '⏱ SLA breach';
  if (step.kind === 'wait') return '⏱ time passes';
  if (step.kind === 'after') return `⏱ after ${step.label}`;
  const entries = Object.entries(step.data);
  const payload = entries.length ? ` {${entries.map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(', ')}}` : '';
  return `${step.event}${payload}${step.refusal ? ' (must be refused)' : ''}`;
}

/** A path as one line: its steps joined by arrows. */
export function pathLabel(path: ModelPath): string {
  return path.steps.length ? path.steps.map((expected) => stepLabel(expected.step)).join(' → ') : '(new ticket only)';
}
