import nodemailer from 'nodemailer';
import type { SopflowConfig } from '../../config/schema';
import { PermanentDeliveryError, TransientDeliveryError } from './delivery-error';
import type { DeliveryError } from './delivery-error';
import { mailSecret } from './mail-secret';
import { mailDomain, messageIdFor, ticketThreadId } from './message-id';

type EmailConfig = SopflowConfig['channels']['email'];

/** One plain-text mail to one recipient. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  idempotencyKey: string;
  ticketNumber: string;
  /** Template kind (`status_changed`, `escalated`, …), in a header so mail rules and tests can sort by it. */
  kind?: string;
  /** For `Content-Language`, so clients and screen readers pick the right language. */
  language: string;
}

/** Sends mail over SMTP. */
export interface EmailChannel {
  /** Sends and returns the Message-ID used. */
  send(message: EmailMessage): Promise<{ messageId: string }>;
  /** The Message-ID `send` gives this message: the same for every attempt, known before the first. */
  messageIdOf(message: Pick<EmailMessage, 'to' | 'idempotencyKey' | 'ticketNumber'>): string;
  /** Closes pooled connections (none today; kept so callers need not change when pooling is added). */
  close(): void;
}

interface SmtpError {
  message: string;
  code?: string;
  responseCode?: number;
  permanent?: boolean;
  response?: string;
}

// Codes that mean the setup is wrong (no reply from the server to judge by): retrying cannot fix them.
const PERMANENT_CODES = new Set(['ENOAUTH', 'ECONFIG', 'EENVELOPE']);

/**
 * SMTP replies decide when there is one: 5xx (except 503, a session hiccup) is a refusal for good,
 * 4xx is "try later". Without a reply (refused connection, timeout, TLS) the server may come back.
 */
export function classifySmtpError(err: unknown, recipient: string): DeliveryError {
  const e = err as SmtpError;
  const detail = e.response ?? e.message;
  if (typeof e.responseCode === 'number') {
    const permanent = e.permanent ?? (e.responseCode >= 500 && e.responseCode !== 503);
    return permanent
      ? new PermanentDeliveryError('email', recipient, detail, { cause: err })
      : new TransientDeliveryError('email', recipient, detail, { cause: err });
  }
  if (e.code && PERMANENT_CODES.has(e.code)) return new PermanentDeliveryError('email', recipient, detail, { cause: err });
  return new TransientDeliveryError('email', recipient, `${e.code ? `${e.code} ` : ''}${detail}`, { cause: err });
}

/**
 * Creates the SMTP channel from the `channels.email` config; `secret` signs the ticket part of
 * message ids (see `mailSecret`), so intake can trust a reply's In-Reply-To/References.
 */
export function createEmailChannel(config: EmailConfig, secret: string = mailSecret()): EmailChannel {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTLS,
    ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
  });
  const domain = mailDomain(config.from);
  const messageIdOf = (message: Pick<EmailMessage, 'to' | 'idempotencyKey' | 'ticketNumber'>): string => messageIdFor(message.idempotencyKey, message.to, domain, message.ticketNumber, secret);
  return {
    messageIdOf,
    async send(message) {
      const messageId = messageIdOf(message);
      const thread = ticketThreadId(message.ticketNumber, domain, secret);
      try {
        await transport.sendMail({
          from: config.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          messageId,
          references: [thread],
          inReplyTo: thread,
          headers: {
            // RFC 3834: stops out-of-office replies from bouncing back into the ticket.
            'Auto-Submitted': 'auto-generated',
            'X-Auto-Response-Suppress': 'All',
            'X-Sopflow-Ticket': message.ticketNumber,
            ...(message.kind ? { 'X-Sopflow-Kind': message.kind } : {}),
            'Content-Language': message.language,
          },
        });
      } catch (err) {
        throw classifySmtpError(err, message.to);
      }
      return { messageId };
    },
    close() {
      transport.close();
    },
  };
}
