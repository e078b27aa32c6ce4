/**
 * Scalars of the simple YAML subset: plain words, numbers, booleans, null and one-line quoted
 * text. Anything whose meaning takes more than a glance (floats, hex, escapes beyond the
 * common four, keys that are not plain names) is thrown back as `NotSimple`, so the `yaml`
 * library reads the file instead and stays the one authority on what YAML means.
 */

/** The text uses something outside the subset; the caller falls back to the `yaml` library. */
export class NotSimple extends Error {
  constructor(readonly reason: string) {
    super(`not simple YAML: ${reason}`);
  }
}

/** Throws `NotSimple`; an expression, so `?? notSimple(…)` reads as a guard. */
export function notSimple(reason: string): never {
  throw new NotSimple(reason);
}

/**
 * Length of the plain key starting at `at` (0 if there is none): names such as `l1_triage`,
 * `P1`, `5d`, `first-response`. A character loop, because it runs once per line.
 */
export function keyLength(line: string, at: number): number {
  if (!isKeyChar(line.charCodeAt(at), true)) return 0;
  let i = at + 1;
  while (isKeyChar(line.charCodeAt(i), false)) i++;
  return i - at;
}

function isKeyChar(char: number, first: boolean): boolean {
  const alphanumeric = (char >= 0x61 && char <= 0x7a) || (char >= 0x41 && char <= 0x5a) || (char >= 0x30 && char <= 0x39) || char === 0x5f; // _
  return alphanumeric || (!first && (char === 0x2d || char === 0x2e || char === 0x2f)); // - . /
}

/** The value of a plain scalar, as the core schema resolves it. */
export function plainValue(text: string): string | number | boolean | null {
  // Only text starting like null, true, false or a number can be anything but text.
  if (!MAYBE_NOT_TEXT.includes(text[0]!)) return text;
  switch (text) {
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  if (PLAIN_INTEGER.test(text) || DECIMAL.test(text)) return Number(text);
  if (NUMBER_LIKE.test(text)) notSimple(`number form '${text}'`);
  return text;
}

/** First characters of null, true, false and numbers: plain text starting otherwise is text. */
const MAYBE_NOT_TEXT = '~nNtTfF-+.0123456789';

/** Integers whose text is exactly what `Number` gives back: no leading zeros, no `-0`, safe range. */
const PLAIN_INTEGER = /^(?:0|-?[1-9][0-9]{0,14})$/;

/** Decimal fractions (`1.5`, `-0.25`), which `Number` reads exactly as `yaml`'s `parseFloat` does. */
const DECIMAL = /^-?[0-9]+\.[0-9]+$/;

/**
 * Every other core-schema number (`007`, `1.`, `1e3`, `0x1F`, `.inf`), and a little more:
 * flows do not write them, so rather than match `yaml`'s reading of each, they are left to it.
 */
const NUMBER_LIKE = /^(?:[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|0[xXoObB][0-9a-fA-F]*|[-+]?\.[a-zA-Z]+)$/;

/** The key of a map entry as `yaml` names it in a JavaScript object; only keys that read as themselves. */
export function plainKey(text: string): string {
  const value = plainValue(text);
  // `null:`, `true:` or `1.50:` would become other names (``, `true`, `1.5`); `__proto__` is special.
  const named = typeof value === 'number' ? String(value) === text : typeof value === 'string';
  if (!named || text === '__proto__' || text.length > 200) notSimple(`key '${text}'`);
  return text;
}

/** A plain scalar may not start with an indicator; `-` only before a digit (`-2`). */
export function startsPlain(line: string, at: number): boolean {
  const char = line.charCodeAt(at);
  if (char === 0x2d /* - */) return isDigit(line.charCodeAt(at + 1));
  return char > 0x20 && !INDICATORS.includes(line[at]!);
}

const INDICATORS = '-?:,[]{}#&*!|>\'"%@`';

function isDigit(char: number): boolean {
  return char >= 0x30 && char <= 0x39;
}

/** A quoted scalar on one line, starting at its opening quote: its text and the offset after the closing quote. */
export function quotedScalar(line: string, at: number): { value: string; end: number } {
  return line[at] === "'" ? singleQuoted(line, at) : doubleQuoted(line, at);
}

function singleQuoted(line: string, at: number): { value: string; end: number } {
  let value = '';
  let from = at + 1;
  for (;;) {
    const quote = line.indexOf("'", from);
    if (quote < 0) notSimple('quoted text continues on the next line');
    value += line.slice(from, quote);
    if (line[quote + 1] !== "'") return { value, end: quote + 1 };
    value += "'";
    from = quote + 2;
  }
}

/** The escapes flows use; `\x41`, `\u00e9`, line continuations and the rest are left to `yaml`. */
const ESCAPES: Partial<Record<string, string>> = { '\\': '\\', '"': '"', n: '\n', t: '\t' };

function doubleQuoted(line: string, at: number): { value: string; end: number } {
  let value = '';
  let from = at + 1;
  for (;;) {
    DOUBLE_QUOTED_SPECIAL.lastIndex = from;
    const found = DOUBLE_QUOTED_SPECIAL.exec(line);
    if (!found) notSimple('quoted text continues on the next line');
    value += line.slice(from, found.index);
    if (found[0] === '"') return { value, end: found.index + 1 };
    const escaped = ESCAPES[line[found.index + 1] ?? ''] ?? notSimple('escape sequence');
    value += escaped;
    from = found.index + 2;
  }
}

const DOUBLE_QUOTED_SPECIAL = /["\\]/g;
