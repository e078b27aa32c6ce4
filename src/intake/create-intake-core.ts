import type { TicketClient } from '../client/ticket-client';
import type { SopflowConfig } from '../config/schema';
import type { FlowCatalog } from '../runtime/flow-catalog';
import { mailSecret } from '../notify/channels/mail-secret';
import { SopflowError } from '../errors/sopflow-error';
import { AttachmentStore } from './attachment-store';
import { IntakeCore } from './intake-core';
import { loadIntakeRulesOrThrow } from './rules/load-rules';
import { SenderCap } from './sender-cap';

/** The address part of `Name <address>` or a bare address, lower-cased. */
export function addressOf(mailbox: string): string {
  return (/<([^<>]+)>/.exec(mailbox)?.[1] ?? mailbox).trim().toLowerCase();
}

/**
 * The intake core as the config describes it: rules from `<flows>/intake.yaml` (validated
 * against the catalog's flows), own addresses (intake addresses and the sending address), the
 * agents of every pool as participants, the attachment store and the per-sender cap.
 */
export function createIntakeCore(options: { config: SopflowConfig; catalog: FlowCatalog; flowsDir: string; tickets: TicketClient; secret?: string }): IntakeCore {
  const intake = options.config.intake;
  if (!intake) {
    throw new SopflowError('sopflow.config.yaml has no intake section', { code: 'NO_INTAKE', suggestion: 'add `intake: { email: { address: … } }` (see the README, "Intake")' });
  }
  const agents = Object.values(options.config.pools).flatMap((pool) => pool.agents.map((agent) => agent.email));
  return new IntakeCore({
    tickets: options.tickets,
    rules: loadIntakeRulesOrThrow(options.flowsDir, options.catalog.flows()),
    secret: options.secret ?? mailSecret(),
    ownAddresses: [intake.email.address, ...intake.email.aliases, addressOf(options.config.channels.email.from)],
    agentAddresses: agents,
    attachments: new AttachmentStore(intake.attachments.dir, intake.attachments.maxBytes),
    senderCap: new SenderCap(intake.senderCap.perHour),
    defaultLanguage: options.config.languages.default,
  });
}
