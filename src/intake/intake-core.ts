import type { TicketClient, TicketSummary } from '../client/ticket-client';
import { SopflowError } from '../errors/sopflow-error';
import { MAX_MESSAGE_TEXT } from '../ticket/engine';
import type { CustomerMessageInput } from '../ticket/types';
import { ticketOfMessageId } from '../notify/channels/message-id';
import type { AttachmentStore } from './attachment-store';
import { formatBytes } from './attachment-store';
import type { InboundMail } from './inbound-mail';
import { IntakeRetryLaterError, isPermanentRefusal } from './intake-errors';
import type { IntakeOutcome, IntakeRequest } from './intake-request';
import { loopVerdict } from './loop-guard';
import { MalformedMailError, parseMail } from './parse-mail';
import { replyText } from './reply-text';
import type { IntakeRules } from './rules/match-rule';
import type { SenderCap } from './sender-cap';
import { closedTicket, decideThread } from './thread-decision';
import type { ThreadDecision, TicketFacts } from './thread-decision';
import { ticketNumbersIn, ticketOfHeaders } from './ticket-reference';

/** What the intake core needs; built from the config by `createIntakeCore`, or by tests. */
export interface IntakeCoreDeps {
  tickets: TicketClient;
  rules: IntakeRules;
  /** Signs and verifies our message ids (`mailSecret()`). */
  secret: string;
  /** The intake addresses and the address sopflow sends from: mail from them is a loop. */
  ownAddresses: readonly string[];
  /** Agents' addresses: they take part in every ticket. */
  agentAddresses: readonly string[];
  attachments: AttachmentStore;
  senderCap: SenderCap;
  /** The config's `languages.default`, for what intake itself writes (a follow-up's subject). */
  defaultLanguage: string;
  now?: () => number;
}

// How a follow-up ticket says, in its subject (and so in the acknowledgement), what it follows.
const FOLLOW_UP: Record<string, (number: string) => string> = {
  de: (number) => `Folgeanfrage zu ${number}`,
  en: (number) => `follow-up to ${number}`,
  pl: (number) => `kontynuacja zgłoszenia ${number}`,
};

/**
 * A subject without reply and forward prefixes (Re:, AW:, WG:, Odp:, PD: …) and without our
 * ticket tags: what the request is about, as a new ticket's subject.
 */
export function cleanSubject(subject: string): string {
  let text = subject.trim();
  for (;;) {
    const next = text.replace(/^(?:(?:re|aw|wg|fw|fwd|odp|pd|sv|vs|antw)\s*(?:\[\d+\])?\s*:\s*|\[SOP-\d{6}-[0-9A-Z]{5,8}\]\s*)/i, '');
    if (next === text) return text;
    text = next;
  }
}

/**
 * Turns a mail or an API request into a ticket or a message on one, through the ticket client
 * only: loop guard, per-sender cap, threading, routing, then `open` or `addMessage`, both keyed
 * by the request's own id so Temporal (not this process) makes every request count once.
 * Throws `IntakeRetryLaterError` while Temporal cannot confirm; the source keeps the request.
 */
export class IntakeCore {
  private readonly own: ReadonlySet<string>;
  private readonly agents: ReadonlySet<string>;
  private readonly now: () => number;

  constructor(private readonly deps: IntakeCoreDeps) {
    this.own = new Set(deps.ownAddresses.map((address) => address.toLowerCase()));
    this.agents = new Set(deps.agentAddresses.map((address) => address.toLowerCase()));
    this.now = deps.now ?? Date.now;
  }

  /** A raw mail, as an SMTP listener or an IMAP fetch got it. */
  async receiveMail(raw: Buffer): Promise<IntakeOutcome> {
    let mail: InboundMail;
    try {
      mail = await parseMail(raw);
    } catch (error) {
      if (error instanceof MalformedMailError) return { kind: 'failed', reason: error.message };
      throw error;
    }
    const verdict = loopVerdict(mail, this.own);
    if (verdict.kind === 'automatic') return { kind: 'ignored', reason: verdict.reason };
    if (verdict.kind === 'bounce') return this.bounce(mail, verdict.reason, verdict.bouncedMessageIds, verdict.failedRecipients);
    if (!this.deps.senderCap.admit(mail.from.address, mail.messageId)) {
      return { kind: 'parked', reason: `${mail.from.address} sent more than ${this.deps.senderCap.perHour} mails within an hour: parked for review` };
    }
    return this.receive(this.requestOf(mail));
  }

