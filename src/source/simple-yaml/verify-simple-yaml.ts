import { isDeepStrictEqual } from 'node:util';
import type { Document, LineCounter } from 'yaml';
import { positionInDocument } from '../document-position';
import type { PathSegment } from '../document-position';
import type { SimpleNode } from './simple-positions';
import { positionInSimple } from './simple-positions';

/**
 * `SOPFLOW_VERIFY_SIMPLE_YAML=1`: every file the simple reader reads is parsed by `yaml` too,
 * and any difference, in the value or in a position, throws. Read once at start-up, because
 * `process.env` reads are slow; meant for running a test suite or a directory of flows to
 * confirm the reader on more inputs.
 */
export const VERIFY_SIMPLE_YAML = process.env.SOPFLOW_VERIFY_SIMPLE_YAML === '1';

/**
 * Throws unless `yaml` finds no problem in `document`, reads it to exactly `value`, key order
 * included, and places every node the reader placed where the reader did.
 */
export function verifySimpleYaml(
  read: { value: unknown; root: SimpleNode },
  parsed: { document: Document.Parsed; lineCounter: LineCounter },
  file: string,
): void {
  const { document, lineCounter } = parsed;
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) throw new Error(`${file}: the simple YAML reader accepted text yaml reports: ${problems[0]!.message}`);
  const expected: unknown = document.toJS();
  if (!isDeepStrictEqual(read.value, expected) || JSON.stringify(read.value) !== JSON.stringify(expected)) {
    throw new Error(`${file}: the simple YAML reader and yaml read different values`);
  }
  const wrong = simplePaths(read.root).find((path) =>
    (['key', 'value'] as const).some((at) => {
      const simple = positionInSimple(read.root, path, at);
      return simple !== undefined && !isDeepStrictEqual(simple, positionInDocument(document, lineCounter, path, at));
    }),
  );
  if (wrong) throw new Error(`${file}: the simple YAML reader and yaml place ${JSON.stringify(wrong)} differently`);
}

/**
 * Every path into a read document, and one step past each collection that does not exist (a
 * missing key or item is reported on what lacks it), as problems ask for positions.
 */
export function simplePaths(root: SimpleNode): PathSegment[][] {
  const paths: PathSegment[][] = [];
  const walk = (node: SimpleNode, path: PathSegment[]): void => {
    paths.push(path);
    if (node.pairs) {
      for (const [key, pair] of node.pairs) walk(pair.value, [...path, key]);
      paths.push([...path, '\u0000missing']);
    } else if (node.items) {
      node.items.forEach((item, index) => walk(item, [...path, index]));
      paths.push([...path, node.items.length], [...path, 'name']);
    } else {
      paths.push([...path, 'beyond']);
    }
  };
  walk(root, []);
  return paths;
}
