import { Command } from 'commander';
import { directoryTaskQueue } from '../../runtime/task-queue';
import type { agentDirectoryWorkflow } from '../../workflows/agent-directory-workflow';
import { SopflowError } from '../../errors/sopflow-error';

/** `sopflow agent absent|absences`: tell sopflow who is away, so no ticket stalls on an empty desk. */
export const agentCommand = new Command('agent').description('agent availability');

agentCommand
  .command('absent')
  .description("mark an agent absent; their open tickets move to a colleague of the same tier when the absence starts")
  .argument('<agent>', 'agent id from sopflow.config.yaml')
  .option('--from <instant>', 'ISO instant the absence starts (default: now)')
  .requiredOption('--to <instant>', 'ISO instant the absence ends')
  .option('--reason <text>', 'vacation, sickness, …')
  .action(async (agent: string, options: { from?: string; to: string; reason?: string }) => {
    const { WorkflowUpdateFailedError } = require('@temporalio/client') as typeof import('@temporalio/client');
    const { connectClient } = require('../../runtime/temporal-connection') as typeof import('../../runtime/temporal-connection');
    const { AGENT_DIRECTORY_ID, markAbsentUpdate } = require('../../workflows/agent-directory-messages') as typeof import('../../workflows/agent-directory-messages');
    const client = await connectClient();
    try {
      await client.workflow.start<typeof agentDirectoryWorkflow>('agentDirectoryWorkflow', {
        workflowId: AGENT_DIRECTORY_ID,
        taskQueue: directoryTaskQueue(),
        args: [{}],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      const absence = { agent, from: options.from ?? new Date().toISOString(), to: options.to, ...(options.reason ? { reason: options.reason } : {}) };
      await client.workflow.getHandle(AGENT_DIRECTORY_ID).executeUpdate(markAbsentUpdate, { args: [absence] });
      console.log(`${agent} absent from ${absence.from} to ${absence.to}`);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) throw new SopflowError(error.cause?.message ?? error.message, { code: 'BAD_ARGUMENT' });
      throw error;
    } finally {
      await client.connection.close();
    }
  });

agentCommand
  .command('absences')
  .description('list known absences')
  .action(async () => {
    const { connectClient } = require('../../runtime/temporal-connection') as typeof import('../../runtime/temporal-connection');
    const { AGENT_DIRECTORY_ID, absencesQuery } = require('../../workflows/agent-directory-messages') as typeof import('../../workflows/agent-directory-messages');
    const client = await connectClient();
    try {
      const absences = await client.workflow.getHandle(AGENT_DIRECTORY_ID).query(absencesQuery);
      for (const absence of absences) console.log(`${absence.agent}  ${absence.from} -> ${absence.to}${absence.reason ? `  (${absence.reason})` : ''}`);
      if (!absences.length) console.log('no absences');
    } finally {
      await client.connection.close();
    }
  });
