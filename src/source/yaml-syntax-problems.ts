import { CST, LineCounter, Parser } from 'yaml';
import type { YAMLError } from 'yaml';
import { parseYamlDocument } from './parse-yaml-document';
import type { SourceProblem } from './problem';

/** How many syntax errors are printed before the rest are summed up as "and N more". */
export const MAX_SYNTAX_PROBLEMS = 3;

/** A YAML syntax error as a reader sees it: where, what, and how to fix it. */
interface SyntaxError {
  line: number;
  col: number;
  message: string;
  hint?: string;
}

/**
 * The YAML syntax errors of a text, reported at their cause and few enough to read.
 *
 * Why not the parser's list as it is: one unclosed `[` or `"` swallows the lines after it, and
 * the parser reports each of them (hundreds of lines for one character), the first at the line
 * *after* the bracket. So the text's concrete syntax tree is searched for brackets and quotes
 * that are never closed; each is reported at the bracket itself, then closed where the parser
 * gave up and the text parsed again, so that what is reported next is a mistake of its own,
 * not an echo. At most `MAX_SYNTAX_PROBLEMS` are listed; one more line says how many remain.
 * Returns `[]` when the text has no syntax error (duplicate keys are not syntax errors).
 */
export function yamlSyntaxProblems(text: string, file: string): SourceProblem[] {
  const found: SyntaxError[] = [];
  let current = text;
  let errors = parserErrors(current);
  // Each pass repairs at least one cause, so a few passes are enough for the list we print.
  for (let pass = 0; pass < MAX_SYNTAX_PROBLEMS && errors.length > 0 && found.length < MAX_SYNTAX_PROBLEMS; pass++) {
    const firstError = errors[0]!.pos[0];
    // The innermost opener before the first error is the one the parser stumbled over; an outer
    // one may well be closed by the bracket the inner one swallowed.
    const opener = unclosedOpeners(current).filter((candidate) => candidate.offset <= firstError).pop();
    if (opener === undefined) break;
    found.push(unclosedProblem(opener, lineCounterOf(current).linePos(opener.offset)));
    // Closers go at line ends or before a wrong closer, so lines keep their numbers and text before them its columns.
    current = closeOpener(current, opener, firstError);
    errors = parserErrors(current);
  }
  // What is left after the repairs: the parser's own words, one per line (a cascade on one line says one thing).
  const positions = lineCounterOf(current);
  const seenLines = new Set(found.map((error) => error.line));
  const rest: SyntaxError[] = [];
  for (const error of errors) {
    const position = positions.linePos(error.pos[0]);
    if (seenLines.has(position.line)) continue;
    seenLines.add(position.line);
    rest.push(parserProblem(error, position));
  }
  const all = [...found, ...rest].sort((a, b) => a.line - b.line || a.col - b.col);
  const shown = all.slice(0, MAX_SYNTAX_PROBLEMS);
  const problems = shown.map((error) => toProblem(file, error));
  const hidden = all.length - shown.length;
  if (hidden > 0) {
    const next = all[MAX_SYNTAX_PROBLEMS]!;
    problems.push(
      toProblem(file, {
        line: next.line,
        col: next.col,
        message: `and ${hidden} more YAML syntax error${hidden === 1 ? '' : 's'} from here on`,
        hint: 'fix the first ones and check again: later errors often follow from them',
      }),
    );
  }
  return problems;
}

function lineCounterOf(text: string): LineCounter {
  const lineCounter = new LineCounter();
  // `parse` is a generator: the line counter learns the lines only as the tokens are taken.
  Array.from(new Parser(lineCounter.addNewLine).parse(text));
  return lineCounter;
}

/** Syntax errors of the `yaml` parser, in text order (duplicate keys are not among them). */
function parserErrors(text: string): YAMLError[] {
  const document = parseYamlDocument(text, new LineCounter());
  return [...document.errors, ...document.warnings].sort((a, b) => a.pos[0] - b.pos[0]);
}

/** A bracket or quote that opens something the text never closes. */
interface Opener {
  offset: number;
  char: '[' | '{' | '"' | "'";
  /** Where a closer of the other kind ended it (`{a: 1]`), if one did. */
  wrongCloser?: number;
}

const CLOSER: Record<Opener['char'], string> = { '[': ']', '{': '}', '"': '"', "'": "'" };

