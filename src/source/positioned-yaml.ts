import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, visit } from 'yaml';
import type { Document, Node } from 'yaml';
import { findDeepNesting } from './nesting-depth';
import { positionInDocument } from './document-position';
import { parseYamlDocument } from './parse-yaml-document';
import type { SourceProblem } from './problem';
import { readSimpleYamlWithPositions } from './simple-yaml/read-simple-yaml';
import type { SimpleNode } from './simple-yaml/simple-positions';
import { positionInSimple } from './simple-yaml/simple-positions';
import { VERIFY_SIMPLE_YAML, verifySimpleYaml } from './simple-yaml/verify-simple-yaml';
import { RESERVED_KEY_REASON } from './reserved-keys';
import { yamlSyntaxProblems } from './yaml-syntax-problems';

/** Hard limits that keep hostile or accidental input from exhausting memory or time. */
export const YAML_LIMITS = {
  /**
   * Bytes. Flows, calendars and configs are hand-written, a few kilobytes each (the largest
   * shipped flow is 6 KB); 1 MB is a flow of a few thousand states. Checking a file is linear
   * in its size, and at this size it takes well under a second (`npm run bench -- flow`).
   */
  maxBytes: 1024 * 1024,
  /** Alias expansions; stops "billion laughs" documents before they expand. */
  maxAliasCount: 100,
  /** Nesting depth of maps and sequences. */
  maxDepth: 64,
};

import type { PathSegment } from './document-position';

/**
 * A parsed YAML file that remembers where every node came from, so a problem found later
 * (by the schema, the linter, the compiler) can be reported at its `line:col`.
 *
 * Positions cost: the `yaml` library's positioned document takes far longer to build than the
 * rest of loading a large flow. So a file written in the plain subset `readSimpleYaml` knows is
 * read by it, with where each node was written, so a problem in it is positioned without `yaml`
 * too (an editor validates a file with a mistake in it most of the time); the `yaml` document is
 * built only when something asks for a node, or for a position the reader is not sure of. Every
 * other file is parsed by `yaml` at once, and its errors, duplicate keys, aliases and limits are
 * reported exactly as before.
 */
export class PositionedYaml {
  /** Why the text was not parsed at all (too large, too deep), if it was refused. */
  readonly refusal: SourceProblem | undefined;
  /** The value, when the text is in the simple subset (it then has no YAML problems). */
  private readonly simple: Record<string, unknown> | undefined;
  /** Where the simple reader found each node of `simple`. */
  private readonly simpleRoot: SimpleNode | undefined;
  private parsed: { document: Document.Parsed; lineCounter: LineCounter } | undefined;

  constructor(readonly file: string, readonly text: string) {
    // Limits are checked before parsing: the parser is where a hostile file would do its harm.
    this.refusal = this.checkLimits();
    const read = this.refusal ? undefined : readSimpleYamlWithPositions(text);
    this.simple = read?.value;
    this.simpleRoot = read?.root;
    if (read !== undefined && VERIFY_SIMPLE_YAML) verifySimpleYaml(read, this.yaml(), file);
  }

  /** The `yaml` library's document of the text (empty if the text was refused), parsed on first use. */
  get document(): Document.Parsed {
    return this.yaml().document;
  }

  /** Where each line of the text starts, for turning offsets into `line:col`. */
  get lineCounter(): LineCounter {
    return this.yaml().lineCounter;
  }

  /** Position of the value at `path`, or of its key when `at` is 'key'; falls back to the nearest ancestor. */
  positionOf(path: readonly PathSegment[], at: 'key' | 'value' = 'value'): { line: number; col: number } {
    const simple = this.simpleRoot && positionInSimple(this.simpleRoot, path, at);
    if (simple) return { line: simple.line, col: simple.col };
    return positionInDocument(this.document, this.lineCounter, path, at);
  }

  /** The node at a path, if present. */
  nodeAt(path: readonly PathSegment[]): Node | undefined {
    const found = this.document.getIn(path as unknown[], true);
    return isNode(found) ? found : undefined;
  }

  /** Every YAML syntax and structure problem (limits, syntax errors, duplicate keys, too deep, aliases). */
  syntaxProblems(): SourceProblem[] {
    if (this.refusal) return [this.refusal];
    if (this.simple !== undefined) return [];
    // Syntax errors make the tree unreliable (duplicates and depth may be echoes of them): they come alone.
    if (this.document.errors.length > 0 || this.document.warnings.length > 0) return yamlSyntaxProblems(this.text, this.file);
    return this.structureProblems();
  }

  /** Whether the document holds nothing (an empty file, only comments). */
  isEmpty(): boolean {
    return this.simple === undefined && this.document.contents === null;
  }

  /**
   * Plain JavaScript value of the document; throws on alias bombs (callers turn that into a
   * problem). A simple file's value is read once and shared: callers must not change it.
   */
  toJS(): unknown {
    return this.simple ?? this.document.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  }

  /** Position of the first alias (`*name`), where an alias bomb is best reported. */
  firstAliasPosition(): { line: number; col: number } {
    let found: { line: number; col: number } | undefined;
    visit(this.document, {
      Alias: (_key, node) => {
        found = this.startOf(node);
        return visit.BREAK;
      },
    });
    return found ?? { line: 1, col: 1 };
  }

