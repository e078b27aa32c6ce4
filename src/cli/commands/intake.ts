import { createHash, randomBytes } from 'node:crypto';
import { Command } from 'commander';

/** `sopflow intake`: runs the mail sources (SMTP listener, IMAP mailbox) until SIGINT/SIGTERM. */
export const intakeCommand = new Command('intake')
  .description('take e-mail in (the SMTP listener and IMAP mailbox of the `intake:` config) and turn it into tickets and messages')
  .option('--flows <dir>', 'flows directory (with intake.yaml)', 'flows')
  .option('--config <file>', 'configuration', 'sopflow.config.yaml')
  .action(async (options: { flows: string; config: string }) => {
    // Loaded here, not at the top: every other command's start-up stays free of it.
    const { runIntakeProcess } = require('../../runtime/intake-runtime') as typeof import('../../runtime/intake-runtime');
    const intake = await runIntakeProcess({ flowsDir: options.flows, configPath: options.config });
    console.error(`sopflow intake: ${intake.smtpPort !== undefined ? `SMTP on port ${intake.smtpPort}` : 'no SMTP listener'}${intake.imap ? `, IMAP ${intake.imap}` : ''}${intake.apiUrl ? `, API ${intake.apiUrl}/api/tickets` : ''}. Ctrl-C stops it.`);
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await intake.close();
  });

/** `sopflow intake-token <client>`: a new bearer token for an API client and the hash to put in the config. */
export const intakeTokenCommand = new Command('intake-token')
  .description('make a bearer token for an HTTP intake API client: the token goes to the client, its SHA-256 into intake.api.clients')
  .argument('<client>', 'client id, e.g. acd')
  .action((client: string) => {
    const token = `sopflow_${randomBytes(32).toString('base64url')}`;
    const hash = createHash('sha256').update(token).digest('hex');
    process.stdout.write(`token (give it to ${client}, e.g. as an environment variable; it is not shown again):\n  ${token}\nconfig (intake.api.clients):\n  - { id: ${client}, tokenSha256: ${hash} }\n`);
  });
