import { isPair, isScalar, isSeq, visit } from 'yaml';
import type { Document, Scalar } from 'yaml';

// `${NAME}` or `${NAME:-fallback}`; `$${` writes a literal `${`.
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** An environment variable a config value refers to but that is not set (and has no fallback). */
export interface MissingVariable {
  name: string;
  node: Scalar;
  /** Key path of the value that refers to it. */
  path: (string | number)[];
}

/** What interpolation did: the raw text of every rewritten scalar, and which references were unset. */
export interface InterpolationResult {
  /** Original (pre-interpolation) text of each scalar that contained a reference. */
  originals: Map<Scalar, string>;
  missing: MissingVariable[];
}

/** Tells whether a raw config value takes (part of) its content from an environment variable. */
export function hasEnvReference(raw: string): boolean {
  return [...raw.matchAll(REFERENCE)].some((m) => m[1] !== undefined);
}

/**
 * Replaces `${NAME}` references in every string value of the document, in place.
 * Works on the parsed document rather than the text so each scalar keeps its source range
 * and later errors can still point at the line the reference was written on.
 */
export function interpolateEnv(doc: Document, env: NodeJS.ProcessEnv): InterpolationResult {
  const originals = new Map<Scalar, string>();
  const missing: MissingVariable[] = [];
  visit(doc, {
    Scalar(key, node, ancestors) {
      // Keys stay literal: a key that depends on the environment would make the schema unpredictable.
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${')) return;
      const raw = node.value;
      node.value = raw.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
        if (name === undefined) return '${';
        const value = env[name];
        if (value !== undefined && value !== '') return value;
        if (fallback !== undefined) return fallback;
        missing.push({ name, node, path: keyPath(ancestors, node) });
        return match;
      });
      originals.set(node, raw);
    },
  });
  return { originals, missing };
}

// The visitor hands over ancestor nodes; turn them into the keys a person would write.
function keyPath(ancestors: readonly unknown[], leaf: unknown): (string | number)[] {
  const path: (string | number)[] = [];
  const chain = [...ancestors, leaf];
  chain.forEach((node, i) => {
    const child = chain[i + 1];
    if (isPair(node) && isScalar(node.key)) path.push(String(node.key.value));
    else if (isSeq(node) && child !== undefined) path.push(node.items.indexOf(child as never));
  });
  return path;
}

/** Returns the scalar at a path, if the value there is a scalar. */
export function scalarAt(doc: Document, path: readonly (string | number)[]): Scalar | undefined {
  const node: unknown = doc.getIn(path, true);
  return isScalar(node) ? node : undefined;
}
