import { join, resolve } from 'node:path';
import { embeddedArchive } from '../archive/open-archive';
import { TicketClient } from '../client/ticket-client';
import { formatTimelineEntry } from '../cli/format-ticket';
import { createWorkerRuntime } from '../runtime/worker-runtime';
import { createWebRuntime, listenOptions } from '../runtime/web-runtime';
import { freePort, startDevServer } from '../servers';
import { signInUrl } from '../web/agent-sign-in';
import { ticketSearchAttributeTypes } from '../ticket/search-attributes';
import type { TicketStatus, TimelineEntry } from '../ticket/types';
import { startMailSink } from './mail-sink';
import { sendCustomerReply } from './customer-reply';
import { createIntakeCore } from '../intake/create-intake-core';
import { startIntakeSources } from '../runtime/intake-runtime';
import type { IntakeRuntime } from '../runtime/intake-runtime';
import { defaultFlowsDir } from '../runtime/flow-catalog';

/** Options of the embedded default. */
export interface DemoOptions {
  dataDir: string;
  port: number;
  uiPort: number;
  smtpPort: number;
  /** Port of the web server (0: any free port); default: `web.listen` of the config. */
  webPort?: number;
  /** Port of the inbound SMTP listener for `intake.email.address` (0: any free port). */
  inboundSmtpPort?: number;
  /** Stop after the demo ticket is resolved instead of serving until Ctrl-C (tests, CI). */
  once: boolean;
  log?: (line: string) => void;
}

/** What the demo did, for tests. */
export interface DemoResult {
  ticket: string;
  final: TicketStatus;
  timeline: TimelineEntry[];
  mails: Array<{ to: string[]; subject: string; file: string }>;
  uiUrl: string;
  webUrl: string;
}

