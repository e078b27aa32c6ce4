import { dirname, join } from 'node:path';
import type { FlowDefinition } from '../flow/definition';
import { loadFlowOrThrow } from '../flow/load-flow';
import type { BusinessCalendar } from '../sla/business-calendar';
import { loadCalendarsFile } from '../sla/load-calendars';
import type { TicketInfo } from '../ticket/types';
import { flowCoverage } from './coverage';
import type { FlowCoverage } from './coverage';
import { EngineUnderTest } from './engine-under-test';
import { defaultPriority, generatePaths } from './generate-paths';
import type { GeneratedPaths, PathGenerationOptions } from './generate-paths';
import type { ModelPath } from './model-step';
import type { PathRun } from './path-run';
import { propertyFailures } from './properties';
import type { PathProperty, PropertyFailure } from './properties';
import { formatPropertyFailures } from './properties';
import { predictPath } from './reference/predict-path';
import { runPath } from './run-path';
import type { TestSide } from './ticket-under-test';
import type { WorkflowSession } from './workflow-session';
import { WorkflowUnderTest } from './workflow-under-test';
import type { HistoryRecorder } from './workflow-under-test';
import { loadFlowFixtures } from './test-fixtures';
import type { FlowFixtures } from './test-fixtures';

/** How a flow test model is built. */
export interface FlowTestModelOptions extends PathGenerationOptions {
  /** The flow's business calendar; default: its `calendar:` from `calendarsFile`. */
  calendar?: BusinessCalendar;
  /** Calendar file; default `calendars.yaml` beside the flow file, or `flows/calendars.yaml` for a definition. */
  calendarsFile?: string;
  /** Where the engine side's clock starts; default Monday 2 March 2026, 09:00 in Berlin (office hours). */
  startAt?: number;
}

/** Options of one run: the flow under test may differ from the model's (a mutant, a newer version). */
export interface RunOptions {
  /** Flow the ticket under test runs; default the model's own. */
  flow?: FlowDefinition;
}

/** Options of a workflow run. */
export interface WorkflowRunOptions extends RunOptions {
  /** Receives the closed history of each ticket, e.g. to store it for replay tests. */
  record?: HistoryRecorder;
}

/** A flow's test model: generated paths and ways to run and check them. */
export interface FlowTestModel {
  readonly flow: FlowDefinition;
  readonly calendar: BusinessCalendar;
  /** Priority of the generated tickets. */
  readonly priority: string;
  /** The generated paths (computed once). */
  paths(): ModelPath[];
  /** The paths with the size of the graph they were generated from. */
  generated(): GeneratedPaths;
  /** Paths generated the same way from another flow (a mutant): what tells it apart from this one. */
  pathsFor(other: FlowDefinition): ModelPath[];
  /** What the independent model predicts for a path, step by step, for this flow or `run.flow`. */
  predict(path: ModelPath, run?: RunOptions): string[];
  /** Runs one path against the pure ticket engine. */
  runOnEngine(path: ModelPath, options?: RunOptions): Promise<PathRun>;
  /** Runs one path against a real ticket workflow in a session (time-skipping server). */
  runOnWorkflow(path: ModelPath, session: WorkflowSession, options?: WorkflowRunOptions): Promise<PathRun>;
  /** Runs every path against the engine. */
  runAllOnEngine(options?: RunOptions): Promise<PathRun[]>;
  /** Runs every path against the workflow, `session.concurrency` at a time. */
  runAllOnWorkflow(session: WorkflowSession, options?: WorkflowRunOptions): Promise<PathRun[]>;
  /** States and transitions the runs exercised. */
  coverage(runs: readonly PathRun[]): FlowCoverage;
  /** Runs every path on the engine and returns those for which `property` does not hold. */
  checkProperty(property: PathProperty): Promise<PropertyFailure[]>;
  /** Like `checkProperty`, but throws a readable error naming every failing path. */
  assertProperty(name: string, property: PathProperty): Promise<void>;
}

/** Monday 2 March 2026, 09:00 in Berlin: inside office hours, so business clocks run from the first step. */
export const DEFAULT_START_AT = Date.UTC(2026, 2, 2, 8, 0, 0);

