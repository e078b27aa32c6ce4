import { Command } from 'commander';
import { withTicketClient } from '../ticket-context';
import { formatApplied } from '../format-ticket';
import { idempotencyKeyOption, keyOption } from '../key-option';

/** `sopflow message <ticket> <text>`: records what a customer said (e.g. on the phone) in the discussion. */
export const messageCommand = new Command('message')
  .description("add a customer's message to a ticket's discussion; in a state with on_customer_reply it sends the reply event")
  .argument('<ticket>', 'ticket number')
  .argument('<text>', 'what the customer said or wrote')
  .option('--channel <channel>', 'where it came in: phone, email, sms, portal …', 'phone')
  .option('--from <who>', 'the sender as the channel knows them (address, number)')
  .addOption(idempotencyKeyOption())
  .option('--json', 'print JSON')
  .action(async (number: string, text: string, options: { channel: string; from?: string; idempotencyKey?: string; json?: boolean }) => {
    await withTicketClient(async (tickets) => {
      const answer = await tickets.addMessage(number, { text, channel: options.channel, ...(options.from ? { from: options.from } : {}) }, keyOption(options));
      if (options.json) return console.log(JSON.stringify(answer));
      console.log(formatApplied(answer));
      if (answer.replyEvent && !answer.alreadyApplied) console.log(`reply event sent: ${answer.replyEvent}`);
    });
  });
