import { blockScalar, indentation } from './block-scalars';
import type { Read } from './flow-collections';
import { flowCollection, MAX_SIMPLE_DEPTH, skipSpaces } from './flow-collections';
import { keyLength, NotSimple, notSimple, plainKey, plainValue, quotedScalar, startsPlain } from './scalars';
import type { SimpleNode } from './simple-positions';

/**
 * Reads the plain subset of YAML that flow files are written in, straight to JavaScript values,
 * or returns `undefined` when the text uses anything else.
 *
 * Why: the `yaml` library builds a positioned document of every token, which for a 500-state
 * flow costs far more than everything else the loader does. Positions are only needed when
 * there is a problem to report. So a file in this subset is read here, and `yaml` parses it
 * only if a problem needs a position; any file outside the subset (anchors, tags, multi-line
 * plain or quoted text, unusual indentation, duplicate keys, anything that could be an error)
 * is read by `yaml` as before, so every error still comes from it. The subset is chosen so
 * that whatever is read here is valid YAML that `yaml` reads to the same value; the
 * differential tests in `test/simple-yaml.test.ts` hold it to that.
 *
 * The subset: a map at the root; block maps of plain keys; block lists (also at the key's
 * indentation, and `- key: value` compact maps); one-line plain, quoted and flow values;
 * `|`/`>` block scalars of evenly indented lines; comments and blank lines.
 */
export function readSimpleYaml(text: string): Record<string, unknown> | undefined {
  return readSimpleYamlWithPositions(text)?.value;
}

/**
 * The same, with where each node was written (`SimpleNode`), so a problem in a simple file can be
 * positioned without `yaml` parsing it: the editor case, a large flow with one mistake.
 */
export function readSimpleYamlWithPositions(text: string): { value: Record<string, unknown>; root: SimpleNode } | undefined {
  if (OUTSIDE_SUBSET.test(text)) return undefined;
  try {
    return new BlockReader(text.split('\n')).document();
  } catch (error) {
    if (error instanceof NotSimple) return undefined;
    throw error;
  }
}

/** A value and where it was written. */
interface Node<T = unknown> {
  value: T;
  node: SimpleNode;
}

/** Tabs, carriage returns, control characters, byte-order marks, Unicode line breaks, surrogates and non-characters. */
// eslint-disable-next-line no-control-regex
const OUTSIDE_SUBSET = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]/;

class BlockReader {
  /** Index of the line to read next. */
  private next = 0;

  constructor(private readonly lines: readonly string[]) {}

  document(): { value: Record<string, unknown>; root: SimpleNode } {
    this.skipIgnorable();
    if (this.next >= this.lines.length || this.indent() !== 0) notSimple('the root is not a map at column 1');
    const root = this.map(0, 0);
    this.skipIgnorable();
    if (this.next < this.lines.length) notSimple('content after the root map');
    return { value: root.value, root: root.node };
  }

  /** A block map with its keys at column `col` (its first key may follow a `- ` on the current line). */
  private map(col: number, depth: number): Node<Record<string, unknown>> {
    if (depth > MAX_SIMPLE_DEPTH) notSimple('deep nesting');
    const map: Record<string, unknown> = {};
    const pairs: NonNullable<SimpleNode['pairs']> = new Map();
    // A block map starts where its first key does.
    const node: SimpleNode = { start: { line: this.next + 1, col: col + 1 }, pairs };
    for (;;) {
      const line = this.lines[this.next]!;
      const keyEnd = keyEndAt(line, col) ?? notSimple('not a map entry');
      const key = plainKey(line.slice(col, keyEnd));
      if (Object.hasOwn(map, key)) notSimple(`duplicate key '${key}'`);
      const keyAt = { line: this.next + 1, col: col + 1 };
      const read = this.value(line, keyEnd + 1, col, depth, 'map');
      map[key] = read.value;
      pairs.set(key, { key: keyAt, value: read.node });
      if (!this.continues(col)) return { value: map, node };
    }
  }

  /** A block list with its `-` at column `col`. */
  private list(col: number, depth: number): Node<unknown[]> {
    if (depth > MAX_SIMPLE_DEPTH) notSimple('deep nesting');
    const values: unknown[] = [];
    const items: SimpleNode[] = [];
    const node: SimpleNode = { start: { line: this.next + 1, col: col + 1 }, items };
    for (;;) {
      const read = this.value(this.lines[this.next]!, col + 1, col, depth, 'list');
      values.push(read.value);
      items.push(read.node);
      // A key at the list's column ends it: that list was the value of the key before.
      if (!this.continues(col) || !isListItem(this.lines[this.next]!, col)) return { value: values, node };
    }
  }

