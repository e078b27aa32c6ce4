import EmailReplyParser from 'email-reply-parser';

/**
 * The new part of a reply: quoted history ("Am … schrieb …:", "W dniu … napisał(a):", "On … wrote:",
 * "-----Original Message-----", `>` lines) and signatures stripped by email-reply-parser. A mail
 * that is all quote keeps its whole text, so nothing the customer wrote is ever dropped; the full
 * original is stored beside it either way.
 */
export function replyText(text: string): string {
  const visible = new EmailReplyParser().read(text.replace(/\r\n/g, '\n')).getVisibleText().trim();
  return visible || text.trim();
}
