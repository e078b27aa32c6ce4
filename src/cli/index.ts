import { Command } from 'commander';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { agentCommand } from './commands/agent';
import { assignCommand } from './commands/assign';
import { calendarCommand } from './commands/calendar';
import { demoCommand } from './commands/demo';
import { graphCommand } from './commands/graph';
import { listCommand } from './commands/list';
import { messageCommand } from './commands/message';
import { priorityCommand } from './commands/priority';
import { sendCommand } from './commands/send';
import { startCommand } from './commands/start';
import { statusCommand } from './commands/status';
import { timelineCommand } from './commands/timeline';
import { validateCommand } from './commands/validate';
import { testCommand } from './commands/test';
import { replayCommand } from './commands/replay';
import { workerCommand } from './commands/worker';
import { handleError } from './handle-error';

// Worker state changes are INFO; an operator's terminal only needs warnings and errors.
// Note: forwarding core logs (`telemetryOptions.logging.forward`) would keep short commands alive.
Runtime.install({ logger: new DefaultLogger((process.env.SOPFLOW_LOG_LEVEL as 'WARN' | undefined) ?? 'WARN') });

const program = new Command('sopflow')
  .description('Standard Operating Procedures as durable, SLA-enforcing Temporal workflows')
  .version('0.1.0')
  .showSuggestionAfterError();

for (const command of [
  validateCommand,
  graphCommand,
  calendarCommand,
  workerCommand,
  demoCommand,
  startCommand,
  sendCommand,
  messageCommand,
  statusCommand,
  timelineCommand,
  listCommand,
  assignCommand,
  priorityCommand,
  agentCommand,
  testCommand, replayCommand,
]) {
  program.addCommand(command);
}

program.parseAsync(process.argv).then(
  () => undefined,
  (error: unknown) => {
    process.exitCode = handleError(error);
  },
);
