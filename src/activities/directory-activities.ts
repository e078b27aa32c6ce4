import type { Client } from '@temporalio/client';
import { agentAbsentSignal } from '../workflows/ticket-messages';

/** What the directory's activities need. */
export interface DirectoryActivityDeps {
  client: Client;
}

/** Builds the activities of the agent directory. */
export function createDirectoryActivities(deps: DirectoryActivityDeps) {
  return {
    /** Tells every open ticket an absent agent owns to find a new owner; returns their numbers. */
    async reassignTicketsOf({ agent }: { agent: string }): Promise<string[]> {
      const query = `WorkflowType = 'ticketWorkflow' AND ExecutionStatus = 'Running' AND SopAssignee = '${agent.replace(/'/g, "\\'")}'`;
      const tickets: string[] = [];
      for await (const execution of deps.client.workflow.list({ query })) tickets.push(execution.workflowId);
      await Promise.all(tickets.map((ticket) => deps.client.workflow.getHandle(ticket).signal(agentAbsentSignal, { agent })));
      return tickets;
    },
  };
}

/** The activity interface the directory workflow proxies. */
export type DirectoryActivities = ReturnType<typeof createDirectoryActivities>;