  /**
   * A request from a public page anyone can post (the portal's new-request form): the per-sender
   * cap applies as it does to mail, so a script cannot flood the desk under one address.
   */
  async receivePublic(request: IntakeRequest): Promise<IntakeOutcome> {
    if (!this.deps.senderCap.admit(request.sender, request.key)) {
      return { kind: 'parked', reason: `${request.sender} sent more than ${this.deps.senderCap.perHour} requests within an hour: parked for review` };
    }
    return this.receive(request);
  }

  /** A request from any channel (the API builds one directly). */
  async receive(request: IntakeRequest): Promise<IntakeOutcome> {
    return this.confirmed(async () => {
      const decision = decideThread({
        sender: request.sender,
        ...(request.ticketByHeaders ? { byHeaders: await this.facts(request.ticketByHeaders) } : {}),
        ...(request.ticketNamed ? { bySubject: await this.facts(request.ticketNamed) } : {}),
        agentAddresses: this.agents,
        reopenWindowMs: (flow) => this.deps.rules.reopenWindowMs(flow),
        now: this.now(),
      });
      if (decision.kind === 'append') return this.append(request, decision);
      return this.open(request, decision);
    });
  }

  private async append(request: IntakeRequest, decision: Extract<ThreadDecision, { kind: 'append' }>): Promise<IntakeOutcome> {
    try {
      const added = await this.deps.tickets.addMessage(decision.number, this.message(request, decision.reason), { idempotencyKey: request.key });
      return { kind: 'added', number: decision.number, duplicate: added.alreadyApplied, reason: decision.reason, ...(added.replyEvent ? { replyEvent: added.replyEvent } : {}) };
    } catch (error) {
      // Closed between reading its facts and adding: the same rule as for a closed ticket.
      if (!(error instanceof SopflowError && error.code === 'TICKET_CLOSED')) throw error;
      const facts = await this.facts(decision.number);
      return this.open(request, closedTicket({ ...facts, open: false }, decision.reason, { reopenWindowMs: (flow) => this.deps.rules.reopenWindowMs(flow), now: this.now() }));
    }
  }

  private async open(request: IntakeRequest, decision: Extract<ThreadDecision, { kind: 'new' }>): Promise<IntakeOutcome> {
    const route = this.deps.rules.route({
      channel: request.channel,
      from: request.sender,
      to: request.to,
      subject: request.subject,
      text: request.text,
      ...(request.language ? { language: request.language } : {}),
    });
    const followUp = decision.followUp;
    // A follow-up continues the closed ticket's flow; the rule's settings apply only when it routes there too.
    const sameFlow = !followUp || followUp.flow === route.flow;
    const flow = followUp?.flow ?? route.flow;
    const language = route.language ?? request.language ?? request.customer.language;
    // A follow-up is about what the closed ticket was about; a reply's subject is our mail's.
    const topicLine = (followUp?.subject ?? cleanSubject(request.subject)) || request.replyText.split('\n')[0]!.slice(0, 120) || '…';
    const followUpNote = followUp ? (FOLLOW_UP[language ?? this.deps.defaultLanguage] ?? FOLLOW_UP['en']!)(followUp.number) : undefined;
    const subject = followUpNote ? `${topicLine} (${followUpNote})` : topicLine;
    const reason = `${decision.reason}; rule '${route.rule}' (${route.because.join('; ')})${followUp && !sameFlow ? `, kept on flow '${flow}' of ${followUp.number}` : ''}`;
    const opened = await this.deps.tickets.open({
      flow,
      customer: { ...request.customer, ...(language ? { language } : {}) },
      subject,
      channel: request.channel,
      ...(sameFlow && route.priority ? { priority: route.priority } : {}),
      ...(sameFlow && route.topic ? { topic: route.topic } : {}),
      fields: { ...(sameFlow ? route.fields : {}), ...(request.fields ?? {}) },
      idempotencyKey: request.key,
      ...(request.date ? { keyDate: request.date } : {}),
      message: this.message(request, reason),
      ...(decision.linkedTo ? { linkedTo: decision.linkedTo } : {}),
    });
    return {
      kind: 'opened',
      number: opened.number,
      attached: opened.attached,
      duplicate: opened.alreadyApplied === true,
      rule: route.rule,
      reason,
      ...(decision.linkedTo ? { linkedTo: decision.linkedTo } : {}),
    };
  }

