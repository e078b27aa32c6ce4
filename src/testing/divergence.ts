import type { TimelineEntry } from '../ticket/types';
import { observationText } from './observation';
import type { Divergence } from './path-run';

/**
 * A divergence as a readable trace: flow, path, the step and its event, expected against
 * actual, every difference, and the ticket's timeline up to that point.
 */
export function formatDivergence(divergence: Divergence): string {
  const what = divergence.kind === 'model' ? 'the model disagrees with the machine graph' : divergence.kind === 'error' ? 'run failed' : `${divergence.side} differs from the model`;
  const lines = [
    `✗ ${divergence.flow} — path ${divergence.path} (${divergence.side}): ${what}`,
    `  path:     ${divergence.pathLabel}`,
    `  step ${divergence.step}:   ${divergence.stepLabel}`,
  ];
  if (divergence.expected) lines.push(`  expected: ${observationText(divergence.expected)}`);
  if (divergence.actual) lines.push(`  actual:   ${observationText(divergence.actual)}`);
  for (const difference of divergence.differences) lines.push(`  - ${difference}`);
  lines.push('  timeline so far:');
  if (divergence.timeline.length === 0) lines.push('    (empty)');
  for (const entry of divergence.timeline) lines.push(`    ${timelineLine(entry)}`);
  return lines.join('\n');
}

/** One timeline entry as a line: `#3 2026-03-02T08:00:00.000Z transition IDENTITY_CHECKED l1_identity_check → l1_reset_password`. */
export function timelineLine(entry: TimelineEntry): string {
  const parts = [`#${entry.seq}`, entry.at, entry.kind];
  if (entry.event) parts.push(entry.event);
  if (entry.to !== undefined) parts.push(entry.from !== undefined ? `${entry.from} → ${entry.to}` : `→ ${entry.to}`);
  if (entry.agent) parts.push(`agent ${entry.agent}`);
  if (entry.clock) parts.push(`clock ${entry.clock}`);
  if (entry.actor) parts.push(`by ${entry.actor}`);
  if (entry.reason) parts.push(`(${entry.reason})`);
  return parts.join(' ');
}
