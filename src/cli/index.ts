import { Command } from 'commander';
import { agentCommand } from './commands/agent';
import { assignCommand } from './commands/assign';
import { calendarCommand } from './commands/calendar';
import { demoCommand } from './commands/demo';
import { graphCommand } from './commands/graph';
import { listCommand } from './commands/list';
import { messageCommand } from './commands/message';
import { priorityCommand } from './commands/priority';
import { sendCommand } from './commands/send';
import { serveCommand } from './commands/serve';
import { startCommand } from './commands/start';
import { statusCommand } from './commands/status';
import { timelineCommand } from './commands/timeline';
import { validateCommand } from './commands/validate';
import { testCommand } from './commands/test';
import { replayCommand } from './commands/replay';
import { routeCommand } from './commands/route';
import { intakeCommand, intakeTokenCommand } from './commands/intake';
import { reportCommand } from './commands/report';
import { workerCommand } from './commands/worker';
import { handleError } from './handle-error';

// Every command module is light: what talks to Temporal is loaded in the action that needs it
// (see cli-runtime.ts and ticket-context.ts), so `--help` and `validate` start fast.
const program = new Command('sopflow')
  .description('Standard Operating Procedures as durable, SLA-enforcing Temporal workflows')
  .version('0.1.0')
  .showSuggestionAfterError();

for (const command of [
  validateCommand,
  graphCommand,
  calendarCommand,
  workerCommand,
  serveCommand,
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
  routeCommand,
  intakeCommand,
  intakeTokenCommand,
  reportCommand,
]) {
  program.addCommand(command);
}

program.parseAsync(process.argv).then(
  () => undefined,
  (error: unknown) => {
    process.exitCode = handleError(error);
  },
);
