/**
 * Model-based testing of sopflow flows (`sopflow/testing`): generate paths through a flow's
 * machine, run them against the ticket engine or a real workflow on a time-skipping server,
 * and check properties of the runs.
 */
export { flowTestModel, DEFAULT_START_AT } from './flow-test-model';
export type { FlowTestModel, FlowTestModelOptions, RunOptions, WorkflowRunOptions } from './flow-test-model';
export { generatePaths, defaultPriority, DEFAULT_DEPTH, DEFAULT_MAX_PATHS } from './generate-paths';
export type { GeneratedPaths, PathGenerationOptions } from './generate-paths';
export { pathLabel, stepLabel } from './model-step';
export type { ExpectedStep, ModelPath, ModelStep, PathOrigin, RefusalReason } from './model-step';
export { finalStatus, notificationsOf, notified, reached, reachedTier } from './path-run';
export type { Divergence, PathRun, StepRecord } from './path-run';
export type { Observation } from './observation';
export { formatDivergence } from './divergence';
export { formatPropertyFailures, propertyFailures } from './properties';
export type { PathProperty, PropertyFailure } from './properties';
export { flowCoverage, percentText } from './coverage';
export type { CoverageFigure, FlowCoverage } from './coverage';
export { flowTransitions } from './flow-transitions';
export type { FlowTransition } from './flow-transitions';
export { WorkflowSession, DEFAULT_CONCURRENCY } from './workflow-session';
export type { WorkflowSessionOptions } from './workflow-session';
export { WorkflowUnderTest } from './workflow-under-test';
export type { HistoryRecorder } from './workflow-under-test';
export { EngineTicket } from './engine-ticket';
export { ModelTicket, TIME_STEP_MARGIN_MS, MAX_WAIT_MS } from './reference/model-ticket';
export type { AgentPicker } from './reference/model-ticket';
export { EngineUnderTest } from './engine-under-test';
export { runPath } from './run-path';
export type { PathRunContext } from './run-path';
export type { TicketUnderTest, TestSide } from './ticket-under-test';
export { flowMutations, MUTATION_OPERATORS } from './mutations';
export type { Mutation, MutationOperator } from './mutations';
export { mutationCheck } from './mutation-check';
export type { MutantOutcome, MutationReport } from './mutation-check';
export { runFlowTests } from './run-flow-tests';
export type { FlowTestOptions, FlowTestReport, FlowTestResult } from './run-flow-tests';
export { formatFlowTestReport, flowTestReportJson } from './test-report';
export { flowTestJunit } from './junit';
export { replayHistories, historyFiles, DEFAULT_HISTORY_DIR } from './replay-histories';
export type { ReplayOutcome } from './replay-histories';
export { loadFlowFixtures, flowFixtureSchema } from './test-fixtures';
export type { FlowFixtures } from './test-fixtures';