  private async bounce(mail: InboundMail, reason: string, ids: string[], recipients: string[]): Promise<IntakeOutcome> {
    const number = ids.map((id) => ticketOfMessageId(id, this.deps.secret)).find((found) => found !== undefined);
    if (!number) return { kind: 'bounce', reason: `${reason}; it names no mail of ours` };
    const address = recipients[0] ?? 'unknown recipient';
    return this.confirmed(async () => {
      try {
        await this.deps.tickets.recordBounce(number, address, `mail to ${address} bounced: ${reason}`, { idempotencyKey: mail.messageId });
        return { kind: 'bounce', number, reason: `${reason}; recorded on ${number}` };
      } catch (error) {
        if (error instanceof SopflowError && (error.code === 'TICKET_CLOSED' || error.code === 'TICKET_NOT_FOUND')) {
          return { kind: 'bounce', number, reason: `${reason}; ${number} is closed, nothing to record` };
        }
        throw error;
      }
    });
  }

  /** Runs ticket-client calls; outages become `IntakeRetryLaterError`, refusals a failed outcome. */
  private async confirmed(run: () => Promise<IntakeOutcome>): Promise<IntakeOutcome> {
    try {
      return await run();
    } catch (error) {
      if (isPermanentRefusal(error)) return { kind: 'failed', reason: error.message };
      if (error instanceof IntakeRetryLaterError) throw error;
      throw new IntakeRetryLaterError(error instanceof Error ? error.message.split('\n')[0]! : String(error), { cause: error });
    }
  }

  private async facts(number: string): Promise<TicketFacts> {
    const summary: TicketSummary | undefined = await this.deps.tickets.summary(number);
    return summary ? { ...summary, exists: true } : { number, exists: false, open: false };
  }

  private message(request: IntakeRequest, reason: string): CustomerMessageInput {
    const skipped = request.skipped.length ? `\n\n${request.skipped.join('\n')}` : '';
    let text = `${request.replyText || request.subject}${skipped}`;
    if (text.length > MAX_MESSAGE_TEXT) text = `${text.slice(0, MAX_MESSAGE_TEXT - 80)}\n[… shortened; the whole text is in the original]`;
    return {
      text,
      channel: request.channel,
      from: request.sender,
      ...(request.subject ? { subject: request.subject } : {}),
      ...(request.attachments.length ? { attachments: request.attachments } : {}),
      ...(request.original ? { original: request.original } : {}),
      thread: reason,
    };
  }

  /** A parsed mail as a request: attachments and the original stored by hash (idempotent). */
  private requestOf(mail: InboundMail): IntakeRequest {
    const { kept, skipped } = this.deps.attachments.keep(mail.attachments);
    const original = this.deps.attachments.put(mail.raw);
    const named = ticketNumbersIn(mail.subject)[0];
    const byHeaders = ticketOfHeaders(mail.inReplyTo, mail.references, this.deps.secret);
    const recipients = [...mail.to, ...mail.cc].map((address) => address.address);
    return {
      channel: 'email',
      key: `mail:${mail.messageId}`,
      customer: { id: mail.from.address, email: mail.from.address, ...(mail.from.name ? { name: mail.from.name } : {}), ...(mail.language && ['de', 'en', 'pl'].includes(mail.language) ? { language: mail.language } : {}) },
      sender: mail.from.address,
      to: recipients,
      subject: mail.subject,
      text: mail.text,
      replyText: replyText(mail.text),
      ...(mail.language ? { language: mail.language } : {}),
      ...(mail.date ? { date: mail.date } : {}),
      ...(byHeaders ? { ticketByHeaders: byHeaders } : {}),
      ...(named ? { ticketNamed: named } : {}),
      attachments: kept,
      skipped: skipped.map((file) => `[attachment ${file.name} (${formatBytes(file.size)}) not kept: ${file.why}]`),
      original: `sha256:${original}`,
    };
  }
}
