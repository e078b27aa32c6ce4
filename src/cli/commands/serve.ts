import { Command } from 'commander';

/** `sopflow serve`: the web server (portal, agent workspace, dashboard, flow pages) until SIGINT/SIGTERM. */
export const serveCommand = new Command('serve')
  .description('run the web server: customer portal, agent workspace, live dashboard (web.listen, default 127.0.0.1:8080)')
  .option('--config <file>', 'web, channels, pools and templates', 'sopflow.config.yaml')
  .option('--flows <dir>', 'flows directory', 'flows')
  .option('--listen <host:port>', 'overrides web.listen')
  .action(async (options: { config: string; flows: string; listen?: string }) => {
    // Loaded here, not at the top: every other command's start-up stays free of them.
    const { loadConfig } = require('../../config') as typeof import('../../config');
    const config = loadConfig(options.config);
    const { connectClient } = require('../../runtime/temporal-connection') as typeof import('../../runtime/temporal-connection');
    const { createWebRuntime, listenOptions } = require('../../runtime/web-runtime') as typeof import('../../runtime/web-runtime');
    const client = await connectClient();
    const web = await createWebRuntime({ client, config, flowsDir: options.flows });
    const listen = listenOptions(options.listen ?? config.web.listen);
    await web.app.listen(listen);
    web.live.warmUp();
    const intake = config.intake ? `; intake API POST /api/tickets (${config.intake.api.clients.length} client(s)), new requests at /requests/new` : '';
    console.error(`sopflow serve: http://${listen.host}:${listen.port} (links in mails: ${config.web.baseUrl})${intake}. Ctrl-C stops it.`);
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await web.app.close();
    await client.connection.close();
  });
