import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { TicketClient } from '../client/ticket-client';
import { loadConfig } from '../config';
import type { SopflowConfig } from '../config/schema';
import { createIntakeCore } from '../intake/create-intake-core';
import { ReviewStore } from '../intake/review-store';
import { startSmtpSource } from '../intake/smtp-source';
import type { SmtpSource } from '../intake/smtp-source';
import { defaultFlowsDir, loadFlowCatalog } from './flow-catalog';
import type { FlowCatalog } from './flow-catalog';
import { temporalConnectConfig } from './temporal-connection';

/** The mail sources of one intake process. */
export interface IntakeRuntime {
  /** The SMTP listener's port, when it runs. */
  smtpPort?: number;
  close(): Promise<void>;
}

/**
 * Starts the configured mail sources over a ticket client: the SMTP listener (when
 * `intake.smtp.enabled`) and, once configured, the IMAP mailbox. Used by `sopflow intake` and,
 * in the same process as everything else, by the embedded default.
 */
export async function startIntakeSources(options: {
  config: SopflowConfig;
  catalog: FlowCatalog;
  flowsDir: string;
  tickets: TicketClient;
  log?: (line: string) => void;
}): Promise<IntakeRuntime> {
  const intake = options.config.intake;
  const core = createIntakeCore(options);
  const log = options.log ?? ((line: string) => console.error(`intake: ${line}`));
  let smtp: SmtpSource | undefined;
  if (intake?.smtp.enabled) {
    smtp = await startSmtpSource({
      core,
      review: new ReviewStore(intake.reviewDir),
      host: intake.smtp.host,
      port: intake.smtp.port,
      addresses: [intake.email.address, ...intake.email.aliases],
      maxBytes: intake.smtp.maxBytes,
      log,
    });
  }
  return {
    ...(smtp ? { smtpPort: smtp.port } : {}),
    async close() {
      await smtp?.close();
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
    async close() {
      await sources.close();
      await connection.close();
    },
  };
}
