import type { AgentConfig, SopflowConfig } from '../config/schema';

/** Finds a configured agent by id (or e-mail address), searching every tier's pool. */
export function findAgent(config: SopflowConfig, idOrEmail: string): AgentConfig | undefined {
  const needle = idOrEmail.trim().toLowerCase();
  for (const pool of Object.values(config.pools)) {
    const agent = pool.agents.find((a) => a.id === needle || a.email.toLowerCase() === needle);
    if (agent) return agent;
  }
  return undefined;
}

/** The name to show for an assignee: the agent's configured name, or the value itself if it is not an agent id. */
export function agentDisplayName(config: SopflowConfig, idOrName: string | undefined): string {
  if (!idOrName) return '';
  return findAgent(config, idOrName)?.name ?? idOrName;
}
