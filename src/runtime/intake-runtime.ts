import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { registerIntakeApi } from '../intake/http-api';
import { TicketClient } from '../client/ticket-client';
import { loadConfig } from '../config';
import type { SopflowConfig } from '../config/schema';
import { createIntakeCore } from '../intake/create-intake-core';
import type { IntakeCore } from '../intake/intake-core';
import { ReviewStore } from '../intake/review-store';
import { startSmtpSource } from '../intake/smtp-source';
import type { SmtpSource } from '../intake/smtp-source';
import { startImapSource } from '../intake/imap-source';
import type { ImapSource } from '../intake/imap-source';
import { defaultFlowsDir, loadFlowCatalog } from './flow-catalog';
import type { FlowCatalog } from './flow-catalog';
import { temporalConnectConfig } from './temporal-connection';

/** The mail sources of one intake process. */
export interface IntakeRuntime {
  /** The SMTP listener's port, when it runs. */
  smtpPort?: number;
  /** The HTTP intake API's own address, when it serves on one. */
  apiUrl?: string;
  /** The IMAP mailbox read (`user@host:port/INBOX`), when one is. */
  imap?: string;
  close(): Promise<void>;
}

/**
 * Starts the configured mail sources over a ticket client: the SMTP listener (when
 * `intake.smtp.enabled`), the IMAP mailbox (when `intake.imap` is set) and the HTTP intake API
 * on its own port (when `intake.api.listen` is set: an intake process without a web server, e.g. in
 * a DMZ; `sopflow serve` serves the API on the web port anyway). Used by `sopflow intake` and,
 * in the same process as everything else, by the embedded default.
 */
export async function startIntakeSources(options: {
  config: SopflowConfig;
  catalog: FlowCatalog;
  flowsDir: string;
  tickets: TicketClient;
  /** The core to use (the embedded default shares one with the web server); default: built from the config. */
  core?: IntakeCore;
  log?: (line: string) => void;
}): Promise<IntakeRuntime> {
  const intake = options.config.intake;
  const core = options.core ?? createIntakeCore(options);
  const log = options.log ?? ((line: string) => console.error(`intake: ${line}`));
  const review = new ReviewStore(intake?.reviewDir ?? '.sopflow/intake-review');
  let smtp: SmtpSource | undefined;
  let imap: ImapSource | undefined;
  if (intake?.imap) {
    const { imap: box } = intake;
    imap = startImapSource({
      core,
      review,
      host: box.host,
      port: box.port,
      secure: box.secure,
      auth: box.auth,
      mailbox: box.mailbox,
      processed: box.processed,
      failed: box.failed,
      reviewFolder: box.review,
      pollMs: box.pollSeconds * 1000,
      stateFile: box.stateFile,
      log,
    });
  }
  if (intake?.smtp.enabled) {
    smtp = await startSmtpSource({
      core,
      review,
      host: intake.smtp.host,
      port: intake.smtp.port,
      addresses: [intake.email.address, ...intake.email.aliases],
      maxBytes: intake.smtp.maxBytes,
      log,
    });
  }
  let api: FastifyInstance | undefined;
  if (intake?.api.listen) {
    const [host, port] = intake.api.listen.split(':') as [string, string];
    api = Fastify({ bodyLimit: 1024 * 1024 });
    await registerIntakeApi(api, { core, tickets: options.tickets, clients: intake.api.clients });
    await api.listen({ host, port: Number(port) });
  }
  return {
    ...(smtp ? { smtpPort: smtp.port } : {}),
    ...(api ? { apiUrl: `http://${intake!.api.listen}` } : {}),
    ...(intake?.imap ? { imap: `${intake.imap.auth.user}@${intake.imap.host}:${intake.imap.port}/${intake.imap.mailbox}` } : {}),
    async close() {
      await smtp?.close();
      await imap?.stop();
      await api?.close();
    },
  };
}

/**
 * `sopflow intake` as a process: its own lazy Temporal connection, so it starts (and answers
 * 451) while Temporal is still down, and recovers by itself once Temporal is back.
 */
export async function runIntakeProcess(options: { flowsDir?: string; configPath?: string; log?: (line: string) => void } = {}): Promise<IntakeRuntime> {
  const flowsDir = options.flowsDir ?? defaultFlowsDir();
  const catalog = loadFlowCatalog(flowsDir);
  const config = loadConfig(resolve(options.configPath ?? process.env.SOPFLOW_CONFIG ?? 'sopflow.config.yaml'));
  const connect = temporalConnectConfig();
  const connection = Connection.lazy(connect.connectionOptions as never);
  const client = new Client({ connection, namespace: connect.namespace });
  const sources = await startIntakeSources({ config, catalog, flowsDir, tickets: new TicketClient(client, catalog), ...(options.log ? { log: options.log } : {}) });
  return {
    ...(sources.smtpPort !== undefined ? { smtpPort: sources.smtpPort } : {}),
    ...(sources.imap ? { imap: sources.imap } : {}),
    ...(sources.apiUrl ? { apiUrl: sources.apiUrl } : {}),
    async close() {
      await sources.close();
      await connection.close();
    },
  };
}
