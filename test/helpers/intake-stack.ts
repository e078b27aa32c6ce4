import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { TicketClient } from '../../src/client/ticket-client';
import { startMailSink } from '../../src/demo/mail-sink';
import type { MailSink } from '../../src/demo/mail-sink';
import { AttachmentStore } from '../../src/intake/attachment-store';
import { IntakeCore } from '../../src/intake/intake-core';
import type { IntakeCoreDeps } from '../../src/intake/intake-core';
import { loadIntakeRulesText } from '../../src/intake/rules/load-rules';
import type { IntakeRules } from '../../src/intake/rules/match-rule';
import { SenderCap } from '../../src/intake/sender-cap';
import { createWorkerRuntime } from '../../src/runtime/worker-runtime';
import type { WorkerRuntime } from '../../src/runtime/worker-runtime';
import { startDevServer } from '../../src/servers';
import type { DevServerHandle } from '../../src/servers';
import { ticketSearchAttributeTypes } from '../../src/ticket/search-attributes';
import { formatProblem } from '../../src/source/problem';

const ROOT = resolve(__dirname, '..', '..');

/** Routing rules for intake tests: VPN requests to the demo flow (it waits on the customer), the rest to IT incidents. */
export const TEST_RULES = `reopen_window: 7d
rules:
  - name: vpn
    match: { keywords: [VPN] }
    flow: demo-express
    priority: P2
  - name: default
    flow: it-desk-incident
    priority: P3
`;

/** The signing secret intake tests share with their worker. */
export const TEST_MAIL_SECRET = 'intake-test-secret-0123456789abcdef';

/**
 * A real Temporal dev server on free ports, a worker in this process on its own task queue, a
 * real SMTP sink for what sopflow sends, and an intake core over the ticket client.
 */
export class IntakeStack {
  readonly dir = mkdtempSync(join(tmpdir(), 'sopflow-intake-'));
  readonly taskQueue = `intake-${process.pid}-${Date.now().toString(36)}`;
  server!: DevServerHandle;
  sink!: MailSink;
  runtime!: WorkerRuntime;
  tickets!: TicketClient;
  rules!: IntakeRules;
  private workerDone: Promise<void> | undefined;
  private saved: Record<string, string | undefined> = {};

  async start(): Promise<void> {
    this.sink = await startMailSink({ port: 0, dir: join(this.dir, 'mail') });
    await this.startServer(0);
    this.setEnv({ SOPFLOW_TASK_QUEUE: this.taskQueue, SOPFLOW_SMTP_PORT: String(this.sink.port), SOPFLOW_MAIL_SECRET: TEST_MAIL_SECRET, SOPFLOW_INBOUND_SMTP_PORT: '0' });
    await this.startWorker();
    const loaded = loadIntakeRulesText(TEST_RULES, 'intake.yaml', this.runtime.catalog.flows());
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
    this.rules = loaded.rules;
  }

  /** Starts the dev server (again: on the same port and database after `stopServer`). */
  async startServer(port = Number(this.server.address.split(':').pop())): Promise<void> {
    this.server = await startDevServer({ dataDir: join(this.dir, 'temporal'), port, uiPort: 0, searchAttributes: ticketSearchAttributeTypes });
  }

  /** A ticket client on its own lazy connection, as `sopflow intake` has: it outlives a server restart. */
  lazyTickets(): { tickets: TicketClient; close: () => Promise<void> } {
    const connection = Connection.lazy({ address: this.server.address });
    return { tickets: new TicketClient(new Client({ connection, namespace: 'default' }), this.runtime.catalog), close: () => connection.close() };
  }

  /** A config like the shipped one, with its outbox and attachments in this stack's directory. */
  configPath(): string {
    const path = join(this.dir, 'sopflow.config.yaml');
    const text = readFileSync(join(ROOT, 'sopflow.config.yaml'), 'utf8')
      .replace('outboxDir: .sopflow/outbox', `outboxDir: ${join(this.dir, 'outbox')}`)
      .replace('templatesDir: templates', `templatesDir: ${join(ROOT, 'templates')}`)
      .replace('dir: .sopflow/attachments', `dir: ${join(this.dir, 'attachments')}`);
    writeFileSync(path, text);
    return path;
  }

  async startWorker(): Promise<void> {
    this.runtime = await createWorkerRuntime({ address: this.server.address, taskQueue: this.taskQueue, configPath: this.configPath(), flowsDir: join(ROOT, 'flows') });
    this.workerDone = this.runtime.worker.run();
    this.tickets = new TicketClient(this.runtime.client, this.runtime.catalog);
  }

  /** An intake core over this stack; `over` replaces parts (a smaller sender cap…). */
  core(over: Partial<IntakeCoreDeps> = {}): IntakeCore {
    return new IntakeCore({
      tickets: this.tickets,
      rules: this.rules,
      secret: TEST_MAIL_SECRET,
      ownAddresses: ['servicedesk@musterfirma.example'],
      agentAddresses: this.runtime.config.pools['L1']!.agents.map((agent) => agent.email),
      attachments: new AttachmentStore(join(this.dir, 'attachments'), 2 * 1024 * 1024),
      senderCap: new SenderCap(20),
      defaultLanguage: 'de',
      ...over,
    });
  }

  /** Mails the sink got for a recipient, waiting up to `timeoutMs` for at least `count`. */
  async mailsTo(address: string, count = 1, timeoutMs = 20_000): Promise<MailSink['mails']> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mails = this.sink.mails.filter((mail) => mail.to.includes(address));
      if (mails.length >= count) return mails;
      if (Date.now() > deadline) throw new Error(`expected ${count} mails to ${address}, got ${mails.length}: ${this.sink.mails.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ')}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  /** The first mail to a recipient that matches, waiting up to `timeoutMs` for it (other mails to them may come first). */
  async mailTo(address: string, matches: (mail: MailSink['mails'][number]) => boolean, timeoutMs = 20_000): Promise<MailSink['mails'][number]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.sink.mails.find((mail) => mail.to.includes(address) && matches(mail));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching mail to ${address}; got: ${this.sink.mails.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ')}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  async stopWorker(): Promise<void> {
    if (this.runtime?.worker.getState() === 'RUNNING') this.runtime.worker.shutdown();
    await this.workerDone?.catch(() => undefined);
    await this.runtime?.close();
  }

  async stop(): Promise<void> {
    await this.stopWorker();
    await this.server?.stop();
    await this.sink?.close();
    for (const [name, value] of Object.entries(this.saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }

  private setEnv(values: Record<string, string>): void {
    for (const [name, value] of Object.entries(values)) {
      this.saved[name] = process.env[name];
      process.env[name] = value;
    }
  }
}

/** The Message-ID header of a raw mail, without brackets. */
export function messageIdOf(raw: string): string {
  const id = /^Message-ID:\s*<([^>]+)>/im.exec(raw)?.[1];
  if (!id) throw new Error('mail without Message-ID');
  return id;
}
