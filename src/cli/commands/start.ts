import { Command } from 'commander';
import { withTicketClient } from '../ticket-context';
import { collectField, parseFields } from '../parse-fields';

// zod loads when the command runs, not for `--help`.
const optionsSchema = () => {
  const { z } = require('zod') as typeof import('zod');
  return z.object({
    customer: z.string().min(1),
    subject: z.string().min(1),
    priority: z.string().optional(),
    channel: z.string().default('cli'),
    topic: z.string().optional(),
    email: z.string().optional(),
    name: z.string().optional(),
    phone: z.string().optional(),
    language: z.enum(['de', 'en', 'pl']).optional(),
    field: z.array(z.string()).optional(),
    json: z.boolean().optional(),
  });
};

/** `sopflow start <flow>`: opens a ticket (or attaches to the customer's open one) and prints its number. */
export const startCommand = new Command('start')
  .description('open a ticket on a flow and print its number')
  .argument('<flow>', 'flow id, e.g. password-reset')
  .requiredOption('--customer <id>', 'customer id')
  .requiredOption('--subject <text>', 'what the customer needs')
  .option('--priority <P>', 'priority, e.g. P2')
  .option('--channel <channel>', 'intake channel: phone, email, sms, portal, social, cli')
  .option('--topic <topic>', 'one open ticket per customer and topic (default: the flow id)')
  .option('--email <address>', "customer's e-mail for notifications")
  .option('--name <name>', "customer's name")
  .option('--phone <number>', "customer's phone for SMS")
  .option('--language <lang>', 'de, en or pl')
  .option('--field <k=v>', 'a ticket field (repeatable)', collectField)
  .option('--json', 'print JSON')
  .action(async (flow: string, raw: unknown) => {
    const options = optionsSchema().parse(raw);
    await withTicketClient(async (tickets) => {
      const result = await tickets.open({
        flow,
        customer: {
          id: options.customer,
          ...(options.email ? { email: options.email } : {}),
          ...(options.name ? { name: options.name } : {}),
          ...(options.phone ? { phone: options.phone } : {}),
          ...(options.language ? { language: options.language } : {}),
        },
        subject: options.subject,
        channel: options.channel,
        ...(options.priority ? { priority: options.priority } : {}),
        ...(options.topic ? { topic: options.topic } : {}),
        fields: parseFields(options.field, undefined),
      });
      if (options.json) console.log(JSON.stringify(result));
      else console.log(result.attached ? `${result.number} (customer already had this ticket open; contact recorded)` : result.number);
    });
  });
