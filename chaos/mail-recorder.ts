import { join } from 'node:path';
import { startMailSink } from '../src/demo/mail-sink';
import type { MailSink, SunkMail } from '../src/demo/mail-sink';

/** A mail as the SMTP server received it, with the headers the judge counts by. */
export interface ReceivedMail {
  messageId: string;
  to: string[];
  ticket: string;
  kind: string;
  /** Epoch milliseconds when the server accepted it. */
  receivedAt: number;
}

function header(raw: string, name: string): string {
  // Unfolded first: nodemailer folds long headers (a Message-ID starts on the next line).
  const head = (raw.split(/\r?\n\r?\n/, 1)[0] ?? '').replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
}

/** What the judge needs from one received mail. */
export function receivedMail(mail: SunkMail, receivedAt: number): ReceivedMail {
  return { messageId: header(mail.raw, 'Message-ID'), to: mail.to, ticket: header(mail.raw, 'X-Sopflow-Ticket'), kind: header(mail.raw, 'X-Sopflow-Kind'), receivedAt };
}

/**
 * A real SMTP server (the project's mail sink, smtp-server underneath) on a fixed port that can
 * go down and come back on the same port, remembering every mail it accepted across outages.
 */
export class MailRecorder {
  readonly mails: ReceivedMail[] = [];
  private sink: MailSink | undefined;
  private incarnation = 0;

  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get up(): boolean {
    return this.sink !== undefined;
  }

  async start(): Promise<void> {
    if (this.sink) return;
    // A directory per incarnation: the sink numbers its files from 1 each time it starts.
    this.incarnation += 1;
    this.sink = await startMailSink({ port: this.port, dir: join(this.dir, String(this.incarnation)), onMail: (mail) => this.mails.push(receivedMail(mail, Date.now())) });
  }

  /** Stops listening; connections then are refused, as from a relay that is down. */
  async stop(): Promise<void> {
    const sink = this.sink;
    this.sink = undefined;
    await sink?.close();
  }
}
