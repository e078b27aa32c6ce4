import { formatDivergence } from './divergence';
import { pathLabel } from './model-step';
import type { PathRun } from './path-run';

/**
 * A property of a path run: true (or nothing) when it holds, false or a reason when it does
 * not. Example: `(run) => !reachedTier(run, 'L3') || notified(run, 'escalation_manager')`.
 */
export type PathProperty = (run: PathRun) => boolean | string | void;

/** A path a property does not hold for. */
export interface PropertyFailure {
  run: PathRun;
  reason: string;
}

/** The runs `property` fails for; a run that diverged from the model fails with its divergence. */
export function propertyFailures(runs: readonly PathRun[], property: PathProperty): PropertyFailure[] {
  const failures: PropertyFailure[] = [];
  for (const run of runs) {
    if (!run.ok && run.divergence) {
      failures.push({ run, reason: formatDivergence(run.divergence) });
      continue;
    }
    const verdict = property(run);
    if (verdict === false) failures.push({ run, reason: 'the property does not hold' });
    else if (typeof verdict === 'string') failures.push({ run, reason: verdict });
  }
  return failures;
}

/** Failures as a readable report: each path with its states and notifications step by step. */
export function formatPropertyFailures(flow: string, name: string, failures: readonly PropertyFailure[], total: number): string {
  const lines = [`property "${name}" fails for ${failures.length} of ${total} paths of ${flow}:`];
  for (const { run, reason } of failures) {
    lines.push(`  ${run.path.id}: ${pathLabel(run.path)}`, `    ${reason}`);
    for (const step of run.steps) {
      lines.push(`    ${step.index}. ${step.label} → ${step.actual.state}${step.actual.tier ? ` (${step.actual.tier})` : ''}; notify ${step.actual.notifications.join(', ') || 'nothing'}`);
    }
  }
  return lines.join('\n');
}
