import type { SopflowConfig } from '../config/schema';
import { createChatChannel } from './channels/chat-channel';
import type { ChatChannel } from './channels/chat-channel';
import type { ChatMessage } from './channels/chat-message';
import { DeliveryError, PermanentDeliveryError, TransientDeliveryError } from './channels/delivery-error';
import { createEmailChannel } from './channels/email-channel';
import type { EmailChannel } from './channels/email-channel';
import { createSmsChannel } from './channels/sms-channel';
import type { SmsChannel } from './channels/sms-channel';
import { createWebhookChannel } from './channels/webhook-channel';
import type { WebhookChannel } from './channels/webhook-channel';
import { buildWebhookPayload } from './channels/webhook-payload';
import { InvalidNotificationRequestError } from './invalid-request-error';
import { languageChain } from './language';
import { AUDIENCES } from './notification-request';
import type { NotificationRequest, NotificationResult } from './notification-request';
import { NotificationFailedError } from './notification-failed-error';
import type { Outbox, OutboxKey } from './outbox';
import { planRecipients } from './recipients';
import { agentTicketLink, buildTemplateValues, ticketLink } from './template-values';
import { TemplateStore } from './templates/template-store';
import type { RenderedMessage } from './templates/template-store';

/** What a notifier is built from. */
export interface NotifierDeps {
  config: SopflowConfig;
  outbox: Outbox;
  /** Defaults to the templates under `config.notify.templatesDir`. */
  templates?: TemplateStore;
  /** Clock for outbox timestamps and webhook signatures. */
  now?: () => number;
}

// One send, described before it happens so the outbox can be asked about it first and its
// record (Message-ID included) written ahead of it.
interface Send {
  channel: string;
  recipient: string;
  messageId?: string;
  run: () => Promise<void>;
}

function severityOf(kind: string): ChatMessage['severity'] {
  if (kind === 'sla_breached' || kind === 'delivery_failed') return 'critical';
  if (kind === 'sla_warning' || kind === 'escalated') return 'warning';
  return 'info';
}

function validate(request: NotificationRequest): void {
  if (typeof request.idempotencyKey !== 'string' || request.idempotencyKey.trim() === '') {
    throw new InvalidNotificationRequestError('idempotencyKey', request.idempotencyKey, 'must be a non-empty string');
  }
  if (!AUDIENCES.includes(request.audience)) {
    throw new InvalidNotificationRequestError('audience', request.audience, `must be one of ${AUDIENCES.join(', ')}`);
  }
  if (!request.ticket?.number) throw new InvalidNotificationRequestError('ticket.number', request.ticket?.number, 'is required');
}

/**
 * Renders a notification and sends it on every channel its audience uses, consulting the outbox
 * before each send and recording after it. Sends everything it can before reporting failures,
 * so one dead channel does not hold back the others.
 */
export class Notifier {
  private readonly config: SopflowConfig;
  private readonly outbox: Outbox;
  private readonly templates: TemplateStore;
  private readonly now: () => number;
  private readonly email: EmailChannel;
  private readonly webhook: WebhookChannel | undefined;
  private readonly chat: ChatChannel | undefined;
  private readonly sms: SmsChannel | undefined;
  /**
   * Sends under way in this process, by outbox key. A local activity that timed out keeps
   * running while its fallback (a regular activity) starts in the same worker: the second
   * attempt waits for the first instead of sending the same message beside it.
   */
  private readonly underWay = new Map<string, Promise<void>>();
  /**
   * How long an attempt recorded as `sending` (by any process) may still be running: the SMTP
   * client's connection, greeting and socket timeouts. A younger one is waited for; an older one
   * died (a killed worker) and the message is sent again.
   */
  private readonly sendingStaleMs: number;

  constructor(deps: NotifierDeps) {
    this.config = deps.config;
    this.outbox = deps.outbox;
    this.templates = deps.templates ?? new TemplateStore(deps.config.notify.templatesDir);
    this.now = deps.now ?? Date.now;
    const channels = deps.config.channels;
    this.email = createEmailChannel(channels.email);
    this.webhook = channels.webhook ? createWebhookChannel(channels.webhook, this.now) : undefined;
    this.chat = channels.chat ? createChatChannel(channels.chat) : undefined;
    this.sms = channels.sms ? createSmsChannel(channels.sms) : undefined;
    this.sendingStaleMs = 3 * channels.email.timeoutMs;
  }

  /** Renders the message for a request in the best language available. Throws `TemplateError`. */
  render(request: NotificationRequest): RenderedMessage {
    const requested = request.audience === 'customer' ? request.ticket.customer.language : undefined;
    const languages = languageChain(requested, this.config.languages.default);
    const first = languages[0] ?? this.config.languages.default;
    // Render once to learn the language actually used, then again if dates must follow it.
    const message = this.templates.render(request.kind, request.audience, languages, buildTemplateValues(request, this.config, first));
    if (message.language === first) return message;
    return this.templates.render(request.kind, request.audience, languages, buildTemplateValues(request, this.config, message.language));
  }

