/** An agent as assignment sees it; the configured agent (with name and e-mail) fits this shape. */
export interface PoolAgent {
  id: string;
  /** `network`, `sap`, or `key:value` skills such as `language:pl` that match ticket fields. */
  skills: readonly string[];
  /** Maximum open tickets; an agent at capacity gets no more. */
  capacity: number;
}

/** How a tier's pool hands out tickets. */
export type AssignmentStrategy = 'round-robin' | 'least-loaded';

/** One tier's agents and strategy. */
export interface AgentPool {
  strategy: AssignmentStrategy;
  agents: readonly PoolAgent[];
}

/** An agent is away in the half-open interval [from, to) of ISO instants: vacation, sickness, leaving. */
export interface AgentAbsence {
  agent: string;
  from: string;
  to: string;
  reason?: string;
}

/** Everything `pickAgent` decides from; plain data so a workflow can call it deterministically. */
export interface PickAgentInput {
  pool: AgentPool;
  /** Open tickets per agent id; missing ids count as 0. */
  loads: Readonly<Record<string, number>>;
  absences: readonly AgentAbsence[];
  /** ISO instant to judge absences at (workflow time). */
  at: string;
  /** Ticket fields; `key:value` skills of the pool matching them are preferred (e.g. `language: pl`). */
  ticketFields?: Readonly<Record<string, unknown>>;
  /** Skills the agent must have, all of them. */
  requiredSkills?: readonly string[];
  /** Agent ids that must not be picked (e.g. the owner who is handing over). */
  exclude?: readonly string[];
  /** Index into `pool.agents` where the next turn starts; carry `nextCursor` over. */
  roundRobinCursor?: number;
}

/** The picked agent and where the next turn starts, or why nobody could be picked. */
export type PickAgentResult = { agentId: string; nextCursor: number } | { none: string };