let tickets = 0;

/**
 * The test model of a flow, from a flow file (its `<flow>.test.yaml` fixtures and the
 * calendars beside it are read too) or from a definition. Paths come from the compiled machine;
 * runs compare the ticket under test step by step with the independent model of the flow.
 */
export function flowTestModel(flowFileOrDefinition: string | FlowDefinition, options: FlowTestModelOptions = {}): FlowTestModel {
  const file = typeof flowFileOrDefinition === 'string' ? flowFileOrDefinition : undefined;
  const calendarsFile = options.calendarsFile ?? (file ? join(dirname(file), 'calendars.yaml') : join('flows', 'calendars.yaml'));
  const calendars = options.calendar ? undefined : loadCalendarsFile(calendarsFile).calendars;
  const flow = file ? loadFlowOrThrow(file, calendars ? { calendars: new Set(calendars.keys()) } : {}) : (flowFileOrDefinition as FlowDefinition);
  const fixtures: FlowFixtures = options.fixtures ?? (file ? loadFlowFixtures(file) : {});
  const calendar = options.calendar ?? calendars?.get(flow.calendar);
  if (!calendar) throw new Error(`flow '${flow.id}' uses calendar '${flow.calendar}', which ${calendarsFile} does not define`);
  const priority = options.priority ?? fixtures.priority ?? defaultPriority(flow);
  const startAt = options.startAt ?? DEFAULT_START_AT;
  let generated: GeneratedPaths | undefined;
  const generatedPaths = (): GeneratedPaths => (generated ??= generatePaths(flow, { ...options, fixtures, priority }));

  const ticketFor = (path: ModelPath, side: TestSide): TicketInfo => {
    tickets += 1;
    return {
      number: `${flow.id}-${path.id}-${side}-${process.pid}-${Date.now().toString(36)}-${tickets}`,
      customer: { id: `model-customer-${tickets}`, name: 'Model Test', email: 'model.test@example.org', language: 'en' },
      channel: 'model-test',
      subject: `${flow.title} (${path.id})`,
      priority,
      topic: `${flow.id}-${path.id}-${tickets}`,
      fields: { ...(fixtures.fields ?? {}) },
    };
  };
  const runOnEngine = async (path: ModelPath, run: RunOptions = {}): Promise<PathRun> => {
    const ticket = ticketFor(path, 'engine');
    return runPath(path, { flow, calendar, ticket, sut: new EngineUnderTest(run.flow ?? flow, calendar, ticket, startAt) });
  };
  const runOnWorkflow = async (path: ModelPath, session: WorkflowSession, run: WorkflowRunOptions = {}): Promise<PathRun> => {
    const ticket = ticketFor(path, 'workflow');
    return runPath(path, { flow, calendar, ticket, sut: new WorkflowUnderTest(session, run.flow ?? flow, calendar, ticket, run.record) });
  };
  const runAllOnEngine = async (run: RunOptions = {}): Promise<PathRun[]> => {
    const runs: PathRun[] = [];
    for (const path of generatedPaths().paths) runs.push(await runOnEngine(path, run));
    return runs;
  };
  const checkProperty = async (property: PathProperty): Promise<PropertyFailure[]> => propertyFailures(await runAllOnEngine(), property);

  return {
    flow,
    calendar,
    priority,
    paths: () => generatedPaths().paths,
    generated: generatedPaths,
    pathsFor: (other) => generatePaths(other, { ...options, fixtures, priority }).paths,
    predict: (path, run = {}) => predictPath(run.flow ?? flow, calendar, ticketFor(path, 'engine'), path, startAt),
    runOnEngine,
    runOnWorkflow,
    runAllOnEngine,
    runAllOnWorkflow: async (session, run = {}) => session.forEach(generatedPaths().paths, async (path) => runOnWorkflow(path, session, run)),
    coverage: (runs) => flowCoverage(flow, runs),
    checkProperty,
    async assertProperty(name, property) {
      const failures = await checkProperty(property);
      if (failures.length > 0) throw new Error(formatPropertyFailures(flow.id, name, failures, generatedPaths().paths.length));
    },
  };
}