function unclosedOpeners(text: string): Opener[] {
  const openers: Opener[] = [];
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      for (const node of [item.key, item.value]) {
        if (!node) continue;
        if (node.type === 'flow-collection') {
          const char = node.start.source === '[' ? '[' : '{';
          const closer = node.end.find((end) => end.type === 'flow-seq-end' || end.type === 'flow-map-end');
          const matches = closer?.type === (char === '[' ? 'flow-seq-end' : 'flow-map-end');
          if (!matches) openers.push({ offset: node.start.offset, char, ...(closer ? { wrongCloser: closer.offset } : {}) });
        } else if (node.type === 'double-quoted-scalar' || node.type === 'single-quoted-scalar') {
          if (!isClosedQuote(node.source)) openers.push({ offset: node.offset, char: node.source[0] === '"' ? '"' : "'" });
        }
      }
    });
  }
  // Flow collections nest: visit reports the outer first; keep text order either way.
  return openers.sort((a, b) => a.offset - b.offset);
}

function isClosedQuote(source: string): boolean {
  const quote = source[0]!;
  if (source.length < 2 || source[source.length - 1] !== quote) return false;
  if (quote === "'") return true;
  // `"…\"` ends in an escaped quote, not a closing one: count the backslashes before it.
  let backslashes = 0;
  for (let i = source.length - 2; i > 0 && source[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 0;
}

/**
 * Closes an opener so the parser can go on: a bracket closed by the wrong kind (`{a: 1]`) just
 * before that closer; a quote at the end of its own line (a quote runs to the end of the file
 * otherwise); any other bracket where the parser gave up, after the last text before that
 * point (so a list written over several lines keeps its items).
 */
function closeOpener(text: string, opener: Opener, errorOffset: number): string {
  const at =
    opener.wrongCloser ??
    endOfTextBefore(text, opener.char === '"' || opener.char === "'" ? lineEnd(text, opener.offset) : Math.max(errorOffset, opener.offset + 1), opener.offset + 1);
  return text.slice(0, at) + CLOSER[opener.char] + text.slice(at);
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline === -1 ? text.length : newline;
}

/** The offset just after the last character before `limit` that is not white space or a comment. */
function endOfTextBefore(text: string, limit: number, floor: number): number {
  let at = Math.min(limit, text.length);
  for (;;) {
    while (at > floor && /\s/.test(text[at - 1]!)) at--;
    // A comment at the end of a line is not text: step over it (`#` after a blank starts one).
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const comment = findComment(text, Math.max(lineStart, floor), at);
    if (comment === undefined) return at;
    at = comment;
  }
}

function findComment(text: string, from: number, to: number): number | undefined {
  for (let i = from; i < to; i++) {
    if (text[i] === '#' && (i === 0 || /\s/.test(text[i - 1]!))) return i;
  }
  return undefined;
}

function unclosedProblem(opener: Opener, position: { line: number; col: number }): SyntaxError {
  const close = CLOSER[opener.char];
  if (opener.char === '"' || opener.char === "'") {
    return { ...position, message: `this \`${opener.char}\` is never closed`, hint: `end the text with \`${close}\`` };
  }
  const what = opener.char === '[' ? 'list' : 'map';
  return {
    ...position,
    message: `this \`${opener.char}\` is never closed`,
    hint: `end the ${what} with \`${close}\`; if the \`${opener.char}\` is meant as text, put the whole value in quotes`,
  };
}

/** Plainer words (and a way out) for the parser's messages that speak to programmers. */
const PARSER_MESSAGES: Partial<Record<string, { message?: string; hint: string }>> = {
  MULTIPLE_DOCS: { message: 'a file holds one YAML document', hint: "remove the '---' separator, or split the documents into files of their own" },
  TAB_AS_INDENT: { message: 'tabs cannot indent YAML', hint: 'indent with spaces' },
  BLOCK_AS_IMPLICIT_KEY: { hint: "a value containing ': ' must be put in quotes" },
  MULTILINE_IMPLICIT_KEY: { hint: 'check the indentation of this line and the one before' },
  BAD_INDENT: { hint: 'check the indentation of this line against the lines above' },
  UNEXPECTED_TOKEN: { hint: 'a bracket or indicator is out of place; put text that contains it in quotes' },
  MISSING_CHAR: { hint: 'a bracket or quote is missing here' },
};

function parserProblem(error: YAMLError, position: { line: number; col: number }): SyntaxError {
  const stray = /^Unexpected flow-(seq|map)-end token/.exec(error.message);
  if (stray) {
    const char = stray[1] === 'seq' ? ']' : '}';
    return { ...position, message: `this \`${char}\` closes nothing`, hint: 'remove it, or put the whole value in quotes if it is text' };
  }
  const known = PARSER_MESSAGES[error.code];
  return { ...position, message: known?.message ?? firstLine(error.message), ...(known ? { hint: known.hint } : {}) };
}

function toProblem(file: string, error: SyntaxError): SourceProblem {
  return {
    file,
    line: error.line,
    col: error.col,
    message: error.message,
    ...(error.hint ? { hint: error.hint } : {}),
    severity: 'error',
    rule: 'yaml',
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
