/** A notification template split into its two parts. */
export interface MessageTemplateParts {
  subject: string;
  body: string;
  /** 1-based line the body starts on, for error positions. */
  bodyLine: number;
}

/**
 * Splits a `<kind>.hbs` file: the first line is the subject, the body follows after
 * (leading blank lines dropped) so translators see the whole mail in one file.
 */
export function splitMessageTemplate(source: string): MessageTemplateParts {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const newline = text.indexOf('\n');
  const subject = newline === -1 ? text : text.slice(0, newline);
  const rest = newline === -1 ? '' : text.slice(newline + 1);
  const leading = /^(?:[ \t]*\n)*/.exec(rest)?.[0] ?? '';
  const blankLines = leading.split('\n').length - 1;
  return { subject: subject.trim(), body: rest.slice(leading.length), bodyLine: 2 + blankLines };
}