  private yaml(): { document: Document.Parsed; lineCounter: LineCounter } {
    if (!this.parsed) {
      const lineCounter = new LineCounter();
      this.parsed = { document: parseYamlDocument(this.refusal ? '' : this.text, lineCounter), lineCounter };
    }
    return this.parsed;
  }

  private checkLimits(): SourceProblem | undefined {
    // A UTF-16 unit is at most three UTF-8 bytes: most texts need no byte count at all.
    const tooLarge = this.text.length > YAML_LIMITS.maxBytes || (this.text.length * 3 > YAML_LIMITS.maxBytes && utf8Length(this.text) > YAML_LIMITS.maxBytes);
    if (tooLarge) {
      return this.problem(undefined, TOO_LARGE.message, TOO_LARGE.hint);
    }
    const deep = findDeepNesting(this.text, YAML_LIMITS.maxDepth);
    if (deep === undefined) return undefined;
    return this.problem(offsetPosition(this.text, deep), `nesting deeper than ${YAML_LIMITS.maxDepth} levels`, TOO_DEEP_HINT);
  }

  /**
   * What the parser accepts but a flow cannot be: nesting the pre-scan missed, aliases that name
   * no anchor (only `toJS` would fail, without a position), keys that are lists or maps
   * (JavaScript objects cannot hold them, and `toJS` would warn on stderr), keys written twice
   * in one map, and `__proto__` keys. One walk for all.
   *
   * Why duplicate keys are found here and not by the parser: the `yaml` library's `uniqueKeys`
   * compares each key with every key before it in the map, which is quadratic (a flow of 200,000
   * states took minutes); one `Map` per map is linear and remembers where the first one was.
   */
  private structureProblems(): SourceProblem[] {
    const problems: SourceProblem[] = [];
    const walk = (node: unknown, depth: number, path: string[]): void => {
      if (depth > YAML_LIMITS.maxDepth && isNode(node)) {
        problems.push(this.problem(this.startOf(node), `nesting deeper than ${YAML_LIMITS.maxDepth} levels`, TOO_DEEP_HINT));
        return;
      }
      if (isAlias(node)) {
        if (node.resolve(this.document) === undefined) {
          problems.push(this.problem(this.startOf(node), `unknown alias '*${node.source}'`, 'define the anchor with &name before using *name'));
        }
      } else if (isMap(node)) {
        const firstOf = new Map<string, unknown>();
        for (const pair of node.items) {
          const key = isAlias(pair.key) ? pair.key.resolve(this.document) : pair.key;
          if (isMap(key) || isSeq(key)) {
            problems.push(this.problem(this.startOf(pair.key), 'a key must be a plain name, not a list or a map', 'check the indentation and the brackets'));
          }
          const name = isScalar(key) ? String(key.value) : undefined;
          // zod's records skip a `__proto__` key without a word, so it is refused here, for every file.
          if (name === '__proto__') problems.push(this.problem(this.startOf(pair.key), `'__proto__' cannot be a key: ${RESERVED_KEY_REASON}`, 'rename it'));
          if (name !== undefined) {
            const first = firstOf.get(name);
            if (first === undefined) firstOf.set(name, pair.key);
            else problems.push(this.duplicateKeyProblem(name, path, pair.key, first));
          }
          walk(pair.key, depth + 1, path);
          walk(pair.value, depth + 1, [...path, name ?? '?']);
        }
      } else if (isSeq(node)) {
        for (const item of node.items) walk(item, depth + 1, path);
      }
    };
    walk(this.document.contents, 0, []);
    return problems;
  }

  private duplicateKeyProblem(name: string, path: readonly string[], key: unknown, first: unknown): SourceProblem {
    const where = path.length > 0 ? ` in ${path.join('.')}` : '';
    const firstLine = this.startOf(first)?.line ?? 1;
    return this.problem(
      this.startOf(key),
      `duplicate key '${name}'${where}`,
      `each key may appear only once; '${name}' is first defined at line ${firstLine}, rename or merge one of them`,
    );
  }

  private problem(position: { line: number; col: number } | undefined, message: string, hint: string | undefined): SourceProblem {
    return {
      file: this.file,
      ...(position ?? { line: 1, col: 1 }),
      message,
      ...(hint ? { hint } : {}),
      severity: 'error',
      rule: 'yaml',
    };
  }

  private startOf(node: unknown): { line: number; col: number } | undefined {
    if (!isNode(node) || !node.range) return undefined;
    return this.lineCounter.linePos(node.range[0]);
  }
}

/** What a file over `YAML_LIMITS.maxBytes` is told, whether it was read or only measured. */
export const TOO_LARGE = {
  message: `file is larger than ${YAML_LIMITS.maxBytes / 1024 / 1024} MB`,
  hint: 'flows are a few kilobytes; split it into smaller flows',
};

const TOO_DEEP_HINT = 'flows are shallow; this looks like generated or corrupted input';

function offsetPosition(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let newline = text.indexOf('\n'); newline !== -1 && newline < offset; newline = text.indexOf('\n', newline + 1)) {
    line++;
    lineStart = newline + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

/** Bytes of the UTF-8 encoding, without allocating it. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair: one four-byte character.
      bytes += 4;
      i++;
    }
    else bytes += 3;
  }
  return bytes;
}
