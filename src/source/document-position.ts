import { isMap, isNode, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter } from 'yaml';

/** A step of a path into a document, as zod reports paths. */
export type PathSegment = string | number | symbol;

/**
 * Where the value at `path` was written in a `yaml` document, or its key when `at` is 'key'.
 * A path that does not exist (a missing key) points at the map it is missing from, the place
 * the writer has to add it.
 */
export function positionInDocument(
  document: Document,
  lineCounter: LineCounter,
  path: readonly PathSegment[],
  at: 'key' | 'value' = 'value',
): { line: number; col: number } {
  const startOf = (node: unknown): { line: number; col: number } | undefined =>
    isNode(node) && node.range ? lineCounter.linePos(node.range[0]) : undefined;
  let node: unknown = document.contents;
  let best = { line: 1, col: 1 };
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const isLast = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return startOf(node) ?? best;
      if (isLast && at === 'key' && isNode(pair.key)) return startOf(pair.key) ?? best;
      best = startOf(pair.key) ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return startOf(node) ?? best;
      node = item;
    } else {
      break;
    }
    best = startOf(node) ?? best;
  }
  return best;
}
