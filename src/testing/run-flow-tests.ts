import { existsSync, readdirSync, statSync } from 'node:fs';
import { isFlowFileName } from '../flow/load-flow';
import { join } from 'node:path';
import { SopflowError } from '../errors/sopflow-error';
import type { FlowCoverage } from './coverage';
import { flowTestModel } from './flow-test-model';
import type { FlowTestModel } from './flow-test-model';
import type { ModelPath, PathOrigin } from './model-step';
import { mutationCheck } from './mutation-check';
import type { MutationReport } from './mutation-check';
import type { PathRun } from './path-run';
import { DEFAULT_RECORD_LIMIT, historyFileName, historyFileRecorder, pathsToRecord, resetHistoryDirectory } from './record-histories';
import { WorkflowSession } from './workflow-session';
import type { HistoryRecorder } from './workflow-under-test';

/** What `sopflow test` runs. */
export interface FlowTestOptions {
  /** Flow files or ids; default every flow in `flowsDir`. */
  flows?: readonly string[];
  /** Default `flows`. */
  flowsDir?: string;
  maxPaths?: number;
  depth?: number;
  /** Also run every path against the real workflow on a time-skipping server (default true). */
  workflow?: boolean;
  /** Paths at once on the server. */
  concurrency?: number;
  /** Run the mutation check (engine only). */
  mutate?: boolean;
  /** Directory to record workflow histories in, as `<dir>/<flow>/<path>.json`. */
  record?: string;
  /** Histories kept per flow (default 12). */
  recordLimit?: number;
  /** A session to run workflows in; default one started and closed here. */
  session?: WorkflowSession;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** One side's results for a flow. */
export interface SideResult {
  runs: PathRun[];
  passed: number;
  failed: number;
  durationMs: number;
}

/** Everything `sopflow test` found out about one flow. */
export interface FlowTestResult {
  flow: string;
  file: string;
  generation: { paths: number; byOrigin: Record<PathOrigin, number>; vertices: number; edges: number; longest: number };
  coverage: FlowCoverage;
  engine: SideResult;
  workflow?: SideResult;
  mutations?: MutationReport;
  recorded?: string[];
}

/** The whole run. */
export interface FlowTestReport {
  flows: FlowTestResult[];
  /** No divergence anywhere, and every killable mutant killed when mutating. */
  ok: boolean;
  durationMs: number;
}

/**
 * Generates paths for each flow, runs them against the pure engine, then (all flows together,
 * concurrently) against the real workflow on one time-skipping server, optionally records
 * histories and runs the mutation check.
 */
export async function runFlowTests(options: FlowTestOptions = {}): Promise<FlowTestReport> {
  const began = performance.now();
  const log = options.log ?? ((): void => undefined);
  const files = resolveFlowFiles(options.flows ?? [], options.flowsDir ?? 'flows');
  const results: FlowTestResult[] = [];
  const models = new Map<string, FlowTestModel>();
  for (const file of files) {
    const model = flowTestModel(file, { ...(options.maxPaths !== undefined ? { maxPaths: options.maxPaths } : {}), ...(options.depth !== undefined ? { depth: options.depth } : {}) });
    const generated = model.generated();
    const engineBegan = performance.now();
    const runs = await model.runAllOnEngine();
    const byOrigin: Record<PathOrigin, number> = { shortest: 0, transition: 0, simple: 0, refusal: 0 };
    for (const path of generated.paths) byOrigin[path.origin] += 1;
    results.push({
      flow: model.flow.id,
      file,
      generation: { paths: generated.paths.length, byOrigin, vertices: generated.vertices, edges: generated.edges, longest: Math.max(0, ...generated.paths.map((path) => path.steps.length)) },
      coverage: model.coverage(runs),
      engine: side(runs, performance.now() - engineBegan),
    });
    models.set(model.flow.id, model);
    log(`${model.flow.id}: ${generated.paths.length} paths, engine ${runs.filter((run) => run.ok).length}/${runs.length} green`);
  }

  if (options.workflow ?? true) {
    const session = options.session ?? (await WorkflowSession.create(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}));
    try {
      const items = results.flatMap((result) => {
        const model = models.get(result.flow)!;
        const recorded: string[] = [];
        let record: (path: ModelPath) => HistoryRecorder | undefined = () => undefined;
        if (options.record) {
          const dir = resetHistoryDirectory(options.record, result.flow);
          const chosen = new Set(pathsToRecord(result.engine.runs, options.recordLimit ?? DEFAULT_RECORD_LIMIT));
          record = (path) => (chosen.has(path.id) ? historyFileRecorder(dir, historyFileName(path), recorded) : undefined);
          result.recorded = recorded;
        }
        return model.paths().map((path) => ({ result, model, path, record: record(path) }));
      });
      log(`running ${items.length} paths against the ticket workflow (time-skipping server, ${session.concurrency} at once)`);
      const workflowBegan = performance.now();
      const runs = await session.forEach(items, async (item) => ({ item, run: await item.model.runOnWorkflow(item.path, session, item.record ? { record: item.record } : {}) }));
      const elapsed = performance.now() - workflowBegan;
      for (const result of results) {
        const mine = runs.filter((entry) => entry.item.result === result).map((entry) => entry.run);
        // Paths of all flows share the server, so each flow is credited its share of the wall time.
        result.workflow = side(mine, (elapsed * mine.length) / Math.max(1, runs.length));
        result.recorded?.sort();
      }
    } finally {
      if (!options.session) await session.close();
    }
  }

  if (options.mutate) {
    for (const result of results) {
      result.mutations = await mutationCheck(models.get(result.flow)!);
      log(`${result.flow}: ${result.mutations.killed}/${result.mutations.total - result.mutations.equivalent} mutants killed`);
    }
  }
  const ok = results.every((result) => result.engine.failed === 0 && (result.workflow?.failed ?? 0) === 0 && (result.mutations?.score ?? 100) === 100);
  return { flows: results, ok, durationMs: performance.now() - began };
}

/** Flow files for the given files or ids; no arguments means every flow file of the directory. */
export function resolveFlowFiles(targets: readonly string[], flowsDir: string): string[] {
  if (targets.length === 0) {
    if (!existsSync(flowsDir)) throw new SopflowError(`no flows directory at ${flowsDir}`, { code: 'NO_FLOWS', suggestion: 'run from the project directory or pass --flows <dir>' });
    return readdirSync(flowsDir)
      .filter(isFlowFileName)
      .sort()
      .map((name) => join(flowsDir, name));
  }
  return targets.map((target) => {
    if (existsSync(target) && statSync(target).isFile()) return target;
    const byId = join(flowsDir, `${target}.yaml`);
    if (existsSync(byId)) return byId;
    throw new SopflowError(`unknown flow '${target}'`, { code: 'UNKNOWN_FLOW', suggestion: `give a flow file or the id of a flow in ${flowsDir}` });
  });
}

function side(runs: PathRun[], durationMs: number): SideResult {
  const passed = runs.filter((run) => run.ok).length;
  return { runs, passed, failed: runs.length - passed, durationMs };
}
