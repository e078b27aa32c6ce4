/** One address of a mail header, lower-cased address and the display name as written. */
export interface MailAddress {
  address: string;
  name?: string;
}

/** An attachment as parsed, before it is stored. */
export interface MailAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
}

/**
 * A mail as intake works with it: decoded (charsets, transfer encodings, encoded words), the
 * headers the loop guard and threading read, and the raw source kept as the original.
 */
export interface InboundMail {
  /** Without angle brackets; a mail without one gets a hash of its source, so dedupe still works. */
  messageId: string;
  /** True when `messageId` was derived from the source because the mail had none. */
  messageIdDerived: boolean;
  inReplyTo: string[];
  references: string[];
  from: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  /** The whole text body (HTML-only mail: the text extracted from the HTML). */
  text: string;
  /** ISO instant of the Date header, if it had a valid one. */
  date?: string;
  /** Lower-cased header names to their raw (unfolded) values, first occurrence. */
  headers: Record<string, string>;
  /** `multipart/report` etc.: the top-level content type, lower-cased, without parameters. */
  contentType: string;
  /** `report-type` parameter of a multipart/report. */
  reportType?: string;
  /** `Content-Language`, lower-cased primary tag (`de`, `pl`), if any. */
  language?: string;
  attachments: MailAttachment[];
  /** The mail as received. */
  raw: Buffer;
}
