import { percentText } from './coverage';
import { formatDivergence } from './divergence';
import { pathLabel } from './model-step';
import type { PathRun } from './path-run';
import type { FlowTestReport, FlowTestResult, SideResult } from './run-flow-tests';

/** The report of `sopflow test` for a terminal: per flow coverage, paths, times, mutation score; then every divergence. */
export function formatFlowTestReport(report: FlowTestReport): string {
  const lines: string[] = [];
  for (const result of report.flows) lines.push(...flowLines(result), '');
  const divergences = report.flows.flatMap((result) => [...result.engine.runs, ...(result.workflow?.runs ?? [])]).filter((run) => !run.ok);
  for (const run of divergences) if (run.divergence) lines.push(formatDivergence(run.divergence), '');
  const paths = report.flows.reduce((sum, result) => sum + result.generation.paths, 0);
  const failed = report.flows.reduce((sum, result) => sum + result.engine.failed + (result.workflow?.failed ?? 0), 0);
  lines.push(`${report.ok ? '✓' : '✗'} ${count(report.flows.length, 'flow')}, ${count(paths, 'path')}, ${count(failed, 'divergent run')}, ${seconds(report.durationMs)}`);
  return `${lines.join('\n')}\n`;
}

function flowLines(result: FlowTestResult): string[] {
  const { coverage, generation } = result;
  const origins = Object.entries(generation.byOrigin).filter(([, count]) => count > 0).map(([origin, count]) => `${count} ${origin}`).join(', ');
  const lines = [
    `${result.flow} (${result.file})`,
    `  paths        ${generation.paths} (${origins}); longest ${generation.longest} steps; graph ${generation.vertices} snapshots, ${generation.edges} edges`,
    `  states       ${percentText(coverage.states)}${missing(coverage.states.missing)}`,
    `  transitions  ${percentText(coverage.transitions)}${missing(coverage.transitions.missing)}`,
    `               guarded branches ${percentText(coverage.guarded)}, SLA breaches ${percentText(coverage.breaches)}, after timeouts ${percentText(coverage.timeouts)}; ${coverage.refusals} refusals checked`,
    `  engine       ${sideText(result.engine)}`,
  ];
  if (result.workflow) lines.push(`  workflow     ${sideText(result.workflow)} (time-skipping server)`);
  if (result.recorded) lines.push(`  recorded     ${result.recorded.length} histories`);
  const mutations = result.mutations;
  if (mutations) {
    const killable = mutations.total - mutations.equivalent;
    const operators = Object.entries(mutations.byOperator).filter(([, figure]) => figure.total > 0).map(([operator, figure]) => `${operator} ${figure.killed}/${figure.total}`).join(', ');
    lines.push(`  mutations    ${mutations.killed}/${killable} killed (${mutations.score.toFixed(mutations.score === 100 ? 0 : 1)}%) on the pure engine in ${seconds(mutations.durationMs)}; ${mutations.equivalent} equivalent`);
    lines.push(`               ${operators}`);
    for (const outcome of mutations.outcomes.filter((candidate) => !candidate.killed && !candidate.equivalent)) lines.push(`    survived: ${outcome.description}`);
  }
  return lines;
}

function sideText(side: SideResult): string {
  return `${side.passed}/${side.runs.length} paths green in ${seconds(side.durationMs)}${side.failed ? ` — ${side.failed} DIVERGED` : ''}`;
}

function missing(ids: readonly string[]): string {
  return ids.length ? ` — missing ${ids.join(', ')}` : '';
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The report as JSON-ready data: summaries, every path with its outcome, divergences in full; no per-step statuses. */
export function flowTestReportJson(report: FlowTestReport): unknown {
  const runs = (side: SideResult | undefined): unknown =>
    side && {
      passed: side.passed,
      failed: side.failed,
      durationMs: Math.round(side.durationMs),
      paths: side.runs.map((run) => pathJson(run)),
    };
  return {
    ok: report.ok,
    durationMs: Math.round(report.durationMs),
    flows: report.flows.map((result) => ({
      flow: result.flow,
      file: result.file,
      generation: result.generation,
      coverage: result.coverage,
      engine: runs(result.engine),
      ...(result.workflow ? { workflow: runs(result.workflow) } : {}),
      ...(result.recorded ? { recorded: result.recorded } : {}),
      ...(result.mutations ? { mutations: { ...result.mutations, durationMs: Math.round(result.mutations.durationMs) } } : {}),
    })),
  };
}

function pathJson(run: PathRun): unknown {
  return {
    id: run.path.id,
    origin: run.path.origin,
    label: pathLabel(run.path),
    ok: run.ok,
    steps: run.path.steps.length,
    durationMs: Math.round(run.durationMs),
    ...(run.divergence ? { divergence: run.divergence } : {}),
  };
}
