import type { FlowDefinition } from '../flow/definition';
import { flowTransitions } from './flow-transitions';
import type { PathRun } from './path-run';

/** Covered out of total, and what is missing. */
export interface CoverageFigure {
  covered: number;
  total: number;
  missing: string[];
}

/** What a set of runs exercised of a flow. */
export interface FlowCoverage {
  states: CoverageFigure;
  /** Every transition: event candidates, `after` timeouts, SLA breaches. */
  transitions: CoverageFigure;
  /** Of those, guarded branches and the fallbacks behind them. */
  guarded: CoverageFigure;
  /** Of those, SLA breaches (escalations and breach notifications). */
  breaches: CoverageFigure;
  /** Of those, `after` timeouts. */
  timeouts: CoverageFigure;
  /** Steps that checked a refusal. */
  refusals: number;
}

/** Coverage of a flow by the steps the runs took (up to a divergence). */
export function flowCoverage(flow: FlowDefinition, runs: readonly PathRun[]): FlowCoverage {
  const steps = runs.flatMap((run) => run.steps);
  const states = new Set(steps.map((step) => step.expected.state));
  const taken = new Set(steps.flatMap((step) => step.transitions));
  const all = flowTransitions(flow);
  const figure = (ids: string[], seen: ReadonlySet<string>): CoverageFigure => ({
    covered: ids.filter((id) => seen.has(id)).length,
    total: ids.length,
    missing: ids.filter((id) => !seen.has(id)),
  });
  const ids = (test: (transition: (typeof all)[number]) => boolean): string[] => all.filter(test).map((transition) => transition.id);
  return {
    states: figure(Object.keys(flow.states), states),
    transitions: figure(ids(() => true), taken),
    guarded: figure(ids((transition) => transition.guarded), taken),
    breaches: figure(ids((transition) => transition.kind === 'breach'), taken),
    timeouts: figure(ids((transition) => transition.kind === 'after'), taken),
    refusals: steps.filter((step) => step.expected.refused).length,
  };
}

/** A figure as `12/12 (100%)`. */
export function percentText(figure: Pick<CoverageFigure, 'covered' | 'total'>): string {
  const percent = figure.total === 0 ? 100 : (100 * figure.covered) / figure.total;
  return `${figure.covered}/${figure.total} (${Number.isInteger(percent) ? percent : percent.toFixed(1)}%)`;
}
