import { resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { openArchive } from '../archive/open-archive';
import { TicketClient } from '../client/ticket-client';
import { loadConfig } from '../config';
import type { SopflowConfig } from '../config/schema';
import { createEmailChannel } from '../notify/channels/email-channel';
import { TemplateStore } from '../notify/templates/template-store';
import { createIntakeCore } from '../intake/create-intake-core';
import { intakeApiPlugin } from '../intake/http-api';
import type { IntakeApiOptions } from '../intake/http-api';
import type { IntakeCore } from '../intake/intake-core';
import { buildWebApp } from '../web/app';
import type { WebApp } from '../web/app';
import { webSecret } from '../web/auth/web-secret';
import type { AgentDirectoryPort, SignInMailer, SignInRedemptions, WebArchivePort, WebDeps, WebPlugin } from '../web/web-deps';
import { AGENT_DIRECTORY_ID, directoryViewQuery, markAbsentUpdate } from '../workflows/agent-directory-messages';
import type { agentDirectoryWorkflow } from '../workflows/agent-directory-workflow';
import { defaultFlowsDir, loadFlowCatalog } from './flow-catalog';
import type { FlowCatalog } from './flow-catalog';
import { directoryTaskQueue } from './task-queue';

/** Workflow type and task queue of sign-in records: no worker runs them; they only hold an id. */
const SIGN_IN_RECORD_TYPE = 'sopflowSignInLinkUsed';
const SIGN_IN_RECORD_QUEUE = 'sopflow-sign-in-records';

/**
 * Single use of sign-in links across every web server, recorded in Temporal: redeeming starts
 * a workflow whose id is the link's id with "reject duplicate", which Temporal decides
 * atomically for the whole cluster. The record is never run (no worker polls its queue); it
 * times out a minute after the link would have expired anyway, and its closed id still
 * refuses a second start for the namespace's retention.
 */
export function temporalSignInRedemptions(client: Client, now: () => number = Date.now): SignInRedemptions {
  return {
    async redeem(linkId, validUntil) {
      try {
        await client.workflow.start(SIGN_IN_RECORD_TYPE, {
          workflowId: `sopflow-sign-in-${linkId}`,
          taskQueue: SIGN_IN_RECORD_QUEUE,
          args: [],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowExecutionTimeout: Math.max(1000, validUntil - now() + 60_000),
        });
        return true;
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
        throw error;
      }
    },
  };
}

/** The agent directory workflow, read and told of absences through its update and query. */
export function temporalAgentDirectory(client: Client): AgentDirectoryPort {
  const ensure = () =>
    client.workflow.start<typeof agentDirectoryWorkflow>('agentDirectoryWorkflow', {
      workflowId: AGENT_DIRECTORY_ID,
      taskQueue: directoryTaskQueue(),
      args: [{}],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  return {
    async view() {
      try {
        const view = await client.workflow.getHandle(AGENT_DIRECTORY_ID).query(directoryViewQuery);
        return { absences: view.absences, queued: view.queued };
      } catch {
        // No directory yet (nobody was ever assigned or absent): nobody is absent, nothing queued.
        return { absences: [], queued: {} };
      }
    },
    async markAbsent(absence) {
      await ensure();
      await client.workflow.getHandle(AGENT_DIRECTORY_ID).executeUpdate(markAbsentUpdate, { args: [absence] });
    },
  };
}

/** Sign-in mails through the configured e-mail channel. */
export function emailSignInMailer(config: SopflowConfig): SignInMailer {
  const channel = createEmailChannel(config.channels.email);
  return {
    async send(mail) {
      await channel.send({ to: mail.to, subject: mail.subject, text: mail.text, idempotencyKey: mail.key, ticketNumber: 'sign-in', kind: 'sign_in', language: mail.language });
    },
  };
}

/** What a web server is built from when wired from files and a Temporal client. */
export interface WebRuntimeOptions {
  client: Client;
  config?: SopflowConfig;
  configPath?: string;
  catalog?: FlowCatalog;
  flowsDir?: string;
  pollMs?: number;
  plugins?: WebPlugin[];
  /**
   * The ticket archive (closed tickets, KPI charts); default the one of `SOPFLOW_DATABASE_URL`,
   * else the embedded one under `.sopflow/` (which a worker in another process holds: share a
   * PostgreSQL server then). Opened on first use; one passed in is the caller's to close.
   */
  archive?: WebArchivePort;
  /**
   * The intake core to serve the HTTP intake API and the new-request form with (the embedded
   * default shares the mail sources' core, so one per-sender cap counts both); default: built
   * from the config's `intake:` section when there is one.
   */
  intake?: IntakeCore;
}

/** Wires the web server from config, flows and a Temporal client (used by `sopflow serve` and `npm start`). */
export async function createWebRuntime(options: WebRuntimeOptions): Promise<WebApp & { deps: WebDeps }> {
  const config = options.config ?? loadConfig(resolve(options.configPath ?? process.env.SOPFLOW_CONFIG ?? 'sopflow.config.yaml'));
  const catalog = options.catalog ?? loadFlowCatalog(options.flowsDir);
  const ownArchive = options.archive ? undefined : openArchive();
  const tickets = new TicketClient(options.client, catalog);
  const intake = options.intake ?? (config.intake ? createIntakeCore({ config, catalog, flowsDir: options.flowsDir ?? defaultFlowsDir(), tickets }) : undefined);
  const plugins = [...(options.plugins ?? []), ...(intake && config.intake ? [intakeApi({ core: intake, tickets, clients: config.intake.api.clients })] : [])];
  const deps: WebDeps = {
    tickets,
    catalog,
    config,
    secret: webSecret(config.web.secretFile),
    directory: temporalAgentDirectory(options.client),
    signIns: temporalSignInRedemptions(options.client),
    mailer: emailSignInMailer(config),
    templates: new TemplateStore(config.notify.templatesDir),
    archive: options.archive ?? ownArchive!,
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    ...(intake ? { intake } : {}),
    ...(plugins.length ? { plugins } : {}),
  };
  const web = await buildWebApp(deps);
  if (ownArchive) web.app.addHook('onClose', async () => ownArchive.close());
  return { ...web, deps };
}

/** The HTTP intake API (`POST /api/tickets`, `POST /api/tickets/<number>/messages`) as a plugin of the web server. */
export function intakeApi(options: IntakeApiOptions): WebPlugin {
  return { plugin: intakeApiPlugin as unknown as WebPlugin['plugin'], options: options as unknown as Record<string, unknown> };
}

/** `host:port` of `web.listen` as Fastify's listen options. */
export function listenOptions(listen: string): { host: string; port: number } {
  const at = listen.lastIndexOf(':');
  return { host: listen.slice(0, at).replace(/^\[|\]$/g, ''), port: Number(listen.slice(at + 1)) };
}
