import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerDataStream } from 'smtp-server';
import type { IntakeCore } from './intake-core';
import { IntakeRetryLaterError } from './intake-errors';
import type { IntakeOutcome } from './intake-request';
import type { ReviewStore } from './review-store';

/** What the SMTP listener needs. */
export interface SmtpSourceOptions {
  core: IntakeCore;
  review: ReviewStore;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Intake addresses; mail for anyone else is refused at RCPT TO, so the listener is never a relay. */
  addresses: readonly string[];
  maxBytes: number;
  /** One line per mail handled, for the operator. */
  log?: (line: string) => void;
}

/** A running SMTP listener. */
export interface SmtpSource {
  port: number;
  close(): Promise<void>;
}

/** An SMTP reply with a code, as smtp-server sends an error's `responseCode`. */
function reply(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * An SMTP listener an MTA delivers the intake addresses to (smtp-server). It answers only after
 * the outcome is durable: 250 once Temporal accepted the ticket or message (or the mail was
 * ignored, recorded as a bounce, or kept for review); 451 while Temporal or the worker cannot
 * confirm, so the MTA queues the mail and tries again; the request's own id makes the retry
 * count once. Meant for loopback or a private network behind the MTA (no TLS, no AUTH here).
 */
export async function startSmtpSource(options: SmtpSourceOptions): Promise<SmtpSource> {
  const log = options.log ?? (() => undefined);
  const addresses = new Set(options.addresses.map((address) => address.toLowerCase()));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: options.maxBytes,
    banner: 'sopflow intake',
    onRcptTo(address, _session, callback) {
      if (addresses.has(address.address.toLowerCase())) callback();
      else callback(reply(550, `5.1.1 <${address.address}>: no such intake address here`));
    },
    onData(stream, _session, callback) {
      readAll(stream, options.maxBytes).then(
        async (raw) => {
          if (raw === undefined) return callback(reply(552, `5.3.4 message larger than ${options.maxBytes} bytes`));
          try {
            const outcome = await options.core.receiveMail(raw);
            log(describe(outcome));
            if (outcome.kind === 'parked' || outcome.kind === 'failed') options.review.keep(outcome.kind, raw, outcome.reason);
            callback(null, acceptedLine(outcome));
          } catch (error) {
            const reason = error instanceof IntakeRetryLaterError ? error.reason : error instanceof Error ? error.message.split('\n')[0]! : String(error);
            log(`451 try again later: ${reason}`);
            callback(reply(451, '4.3.0 the ticket system cannot confirm the message right now; try again later'));
          }
        },
        () => callback(reply(451, '4.3.0 the message could not be read; try again later')),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  server.on('error', (error) => log(`smtp listener error: ${error.message}`));
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function readAll(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  // smtp-server marks a message over `size` after reading it; the stream must still be drained.
  if (stream.sizeExceeded) return undefined;
  const raw = Buffer.concat(chunks);
  return raw.length > maxBytes ? undefined : raw;
}

function acceptedLine(outcome: IntakeOutcome): string {
  switch (outcome.kind) {
    case 'opened':
      return `OK ${outcome.duplicate ? 'already ' : ''}${outcome.attached ? 'added to' : 'opened'} ${outcome.number}`;
    case 'added':
      return `OK ${outcome.duplicate ? 'already ' : ''}added to ${outcome.number}`;
    case 'bounce':
      return outcome.number ? `OK bounce recorded on ${outcome.number}` : 'OK bounce noted';
    case 'ignored':
      return 'OK automatic mail, no ticket';
    case 'parked':
      return 'OK parked for review';
    case 'failed':
      return 'OK unreadable, kept for review';
  }
}

/** One log line per handled mail. */
export function describe(outcome: IntakeOutcome): string {
  switch (outcome.kind) {
    case 'opened':
      return `${outcome.duplicate ? 'already handled: ' : ''}${outcome.attached ? 'attached to' : 'opened'} ${outcome.number} (${outcome.reason})`;
    case 'added':
      return `${outcome.duplicate ? 'already handled: ' : ''}message on ${outcome.number} (${outcome.reason})${outcome.replyEvent ? `, sent ${outcome.replyEvent}` : ''}`;
    default:
      return `${outcome.kind}: ${outcome.reason}`;
  }
}
