import type { PositionedYaml } from '../../source/positioned-yaml';
import type { SourceProblem } from '../../source/problem';
import type { FlowDefinition } from '../definition';
import type { FlowSpec } from '../schema';
import type { Staffing } from './staffing';

/** A path into the flow file, e.g. `['states', 'l1_triage', 'on', 'RESOLVE', 'target']`. */
export type FlowPath = Array<string | number>;

/** What every lint rule sees: the flow as written, as normalized, and where each part came from. */
export interface LintContext {
  spec: FlowSpec;
  definition: FlowDefinition;
  source: PositionedYaml;
  /** Names of the known business calendars; without it, calendar names are not checked. */
  calendars?: ReadonlySet<string>;
  /** Who can be assigned (from the config); without it, `assign:` skills are not checked. */
  staffing?: Staffing;
}

/** One check of a flow; returns its problems, each positioned and carrying the rule's name. */
export interface LintRule {
  name: string;
  /** One sentence for documentation and `--help`. */
  description: string;
  check(context: LintContext): SourceProblem[];
}

/** Details of one problem, before it is positioned. */
export interface ProblemDetails {
  path: FlowPath;
  /** Report at the key (`l1_triage:`) rather than at its value. */
  at?: 'key' | 'value';
  message: string;
  hint?: string | undefined;
  severity?: 'error' | 'warning';
}

/** Builds a positioned problem for a rule. */
export function problemAt(context: LintContext, rule: string, details: ProblemDetails): SourceProblem {
  return {
    file: context.source.file,
    ...context.source.positionOf(details.path, details.at ?? 'value'),
    message: details.message,
    ...(details.hint ? { hint: details.hint } : {}),
    severity: details.severity ?? 'error',
    rule,
  };
}
