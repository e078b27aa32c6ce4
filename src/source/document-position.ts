import { isMap, isNode, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Pair, YAMLMap } from 'yaml';

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
      const pair = pairsByKey(node).get(String(segment));
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

/**
 * Each map's pairs by key, built once per map: a flow with many problems (every one of 10,000
 * states unreachable) asks for a position in the same large map once per problem, and a
 * search through its items each time would make reporting quadratic.
 */
const PAIRS_BY_KEY = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairsByKey(map: YAMLMap): Map<string, Pair> {
  let pairs = PAIRS_BY_KEY.get(map);
  if (!pairs) {
    pairs = new Map();
    // The first pair of a key wins, as the old search did (a later duplicate is reported on its own).
    for (const item of map.items as Pair[]) if (isScalar(item.key) && !pairs.has(String(item.key.value))) pairs.set(String(item.key.value), item);
    PAIRS_BY_KEY.set(map, pairs);
  }
  return pairs;
}