/**
 * The embedded default: a Temporal dev server on SQLite under the data directory, a local
 * SMTP sink that keeps every mail as an .eml file, a worker for `flows/`, and a demo ticket
 * driven L1 -> L2 -> L3 -> resolved, with a real SLA breach doing the first escalation.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = resolve(options.dataDir);
  const mailDir = join(dataDir, 'mail');
  const sink = await startMailSink({
    port: options.smtpPort,
    dir: mailDir,
    onMail: (mail) => log(`  mail  -> ${mail.to.join(', ')}: ${mail.subject}`),
  });
  process.env.SOPFLOW_SMTP_PORT = String(sink.port);
  if (options.inboundSmtpPort !== undefined) process.env.SOPFLOW_INBOUND_SMTP_PORT = String(options.inboundSmtpPort);
  log(`SMTP sink on 127.0.0.1:${sink.port}; every mail is kept in ${mailDir}`);
  log('starting the Temporal dev server (SQLite, tickets survive restarts)…');
  const server = await startDevServer({
    dataDir: join(dataDir, 'temporal'),
    port: options.port,
    uiPort: options.uiPort,
    searchAttributes: ticketSearchAttributeTypes,
  });
  process.env.TEMPORAL_ADDRESS = server.address;
  if (options.webPort !== undefined) {
    // The links in the mails must point at the port the web server really got.
    const webPort = options.webPort === 0 ? await freePort() : options.webPort;
    process.env.SOPFLOW_WEB_LISTEN = `127.0.0.1:${webPort}`;
    process.env.SOPFLOW_WEB_URL = `http://localhost:${webPort}`;
  }
  // The demo always uses the embedded archive in its data directory, whatever SOPFLOW_DATABASE_URL says.
  const runtime = await createWorkerRuntime({ address: server.address, archive: embeddedArchive(join(dataDir, 'archive')), warn: log });
  const workerDone = runtime.worker.run();
  log(`Temporal ${server.address}, Web UI ${server.uiUrl}`);
  log(`worker running ${runtime.catalog.flows().length} flows on task queue '${runtime.taskQueue}'`);
  const tickets = new TicketClient(runtime.client, runtime.catalog);
  let intake: IntakeRuntime | undefined;
  // One intake core for mail and the web server (API, new-request form): one per-sender cap for both.
  const intakeCore = runtime.config.intake ? createIntakeCore({ config: runtime.config, catalog: runtime.catalog, flowsDir: defaultFlowsDir(), tickets }) : undefined;
  const web = await createWebRuntime({ client: runtime.client, config: runtime.config, catalog: runtime.catalog, archive: runtime.archive, ...(intakeCore ? { intake: intakeCore } : {}) });
  await web.app.listen(listenOptions(runtime.config.web.listen));
  web.live.warmUp();
  const webUrl = runtime.config.web.baseUrl.replace(/\/+$/, '');
  const demoAgent = Object.values(runtime.config.pools)[0]?.agents[0];
  log(`web server ${webUrl} (customer portal: the link in each mail)`);
  if (demoAgent) {
    log(`dashboard sign-in for ${demoAgent.name} (works once, for 15 minutes): ${signInUrl(runtime.config, web.deps.secret, demoAgent.id, Date.now(), '/dashboard')}`);
  }
  try {
    intake = await startIntakeSources({ config: runtime.config, catalog: runtime.catalog, flowsDir: defaultFlowsDir(), tickets, ...(intakeCore ? { core: intakeCore } : {}), log: (line) => log(`  intake ${line}`) });
    const intakeAddress = runtime.config.intake?.email.address ?? 'servicedesk@musterfirma.example';
    log(`intake: mail to ${intakeAddress} over SMTP on 127.0.0.1:${intake.smtpPort ?? '-'}; the HTTP intake API at ${webUrl}/api/tickets; new requests at ${webUrl}/requests/new`);
    const opened = await tickets.open({
      flow: 'demo-express',
      customer: { id: `demo-${Date.now().toString(36)}`, name: 'Erika Mustermann', email: 'erika.mustermann@kunde.example', language: 'de' },
      subject: 'VPN-Zugang funktioniert nicht',
      priority: 'P1',
      channel: 'phone',
    });
    const ticketUrl = `${server.uiUrl}/namespaces/${runtime.namespace}/workflows/${opened.number}`;
    log(`demo ticket ${opened.number}: ${ticketUrl}`);
    const printed = new Set<number>();
    const printTimeline = async (): Promise<TimelineEntry[]> => {
      const timeline = await tickets.timeline(opened.number);
      for (const entry of timeline) {
        if (!printed.has(entry.seq)) {
          printed.add(entry.seq);
          log(`  ${formatTimelineEntry(entry)}`);
        }
      }
      return timeline;
    };
    const pause = async (ms: number): Promise<void> => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        await new Promise((done) => setTimeout(done, 500));
        await printTimeline();
      }
    };
    const waitForState = async (state: string, timeoutMs: number): Promise<void> => {
      const until = Date.now() + timeoutMs;
      while ((await tickets.status(opened.number)).state !== state) {
        if (Date.now() > until) throw new Error(`demo ticket did not reach '${state}' in time`);
        await pause(500);
      }
    };

    // Each step is done by whoever owns the ticket at that moment (the pools pick them).
    const owner = async (): Promise<string> => (await tickets.status(opened.number)).assignee ?? 'servicedesk';
    await pause(1500);
    log('L1 accepts the ticket; nobody acts on it, so its 20 s due date passes…');
    await tickets.send(opened.number, { type: 'ACCEPT', actor: await owner() });
    await waitForState('l2_network', 60_000);
    log('the SLA breach escalated the ticket to L2; L2 finds the provider at fault and escalates to L3…');
    await pause(3000);
    await tickets.send(opened.number, { type: 'ESCALATE', data: { reason: 'VPN-Gateway des Providers meldet Zertifikatsfehler' }, actor: await owner() });
    await pause(3000);
    const lastToCustomer = [...sink.mails].reverse().find((mail) => mail.to.includes('erika.mustermann@kunde.example'));
    if (lastToCustomer && intake.smtpPort !== undefined) {
      log('the customer answers the last mail by e-mail; intake threads the reply into the ticket…');
      const answer = await sendCustomerReply({ port: intake.smtpPort, intakeAddress, from: 'Erika Mustermann <erika.mustermann@kunde.example>', answering: lastToCustomer, text: 'Danke! Seit 9 Uhr kommt bei mir auch keine Verbindung mehr zustande.' });
      log(`  SMTP: ${answer}`);
      await pause(1500);
    }
    log('L3 (the provider) renews the certificate and resolves the ticket…');
    await tickets.send(opened.number, { type: 'RESOLVE', data: { resolution: 'Zertifikat am VPN-Gateway erneuert; Zugang funktioniert wieder.' }, actor: await owner() });
    const final = await runtime.client.workflow.getHandle(opened.number).result();
    await pause(1000);
    const timeline = await printTimeline();
    log(`demo ticket ${opened.number} is ${final.state}; SLA ${final.slaStatus}. ${sink.mails.length} mails in ${mailDir}`);
    log(`see it in the Web UI: ${ticketUrl}`);
    const archived = await runtime.archive.getTicket(opened.number);
    if (archived) {
      const breaches = archived.clocks.filter((clock) => clock.outcome === 'breached').map((clock) => clock.id);
      const moves = archived.escalations.map((move) => `${move.fromTier} -> ${move.toTier}${move.automatic ? ' (SLA breach)' : ''}`);
      log(`archived in ${runtime.archive.location}: breached ${breaches.join(', ') || 'nothing'}; escalations ${moves.join(', ') || 'none'} (\`npm run sopflow -- report\` once the demo stopped)`);
    }
    const result: DemoResult = { ticket: opened.number, final, timeline, mails: sink.mails.map(({ to, subject, file }) => ({ to, subject, file })), uiUrl: server.uiUrl, webUrl };
    if (!options.once) {
      log(`still serving: the dashboard at ${webUrl}/dashboard (sign in with the link above); try \`npm run sopflow -- list\` or \`npm run sopflow -- start password-reset --customer C-1 --subject "…"\` in another terminal. Ctrl-C stops.`);
      await workerDone;
    }
    return result;
  } finally {
    await web.app.close();
    if (runtime.worker.getState() === 'RUNNING') runtime.worker.shutdown();
    await workerDone.catch(() => undefined);
    await intake?.close();
    await runtime.close();
    await server.stop();
    await sink.close();
  }
}
