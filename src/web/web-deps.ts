import type { FastifyPluginAsync } from 'fastify';
import type { ArchiveStore } from '../archive/types';
import type { AgentAbsence as Absence } from '../assignment/types';
import type { TicketClient } from '../client/ticket-client';
import type { SopflowConfig } from '../config/schema';
import type { IntakeCore } from '../intake/intake-core';
import type { FlowCatalog } from '../runtime/flow-catalog';
import type { TemplateStore } from '../notify/templates/template-store';

/** Who is away: the agent directory, seen from the web server. */
export interface AgentDirectoryPort {
  /** Absences, and per tier the tickets waiting for an owner because nobody could take them. */
  view(): Promise<{ absences: Absence[]; queued: Record<string, number> }>;
  markAbsent(absence: Absence): Promise<void>;
}

/**
 * Remembers which sign-in links were used, for every web server of a cluster at once:
 * `redeem` answers true for the first use of a link and false for every later one.
 */
export interface SignInRedemptions {
  redeem(linkId: string, validUntil: number): Promise<boolean>;
}

/** Sends the sign-in mail to an agent. */
export interface SignInMailer {
  send(mail: { to: string; subject: string; text: string; language: string; key: string }): Promise<void>;
}

/** An extra plugin to register on the server (the intake API registers itself this way). */
export interface WebPlugin {
  plugin: FastifyPluginAsync<Record<string, unknown>>;
  options?: Record<string, unknown>;
}

/**
 * What the web server reads from the ticket archive: closed tickets (the portal and the ticket
 * page show them after Temporal forgot them) and the facts the report's KPIs are computed from.
 */
export type WebArchivePort = Pick<ArchiveStore, 'getTicket' | 'facts' | 'countOpened' | 'stayMinutes'>;

/** Everything the web server is built from; tests hand in real ones and call `app.inject()`. */
export interface WebDeps {
  tickets: TicketClient;
  catalog: FlowCatalog;
  config: SopflowConfig;
  /** Signs portal tokens, sign-in links, sessions and CSRF tokens (see auth/web-secret.ts). */
  secret: string;
  directory: AgentDirectoryPort;
  signIns: SignInRedemptions;
  mailer: SignInMailer;
  /** The templates the mails use; the portal renders the customer's messages with them. */
  templates: TemplateStore;
  /** The ticket archive; without it closed tickets live only as long as Temporal keeps them, and no KPI charts are drawn. */
  archive?: WebArchivePort;
  now?: () => number;
  /** How often the shared poller reads visibility (ms); default 1000. */
  pollMs?: number;
  /** The poller's delta overlap, drift-check and full-reload intervals (ms); defaults in live/live-hub.ts. */
  live?: { overlapMs?: number; driftCheckMs?: number; resyncMs?: number };
  /** The intake core (routing rules, threading, dedupe, sender cap): the portal's new-request form uses it; without it the form answers 404. */
  intake?: IntakeCore;
  /** Registered after sopflow's own routes, with the same security headers and error pages. */
  plugins?: WebPlugin[];
}
