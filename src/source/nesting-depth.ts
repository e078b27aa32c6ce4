/**
 * Finds the offset where YAML text first nests deeper than `maxDepth`, without parsing it.
 *
 * Why a scan: the YAML parser is recursive, and `[[[[…` a few thousand deep overflows its stack
 * (a hundred thousand deep exhausts memory outright), so depth must be refused before parsing.
 * The scan is a lexical approximation that errs towards counting less: quoted scalars, comments
 * and block scalars are skipped, block nesting is tracked by indentation and by compact `- `
 * indicators, flow nesting by brackets. Anything it misses is still caught after parsing.
 */
export function findDeepNesting(text: string, maxDepth: number): number | undefined {
  const indents: number[] = [];
  let flowDepth = 0;
  let quote: '"' | "'" | undefined;
  let blockScalarParent: number | undefined;
  let i = 0;
  while (i < text.length) {
    const lineStart = i;
    while (text[i] === ' ') i++;
    const indent = i - lineStart;
    const atLineEnd = i >= text.length || text[i] === '\n' || text[i] === '\r';
    if (blockScalarParent !== undefined) {
      // Lines of a `|` or `>` block are text, whatever brackets or quotes they contain.
      if (atLineEnd || indent > blockScalarParent) {
        i = nextLine(text, i);
        continue;
      }
      blockScalarParent = undefined;
    }
    if (quote === undefined && flowDepth === 0 && !atLineEnd && text[i] !== '#') {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      // `- - - x` nests one level per indicator on a single line.
      while ((text[i] === '-' || text[i] === '?') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        i++;
        while (text[i] === ' ' || text[i] === '\t') i++;
        indents.push(i - lineStart);
      }
      if (indents.length > maxDepth) return i;
      if (startsBlockScalar(text, i)) blockScalarParent = indent;
    }
    const contentStart = i;
    while (i < text.length && text[i] !== '\n') {
      if (quote !== undefined) {
        // Jumping with a regex keeps a 10 MB scan in the tens of milliseconds.
        i = seek(quote === '"' ? DOUBLE_QUOTED : SINGLE_QUOTED, text, i);
        if (text[i] === '\\') i += 2;
        else if (quote === "'" && text[i] === "'" && text[i + 1] === "'") i += 2;
        else if (text[i] === quote) {
          quote = undefined;
          i++;
        }
        continue;
      }
      i = seek(SPECIAL, text, i);
      const char = text[i];
      if (char === undefined || char === '\n') break;
      const previous = i === contentStart ? ' ' : text[i - 1]!;
      if (char === '#' && (previous === ' ' || previous === '\t')) {
        i = nextLine(text, i) - 1;
        break;
      }
      if ((char === '"' || char === "'") && ' \t[{,:'.includes(previous)) {
        quote = char;
      } else if (char === '[' || char === '{') {
        flowDepth++;
        if (indents.length + flowDepth > maxDepth) return i;
      } else if (char === ']' || char === '}') {
        flowDepth = Math.max(0, flowDepth - 1);
      } else if (flowDepth === 0 && char === ':' && isBlank(text[i + 1]) && startsBlockScalar(text, skipBlanks(text, i + 1))) {
        // `key: |` starts a block scalar: its lines are those indented deeper than the key.
        blockScalarParent = indents[indents.length - 1] ?? indent;
      }
      i++;
    }
    i++;
  }
  return undefined;
}

const SPECIAL = /[\n"'#[\]{}:]/g;
const DOUBLE_QUOTED = /["\\\n]/g;
const SINGLE_QUOTED = /['\n]/g;

/**
 * Index of the next match of a global one-character regex at or after `from`, or the end of
 * the text. `test` rather than `exec`: no match object for every special character of a file.
 */
function seek(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  return pattern.test(text) ? pattern.lastIndex - 1 : text.length;
}

function isBlank(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}

function nextLine(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline === -1 ? text.length : newline + 1;
}

function skipBlanks(text: string, from: number): number {
  let i = from;
  while (isBlank(text[i])) i++;
  return i;
}

/** `|`, `>`, `|-`, `>+2` … followed only by blanks or a comment. */
function startsBlockScalar(text: string, at: number): boolean {
  if (text[at] !== '|' && text[at] !== '>') return false;
  let i = at + 1;
  while (i < text.length && /[0-9+-]/.test(text[i]!)) i++;
  i = skipBlanks(text, i);
  return i >= text.length || text[i] === '\n' || text[i] === '\r' || text[i] === '#';
}
