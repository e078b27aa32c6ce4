import type { AgentAbsence } from './types';
import { parseInstant } from './instant';

/** Agent ids absent at `atMs` (absences are half-open: from ≤ at < to). Throws `AssignmentError` for bad instants. */
export function absentAgentsAt(absences: readonly AgentAbsence[], atMs: number): Set<string> {
  const absent = new Set<string>();
  absences.forEach((a, i) => {
    const from = parseInstant(a.from, `absences[${i}].from`);
    const to = parseInstant(a.to, `absences[${i}].to`);
    if (from <= atMs && atMs < to) absent.add(a.agent);
  });
  return absent;
}

/** Whether `agentId` is away at the ISO instant `atIso`. Throws `AssignmentError` for bad instants. */
export function isAbsent(agentId: string, absences: readonly AgentAbsence[], atIso: string): boolean {
  return absentAgentsAt(absences, parseInstant(atIso, 'at')).has(agentId);
}
