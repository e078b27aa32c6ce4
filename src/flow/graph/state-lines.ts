import type { FlowDefinition, StateDefinition } from '../definition';
import { formatDuration } from '../duration';

/** Longest description shown on a diagram; the flow file has the rest. */
const MAX_DESCRIPTION = 80;

/** Title of each tier's group in a diagram. */
export const TIER_TITLES = { L1: 'L1 · first level', L2: 'L2 · second level', L3: 'L3 · third level' } as const;

/** The lines of a state's box: title, description (shortened), kind or due date. Plain text, unescaped. */
export function stateLines(state: StateDefinition, flow: FlowDefinition): string[] {
  const lines = [state.title];
  if (state.description) {
    const text = state.description.replace(/\s+/g, ' ').trim();
    lines.push(text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1).trimEnd()}…` : text);
  }
  if (state.kind === 'waiting') lines.push('waiting · clocks paused');
  if (state.sla) {
    const breach = state.sla.onBreach?.kind === 'notify' ? ` · breach: notify ${state.sla.onBreach.audience.replace('_', ' ')}` : '';
    lines.push(`${dueText(state.sla.due, flow.priorities)}${breach}`);
  }
  return lines;
}

/** `due 30m` when every priority has the same target, else `due P1 15m · P2 30m · …`. */
export function dueText(due: Record<string, number>, priorities: readonly string[]): string {
  const listed = priorities.filter((priority) => due[priority] !== undefined);
  const minutes = listed.map((priority) => due[priority]!);
  if (minutes.length > 0 && minutes.every((value) => value === minutes[0]) && listed.length === priorities.length) {
    return `due ${formatDuration(minutes[0]! * 60_000)}`;
  }
  return `due ${listed.map((priority) => `${priority} ${formatDuration(due[priority]! * 60_000)}`).join(' · ')}`;
}
