import { keyLength, notSimple, plainKey, plainValue, quotedScalar, startsPlain } from './scalars';
import type { SimpleNode } from './simple-positions';

/** Deepest nesting the subset reads; `yaml` and the nesting checks deal with anything deeper. */
export const MAX_SIMPLE_DEPTH = 32;

/** A value read from a line: the value and the offset just after it. */
export interface Read<T = unknown> {
  value: T;
  end: number;
  /** Where a collection and its entries were written (scalars: where they start is enough). */
  node?: SimpleNode;
}

/**
 * A flow collection that opens and closes on one line, `{ P1: 15m, P2: 1h }` or `[a, b]`,
 * starting at its bracket. Entries are separated by `,` and keys by `: `; trailing commas,
 * keys without values, pairs inside lists, comments and multi-line collections are left to
 * `yaml`, whose rules for them are subtle.
 */
export function flowCollection(line: string, at: number, depth: number, lineNumber: number): Read {
  if (depth > MAX_SIMPLE_DEPTH) notSimple('deep nesting');
  const map = line[at] === '{';
  const close = map ? '}' : ']';
  const value: Record<string, unknown> | unknown[] = map ? {} : [];
  const startAt = (offset: number): { line: number; col: number } => ({ line: lineNumber, col: offset + 1 });
  const pairs: NonNullable<SimpleNode['pairs']> = new Map();
  const items: SimpleNode[] = [];
  const node: SimpleNode = map ? { start: startAt(at), pairs } : { start: startAt(at), items };
  let i = skipSpaces(line, at + 1);
  if (line[i] === close) return { value, end: i + 1, node };
  for (;;) {
    if (map) {
      const keyAt = startAt(i);
      const key = flowKey(line, i);
      if (Object.hasOwn(value, key.value)) notSimple(`duplicate key '${key.value}'`);
      const valueAt = skipSpaces(line, key.end);
      const read = flowValue(line, valueAt, depth, lineNumber);
      (value as Record<string, unknown>)[key.value] = read.value;
      pairs.set(key.value, { key: keyAt, value: read.node ?? { start: startAt(valueAt) } });
      i = skipSpaces(line, read.end);
    } else {
      const read = flowValue(line, i, depth, lineNumber);
      (value as unknown[]).push(read.value);
      items.push(read.node ?? { start: startAt(i) });
      i = skipSpaces(line, read.end);
    }
    if (line[i] === close) return { value, end: i + 1, node };
    if (line[i] !== ',') notSimple('flow collection');
    i = skipSpaces(line, i + 1);
    // `[a, ]` and `[a, , b]` mean different things in YAML and JSON; not ours to decide.
    if (line[i] === close || line[i] === ',') notSimple('empty flow entry');
  }
}

/** `key: ` inside braces, returning the offset after the `:`. */
function flowKey(line: string, at: number): Read<string> {
  const end = at + keyLength(line, at);
  if (end === at || line[end] !== ':' || line[end + 1] !== ' ') notSimple('flow key');
  return { value: plainKey(line.slice(at, end)), end: end + 1 };
}

function flowValue(line: string, at: number, depth: number, lineNumber: number): Read {
  const char = line[at];
  if (char === '{' || char === '[') return flowCollection(line, at, depth + 1, lineNumber);
  if (char === '"' || char === "'") return quotedScalar(line, at);
  if (!startsPlain(line, at)) notSimple('flow value');
  FLOW_PLAIN_END.lastIndex = at;
  const stop = FLOW_PLAIN_END.exec(line);
  // A plain scalar ends at `,`, `]` or `}`; a `:`, `#` or bracket inside it is for `yaml` to judge.
  if (!stop || !',]}'.includes(stop[0])) notSimple('flow plain scalar');
  return { value: plainValue(line.slice(at, stop.index).trimEnd()), end: stop.index };
}

const FLOW_PLAIN_END = /[,[\]{}:#]/g;

export function skipSpaces(line: string, at: number): number {
  let i = at;
  while (line.charCodeAt(i) === 0x20) i++;
  return i;
}
