import type { AgentAbsence } from './types';

/** Why an absence cannot be recorded, or undefined when it is fine. */
export function absenceProblem(absence: AgentAbsence): string | undefined {
  if (!absence.agent) return 'an absence names an agent';
  const from = Date.parse(absence.from);
  const to = Date.parse(absence.to);
  if (Number.isNaN(from)) return `'${absence.from}' is not an ISO instant (from)`;
  if (Number.isNaN(to)) return `'${absence.to}' is not an ISO instant (to)`;
  if (to <= from) return `absence of ${absence.agent} ends (${absence.to}) before it starts (${absence.from})`;
  return undefined;
}

/** Absences still relevant at `now`: those that have not ended. */
export function currentAndFutureAbsences(absences: readonly AgentAbsence[], now: number): AgentAbsence[] {
  return absences.filter((absence) => Date.parse(absence.to) > now);
}