  /** After an entry: whether the next content line is a sibling at `col`; deeper lines would continue a value. */
  private continues(col: number): boolean {
    this.skipIgnorable();
    if (this.next >= this.lines.length) return false;
    const indent = this.indent();
    if (indent > col) notSimple('a line indented deeper than its siblings');
    return indent === col;
  }

  /** The value that starts at `at` on `line` (after `key:` or `-`), moving past its last line. */
  private value(line: string, at: number, parentIndent: number, depth: number, owner: 'map' | 'list'): Node {
    const start = skipSpaces(line, at);
    const here = { line: this.next + 1, col: start + 1 };
    if (start === line.length || line[start] === '#') {
      this.next++;
      // `yaml` places an empty value just after its `:` or `- ` and the spaces; after a comment, who knows.
      return this.nested(parentIndent, depth, owner) ?? { value: null, node: { start: start === line.length ? here : undefined } };
    }
    const char = line[start];
    if (char === '|' || char === '>') {
      const read = blockScalar(this.lines, this.next, start, parentIndent);
      this.next = read.next;
      return { value: read.value, node: { start: here } };
    }
    if (owner === 'list' && keyEndAt(line, start) !== undefined) return this.map(start, depth + 1);
    let read: Read;
    if (char === '{' || char === '[') read = flowCollection(line, start, depth + 1, this.next + 1);
    else if (char === '"' || char === "'") read = quotedScalar(line, start);
    else read = plainScalar(line, start);
    const rest = skipSpaces(line, read.end);
    if (rest < line.length && !(line[rest] === '#' && rest > read.end)) notSimple('text after a value');
    this.next++;
    return { value: read.value, node: read.node ?? { start: here } };
  }

  /** The value of `key:` or `-` with nothing after it: what the following, deeper lines hold, or `undefined` for null. */
  private nested(parentIndent: number, depth: number, owner: 'map' | 'list'): Node | undefined {
    this.skipIgnorable();
    if (this.next >= this.lines.length) return undefined;
    const indent = this.indent();
    const line = this.lines[this.next]!;
    if (indent > parentIndent) {
      if (isListItem(line, indent)) return this.list(indent, depth + 1);
      if (keyEndAt(line, indent) !== undefined) return this.map(indent, depth + 1);
      notSimple('a scalar on a line of its own');
    }
    // YAML lets a list that is a map's value start at the key's own column.
    if (indent === parentIndent && owner === 'map' && isListItem(line, indent)) return this.list(indent, depth + 1);
    return undefined;
  }

  /** Moves past blank lines and comment lines. */
  private skipIgnorable(): void {
    while (this.next < this.lines.length) {
      const line = this.lines[this.next]!;
      const indent = indentation(line);
      if (indent < line.length && line[indent] !== '#') return;
      this.next++;
    }
  }

  private indent(): number {
    return indentation(this.lines[this.next]!);
  }
}

/** Where the plain key at `col` ends, if the line holds `key:` followed by a space or the line end. */
function keyEndAt(line: string, col: number): number | undefined {
  const length = keyLength(line, col);
  if (length === 0) return undefined;
  const end = col + length;
  return line[end] === ':' && (end + 1 === line.length || line[end + 1] === ' ') ? end : undefined;
}

function isListItem(line: string, col: number): boolean {
  return line[col] === '-' && (col + 1 === line.length || line[col + 1] === ' ');
}

/** A plain scalar running to the end of the line or to a ` #` comment. */
function plainScalar(line: string, at: number): Read {
  if (!startsPlain(line, at)) notSimple('a value starting with an indicator');
  const comment = line.indexOf(' #', at);
  const end = comment < 0 ? line.length : comment;
  const text = line.slice(at, end).trimEnd();
  // `a: b: c` is an error in YAML; brackets inside plain text are allowed but left to `yaml`.
  if (text.includes(': ') || text.endsWith(':') || BRACKETS.test(text)) notSimple('plain scalar');
  return { value: plainValue(text), end };
}

const BRACKETS = /[[\]{}]/;
