import { Command } from 'commander';
import { withTicketClient } from '../ticket-context';
import { collectField, parseFields } from '../parse-fields';
import { formatApplied } from '../format-ticket';
import { idempotencyKeyOption, keyOption } from '../key-option';

/** `sopflow send <ticket> <EVENT>`: sends an event and prints the new state, or the refusal. */
export const sendCommand = new Command('send')
  .description('send an event to a ticket; prints the new state or why it was refused')
  .argument('<ticket>', 'ticket number')
  .argument('<event>', 'event name, e.g. ESCALATE')
  .option('--field <k=v>', 'a payload field (repeatable)', collectField)
  .option('--data <json>', 'the payload as a JSON object')
  .option('--actor <who>', 'who sends it, for the timeline', 'cli')
.addOption(idempotencyKeyOption())
  .option('--json', 'print JSON')
  .action(async (number: string, event: string, options: { field?: string[]; data?: string; actor: string; idempotencyKey?: string; json?: boolean }) => {
    await withTicketClient(async (tickets) => {
      const specs = await tickets.eventFields(number, event);
      const answer = await tickets.send(number, { type: event, data: parseFields(options.field, options.data, specs), actor: options.actor }, keyOption(options));
      console.log(options.json ? JSON.stringify(answer) : formatApplied(answer));
    });
  });
