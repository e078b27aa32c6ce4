/**
 * sopflow's public API (`require('sopflow')`): what an editor integration, a CI check or an
 * embedding application needs to read and check SOP flows, calendars and the config, and to
 * report problems the way `sopflow validate` does. Running tickets goes through the CLI or
 * `src/client`; model-based testing is `sopflow/testing`.
 */
export { loadFlowDirectory, loadFlowFile, loadFlowOrThrow, loadFlowText } from './flow/load-flow';
export type { FlowDirectoryResult, FlowLoadOptions, FlowLoadResult } from './flow/load-flow';
export type { EventDefinition, FlowDefinition, StateDefinition, TransitionDefinition } from './flow/definition';
export type { FlowSpec } from './flow/schema';
export { compileMachine } from './flow/machine';
export { LINT_RULES } from './flow/lint/lint-flow';
export { staffingOf } from './flow/lint/staffing';
export type { Staffing } from './flow/lint/staffing';
export { TIERS, isEscalation, nextTier } from './flow/tier';
export type { Tier } from './flow/tier';
export { loadCalendars, loadCalendarsFile } from './sla/load-calendars';
export type { BusinessCalendar } from './sla/business-calendar';
export { addBusinessMs, businessMsBetween, isWorkingTime } from './sla/business-time';
export { ConfigError, loadConfig, parseConfig } from './config';
export type { SopflowConfig } from './config';
export { SourceProblemsError, formatProblem, sortProblems } from './source/problem';
export type { SourceProblem } from './source/problem';
