import { Command } from 'commander';
import { installCliRuntime } from '../cli-runtime';

/** `sopflow demo` (what `npm start` runs): the embedded default on one machine. */
export const demoCommand = new Command('demo')
  .description('start the embedded dev server, an SMTP sink and a worker, and drive a demo ticket L1 -> L2 -> L3')
  .option('--data-dir <dir>', 'where the SQLite database, mails and outbox live', '.sopflow')
  .option('--port <port>', 'Temporal frontend port', '7233')
  .option('--ui-port <port>', 'Temporal Web UI port', '8233')
  .option('--smtp-port <port>', 'port of the local SMTP sink (0: any free port)', '2525')
  .option('--web-port <port>', 'port of the web server (0: any free port; default: web.listen of the config)')
  .option('--inbound-smtp-port <port>', 'port of the inbound SMTP listener for intake.email.address (0: any free port)', process.env.SOPFLOW_INBOUND_SMTP_PORT ?? '2526')
  .option('--once', 'exit after the demo ticket is resolved')
  .action(async (options: { dataDir: string; port: string; uiPort: string; smtpPort: string; webPort?: string; inboundSmtpPort: string; once?: boolean }) => {
    await installCliRuntime();
    const { runDemo } = require('../../demo/run-demo') as typeof import('../../demo/run-demo');
    await runDemo({
      dataDir: options.dataDir,
      port: Number(options.port),
      uiPort: Number(options.uiPort),
      smtpPort: Number(options.smtpPort),
      inboundSmtpPort: Number(options.inboundSmtpPort),
      once: options.once ?? false,
      ...(options.webPort !== undefined ? { webPort: Number(options.webPort) } : {}),
    });
  });
