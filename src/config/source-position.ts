import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter } from 'yaml';

/** 1-based line and column in the config file. */
export interface SourcePosition {
  line: number;
  col: number;
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range ? range[0] : undefined;
  }
  return undefined;
}

/**
 * Maps a schema path (as zod reports it) to where it was written.
 * A value that is missing points at the deepest key that does exist, because that is
 * where the user has to add it; `atKey` points at the key instead of the value
 * (for unknown keys, where the key itself is the mistake).
 */
export function locatePath(
  doc: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  atKey = false,
): SourcePosition {
  let node: unknown = doc.contents;
  let keyStart: number | undefined;
  let valueStart = rangeStart(node);
  let resolved = true;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) {
        resolved = false;
        break;
      }
      keyStart = rangeStart(pair.key);
      valueStart = rangeStart(pair.value);
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
      keyStart = rangeStart(node);
      valueStart = keyStart;
    } else {
      resolved = false;
      break;
    }
  }
  const best = (resolved && !atKey ? (valueStart ?? keyStart) : (keyStart ?? valueStart)) ?? 0;
  const pos = lineCounter.linePos(best);
  return { line: pos.line, col: pos.col };
}
