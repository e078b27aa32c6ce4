/**
 * Who can be assigned, as the flow linter needs to know it: the skills the agents of each
 * tier's pool have, from the config. Plain data, so the flow module does not depend on it.
 */
export interface Staffing {
  /** The config file the staffing was read from, for messages. */
  file: string;
  /** Tier (`L1` …) -> every skill some agent of its pool has, normalized with `normalizeSkill`. */
  skillsByTier: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Skills compare trimmed and case-blind, as agent picking compares them (src/assignment/pick-agent.ts). */
export function normalizeSkill(skill: string): string {
  return skill.trim().toLowerCase();
}

/** The staffing of a config's pools. */
export function staffingOf(file: string, pools: Readonly<Record<string, { agents: ReadonlyArray<{ skills: readonly string[] }> }>>): Staffing {
  const skillsByTier = new Map<string, ReadonlySet<string>>();
  for (const [tier, pool] of Object.entries(pools)) skillsByTier.set(tier, new Set(pool.agents.flatMap((agent) => agent.skills.map(normalizeSkill))));
  return { file, skillsByTier };
}