  /**
   * Delivers one notification. Throws `NotificationFailedError` if any message failed (after trying
   * all), `TemplateError` for template problems, `InvalidNotificationRequestError` for a bad request.
   */
  async deliver(request: NotificationRequest): Promise<NotificationResult> {
    validate(request);
    const message = this.render(request);
    const plan = planRecipients(request, this.config);
    // SMS goes to the customer (their portal link); webhook and chat go to staff (the agent page).
    const link = ticketLink(this.config, request.ticket.number, request.ticket.customer.id);
    const staffLink = agentTicketLink(this.config, request.ticket.number);
    const result: NotificationResult = { delivered: [], skipped: [...plan.skipped] };

    const sends: Send[] = plan.email.map((to) => {
      const mail = {
        to,
        subject: message.subject,
        text: message.body,
        idempotencyKey: request.idempotencyKey,
        ticketNumber: request.ticket.number,
        kind: request.kind,
        language: message.language,
      };
      return { channel: 'email', recipient: to, messageId: this.email.messageIdOf(mail), run: async () => void (await this.email.send(mail)) };
    });
    const sms = this.sms;
    if (plan.sms && sms) {
      const phone = plan.sms;
      sends.push({ channel: 'sms', recipient: phone, run: async () => void (await sms.send({ phone, text: `${message.subject} ${link}`, ticketNumber: request.ticket.number })) });
    }
    const webhook = this.webhook;
    if (plan.webhook && webhook) {
      sends.push({ channel: 'webhook', recipient: webhook.recipient, run: async () => void (await webhook.send(buildWebhookPayload(request, staffLink))) });
    }
    const chat = this.chat;
    if (plan.chat && chat) {
      const post: ChatMessage = { title: message.subject, text: message.body, link: staffLink, severity: severityOf(request.kind) };
      sends.push({ channel: 'chat', recipient: chat.recipient, run: async () => void (await chat.send(post)) });
    }

    const failures: DeliveryError[] = [];
    for (const send of sends) {
      const key = { idempotencyKey: request.idempotencyKey, channel: send.channel, recipient: send.recipient };
      const failure = await this.oneAtATime(`${key.idempotencyKey}\0${key.channel}\0${key.recipient}`, () => this.sendOnce(key, send, result));
      if (failure) failures.push(failure);
    }
    if (failures.length > 0) throw new NotificationFailedError(request.idempotencyKey, failures, result);
    return result;
  }

  /** Runs `task` after any earlier task for the same key in this process has finished. */
  private async oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
    const earlier = this.underWay.get(key);
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const queued = (earlier ?? Promise.resolve()).then(() => mine);
    this.underWay.set(key, queued);
    try {
      await earlier;
      return await task();
    } finally {
      done();
      if (this.underWay.get(key) === queued) this.underWay.delete(key);
    }
  }

  /** Sends one message unless the outbox says it went out (or was refused); returns its failure, if any. */
  private async sendOnce(key: OutboxKey, send: Send, result: NotificationResult): Promise<DeliveryError | undefined> {
    const earlier = await this.outbox.get(key);
    if (earlier?.status === 'delivered') {
      result.skipped.push({ channel: send.channel, recipient: send.recipient, why: `already delivered at ${earlier.at}` });
      return undefined;
    }
    if (earlier?.status === 'rejected') {
      // Refused for good on an earlier attempt: report it again rather than knock on the same door.
      return new PermanentDeliveryError(send.channel, send.recipient, earlier.error ?? 'rejected earlier');
    }
    // An attempt that began and never recorded its end. While it may still be running (in
    // another process), sending beside it would be the duplicate: wait. Once it is over, it died
    // (a killed worker) and the receiver may or may not have the message: sent again with the
    // same Message-ID (receivers that keep ids drop the copy), and said so.
    const outcomeUnknown = earlier?.status === 'sending';
    const age = earlier ? this.now() - Date.parse(earlier.at) : Number.POSITIVE_INFINITY;
    if (outcomeUnknown && age < this.sendingStaleMs) {
      return new TransientDeliveryError(send.channel, send.recipient, `an attempt that began ${Math.round(age / 1000)} s ago may still be sending it; tried again once that attempt is over`, {
        retryAfterMs: this.sendingStaleMs - age,
      });
    }
    const messageId = send.messageId;
    // Written before the send, so all that is left after the receiver's "accepted" is one rename.
    const prepared = await this.outbox.prepare({ ...key, status: 'delivered', ...(messageId ? { messageId } : {}), at: new Date(this.now()).toISOString() });
    try {
      await send.run();
    } catch (err) {
      const failure =
        err instanceof DeliveryError
          ? err
          : new TransientDeliveryError(send.channel, send.recipient, (err as Error).message ?? String(err), { cause: err });
      // A failed try forgets its own record, but not the unknown outcome of the one before it.
      if (!outcomeUnknown || failure.permanent) await prepared.abandon();
      if (failure.permanent) {
        await this.outbox.put({ ...key, status: 'rejected', error: failure.detail, at: new Date(this.now()).toISOString() });
      }
      return failure;
    }
    await prepared.commit();
    result.delivered.push({ channel: send.channel, recipient: send.recipient, ...(messageId ? { messageId } : {}), ...(outcomeUnknown ? { resentAfterUnknownOutcome: true } : {}) });
    return undefined;
  }

  /** Releases connections. */
  close(): void {
    this.email.close();
  }
}
