import type { Client } from '@temporalio/client';
import type { PickAssigneeRequest, PickAssigneeResult } from '../activities/ticket-activities';
import type { SopflowConfig } from '../config/schema';
import { AGENT_DIRECTORY_ID, pickAgentUpdate } from '../workflows/agent-directory-messages';
import type { agentDirectoryWorkflow } from '../workflows/agent-directory-workflow';

/**
 * Picks an owner for a ticket: counts each pool agent's open tickets in Temporal visibility
 * (so "least loaded" reflects reality, not a counter that drifts) and asks the agent
 * directory, which knows absences and whose turn it is.
 */
export function createAssigneePicker(deps: { client: Client; config: SopflowConfig; taskQueue: string }) {
  return async (request: PickAssigneeRequest): Promise<PickAssigneeResult> => {
    const pool = deps.config.pools[request.tier];
    if (!pool) return { why: `no pool configured for ${request.tier}` };
    const loads = await countLoads(deps.client, pool.agents.map((agent) => agent.id));
    await deps.client.workflow.start<typeof agentDirectoryWorkflow>('agentDirectoryWorkflow', {
      workflowId: AGENT_DIRECTORY_ID,
      taskQueue: deps.taskQueue,
      args: [{}],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return deps.client.workflow.getHandle(AGENT_DIRECTORY_ID).executeUpdate(pickAgentUpdate, { args: [{ ...request, pool, loads }] });
  };
}

/** Open tickets per agent; servers without visibility counts (the test server) yield no loads. */
async function countLoads(client: Client, agents: string[]): Promise<Record<string, number>> {
  const loads: Record<string, number> = {};
  try {
    for (const agent of agents) {
      const query = `WorkflowType = 'ticketWorkflow' AND ExecutionStatus = 'Running' AND SopAssignee = '${agent}'`;
      loads[agent] = (await client.workflow.count(query)).count;
    }
  } catch {
    return {};
  }
  return loads;
}
