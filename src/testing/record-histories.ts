import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { ModelPath } from './model-step';
import type { PathRun } from './path-run';
import type { HistoryRecorder } from './workflow-under-test';
import { DEFAULT_RECORD_LIMIT } from './test-defaults';

export { DEFAULT_RECORD_LIMIT } from './test-defaults';


/**
 * The paths whose histories are worth keeping: a greedy cover of the transitions the runs took,
 * most new transitions first, at most `limit`. A handful of histories then exercise every
 * command the workflow issues for the flow, and replaying them stays fast.
 */
export function pathsToRecord(runs: readonly PathRun[], limit = DEFAULT_RECORD_LIMIT): string[] {
  const covered = new Set<string>();
  const chosen: string[] = [];
  const units = new Map(runs.map((run) => [run.path.id, new Set(run.steps.flatMap((step) => step.transitions))]));
  while (chosen.length < limit) {
    let best: { id: string; gain: number } | undefined;
    for (const [id, taken] of units) {
      if (chosen.includes(id)) continue;
      const gain = [...taken].filter((unit) => !covered.has(unit)).length;
      if (gain > 0 && (!best || gain > best.gain)) best = { id, gain };
    }
    if (!best) break;
    chosen.push(best.id);
    for (const unit of units.get(best.id)!) covered.add(unit);
  }
  return chosen;
}

/** A file name that says what the history did: `p16-accept-identity-checked-sla-breach`. */
export function historyFileName(path: ModelPath): string {
  const words = path.steps.map(({ step }) => (step.kind === 'event' ? step.event : step.kind === 'sla' ? 'sla-breach' : step.kind === 'wait' ? 'wait' : `after-${step.label}`));
  const slug = words.join('-').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  return `${path.id}${slug ? `-${slug.slice(0, 80).replace(/-$/, '')}` : ''}`;
}

/** Empties a flow's history directory of earlier recordings, so it holds exactly one run's set. */
export function resetHistoryDirectory(dir: string, flow: string): string {
  const target = join(dir, flow);
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(target)) if (name.endsWith('.json')) rmSync(join(target, name));
  return target;
}

/**
 * A recorder that writes each history as `<dir>/<file>.json`, in the proto JSON form
 * `Worker.runReplayHistories` reads. Written without indentation: every event carries the
 * flow and calendar as payloads, and indented histories are a third larger in the repository.
 */
export function historyFileRecorder(dir: string, file: string, written: string[]): HistoryRecorder {
  return (_workflowId, history) => {
    const path = join(dir, `${file}.json`);
    writeFileSync(path, `${JSON.stringify(JSON.parse(historyToJSON(history)))}\n`);
    written.push(path);
  };
}
