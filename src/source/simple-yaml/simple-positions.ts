import type { PathSegment } from '../document-position';

/** A 1-based `line:col`, as `yaml`'s line counter gives them. */
export interface LineCol {
  line: number;
  col: number;
}

/**
 * Where the simple reader found one node, in the shape `positionInDocument` walks: a map's pairs
 * by key (with where each key was written), a list's items. `start` is where `yaml` would say the
 * node starts, or `undefined` where the reader cannot be sure of that (the caller then asks
 * `yaml`); the differential tests in `test/simple-yaml-positions.test.ts` hold every known
 * `start` to `yaml`'s.
 */
export interface SimpleNode {
  start: LineCol | undefined;
  pairs?: Map<string, { key: LineCol; value: SimpleNode }>;
  items?: SimpleNode[];
}

/** The answer `positionInDocument` would give for a simple file, or `undefined` when a node on the way has no known start. */
export function positionInSimple(root: SimpleNode, path: readonly PathSegment[], at: 'key' | 'value' = 'value'): LineCol | undefined {
  let node = root;
  let best: LineCol = { line: 1, col: 1 };
  // Mirrors positionInDocument step by step, so both give the same answer for every path.
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (node.pairs) {
      const pair = node.pairs.get(String(segment));
      if (!pair) return node.start;
      if (i === path.length - 1 && at === 'key') return pair.key;
      best = pair.key;
      node = pair.value;
    } else if (node.items && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return node.start;
      node = item;
    } else {
      break;
    }
    if (node.start === undefined) return undefined;
    best = node.start;
  }
  return best;
}
