import { absentAgentsAt } from './is-absent';
import { parseInstant } from './instant';
import type { PickAgentInput, PickAgentResult, PoolAgent } from './types';

const norm = (s: string): string => s.trim().toLowerCase();

/** Why an agent cannot take the ticket, or undefined if it can. */
function ineligibility(agent: PoolAgent, load: number, absent: boolean, excluded: boolean, required: readonly string[]): string | undefined {
  if (excluded) return 'excluded';
  if (absent) return 'absent';
  const skills = new Set(agent.skills.map(norm));
  const missing = required.filter((s) => !skills.has(s));
  if (missing.length > 0) return `lacks ${missing.join(', ')}`;
  if (load >= agent.capacity) return `at capacity (${load}/${agent.capacity})`;
  return undefined;
}

/**
 * `key:value` skills the ticket asks for: only for keys the pool uses as skill dimensions, so a
 * field like `product: sap` prefers agents with `product:sap` but fields no agent mentions are ignored.
 */
function preferredSkills(agents: readonly PoolAgent[], fields: Readonly<Record<string, unknown>>): string[] {
  const dimensions = new Set(agents.flatMap((a) => a.skills.map(norm).filter((s) => s.includes(':')).map((s) => s.slice(0, s.indexOf(':')))));
  return Object.entries(fields)
    .filter(([key, value]) => dimensions.has(norm(key)) && (typeof value === 'string' || typeof value === 'number'))
    .map(([key, value]) => `${norm(key)}:${norm(String(value))}`);
}

/** A cursor as an index into n agents, whatever was stored (negative, fractional, NaN). */
function normalizeCursor(cursor: number | undefined, n: number): number {
  const c = Number.isFinite(cursor) ? Math.trunc(cursor as number) : 0;
  return ((c % n) + n) % n;
}

/**
 * Picks the agent for a ticket from a tier's pool. Only agents that are present, not excluded,
 * have every required skill and are below capacity qualify; among them, those matching the most
 * ticket-field skills (e.g. the customer's language) are preferred. Round-robin takes the next
 * qualifying agent from the cursor; least-loaded takes the lowest load relative to capacity,
 * ties broken by turn order. Pure and deterministic: safe inside a Temporal workflow.
 */
export function pickAgent(input: PickAgentInput): PickAgentResult {
  const agents = input.pool.agents;
  const n = agents.length;
  if (n === 0) return { none: 'the pool has no agents' };
  const absent = absentAgentsAt(input.absences, parseInstant(input.at, 'at'));
  const excluded = new Set(input.exclude ?? []);
  const required = [...new Set((input.requiredSkills ?? []).map(norm))];
  const start = normalizeCursor(input.roundRobinCursor, n);
  const loadOf = (id: string): number => Math.max(0, input.loads[id] ?? 0);

  const reasons: string[] = [];
  const eligible: { agent: PoolAgent; index: number; load: number }[] = [];
  agents.forEach((agent, index) => {
    const load = loadOf(agent.id);
    const why = ineligibility(agent, load, absent.has(agent.id), excluded.has(agent.id), required);
    if (why) reasons.push(`${agent.id} ${why}`);
    else eligible.push({ agent, index, load });
  });
  if (eligible.length === 0) return { none: `no agent can take the ticket: ${reasons.join('; ')}` };

  const preferred = preferredSkills(agents, input.ticketFields ?? {});
  const score = (a: PoolAgent): number => {
    const skills = new Set(a.skills.map(norm));
    return preferred.filter((s) => skills.has(s)).length;
  };
  const best = Math.max(...eligible.map((e) => score(e.agent)));
  const candidates = eligible.filter((e) => score(e.agent) === best);

  const turn = (index: number): number => (index - start + n) % n;
  const ranked = [...candidates].sort((a, b) => {
    if (input.pool.strategy === 'least-loaded') {
      // Relative load first so a part-timer with capacity 4 is not treated like a full-timer with 12.
      const byRatio = a.load / a.agent.capacity - b.load / b.agent.capacity;
      if (byRatio !== 0) return byRatio;
      if (a.load !== b.load) return a.load - b.load;
    }
    return turn(a.index) - turn(b.index);
  });
  const chosen = ranked[0];
  if (!chosen) return { none: 'no agent can take the ticket' };
  return { agentId: chosen.agent.id, nextCursor: (chosen.index + 1) % n };
}
