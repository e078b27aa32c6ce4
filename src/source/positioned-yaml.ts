import { isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, visit } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import { findDeepNesting } from './nesting-depth';
import { positionInDocument } from './document-position';
import { parseYamlDocument } from './parse-yaml-document';
import type { SourceProblem } from './problem';
import { readSimpleYaml } from './simple-yaml/read-simple-yaml';
import { VERIFY_SIMPLE_YAML, verifySimpleYaml } from './simple-yaml/verify-simple-yaml';

/** Hard limits that keep hostile or accidental input from exhausting memory or time. */
export const YAML_LIMITS = {
  /** Bytes; flows are hand-written, a few kilobytes each. */
  maxBytes: 10 * 1024 * 1024,
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
 * read by it, and the `yaml` document is built only when something asks for a position or a
 * node, i.e. when there is a problem to report. Every other file is parsed by `yaml` at once,
 * and its errors, duplicate keys, aliases and limits are reported exactly as before.
 */
export class PositionedYaml {
  /** Why the text was not parsed at all (too large, too deep), if it was refused. */
  readonly refusal: SourceProblem | undefined;
  /** The value, when the text is in the simple subset (it then has no YAML problems). */
  private readonly simple: Record<string, unknown> | undefined;
  private parsed: { document: Document.Parsed; lineCounter: LineCounter } | undefined;

  constructor(readonly file: string, readonly text: string) {
    // Limits are checked before parsing: the parser is where a hostile file would do its harm.
    this.refusal = this.checkLimits();
    this.simple = this.refusal ? undefined : readSimpleYaml(text);
    if (this.simple !== undefined && VERIFY_SIMPLE_YAML) verifySimpleYaml(this.simple, this.yaml().document, file);
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
    return positionInDocument(this.document, this.lineCounter, path, at);
  }

  /** The node at a path, if present. */
  nodeAt(path: readonly PathSegment[]): Node | undefined {
    const found = this.document.getIn(path as unknown[], true);
    return isNode(found) ? found : undefined;
  }

  /** Every YAML syntax and structure problem (limits, duplicate keys, bad indentation, too deep, aliases). */
  syntaxProblems(): SourceProblem[] {
    if (this.refusal) return [this.refusal];
    if (this.simple !== undefined) return [];
    const problems = [...this.document.errors, ...this.document.warnings].map((error) => this.yamlProblem(error));
    if (problems.length === 0) problems.push(...this.structureProblems());
    return problems;
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
      return this.problem(undefined, `file is larger than ${YAML_LIMITS.maxBytes / 1024 / 1024} MB`, 'flows are a few kilobytes; split it into smaller flows');
    }
    const deep = findDeepNesting(this.text, YAML_LIMITS.maxDepth);
    if (deep === undefined) return undefined;
    return this.problem(offsetPosition(this.text, deep), `nesting deeper than ${YAML_LIMITS.maxDepth} levels`, TOO_DEEP_HINT);
  }

  private yamlProblem(error: YAMLError): SourceProblem {
    const position = this.lineCounter.linePos(error.pos[0]);
    if (error.code === 'DUPLICATE_KEY') {
      const duplicate = this.duplicateKey(error.pos[0]);
      if (duplicate) {
        return this.problem(
          position,
          `duplicate key '${duplicate.key}'${duplicate.where ? ` in ${duplicate.where}` : ''}`,
          `each key may appear only once; '${duplicate.key}' is first defined at line ${duplicate.first.line}, rename or merge one of them`,
        );
      }
    }
    const message = YAML_MESSAGES[error.code] ?? firstLine(error.message);
    return this.problem(position, message, error.code === 'DUPLICATE_KEY' ? 'each key may appear only once; merge the two entries' : undefined);
  }

  /** The key at `offset` that repeats an earlier key of the same map, and where that one is. */
  private duplicateKey(offset: number): { key: string; where: string; first: { line: number; col: number } } | undefined {
    let result: { key: string; where: string; first: { line: number; col: number } } | undefined;
    visit(this.document, {
      Map: (_key, map, path) => {
        const index = map.items.findIndex((pair) => isNode(pair.key) && pair.key.range?.[0] === offset);
        if (index < 0) return undefined;
        const key = map.items[index]!.key;
        const name = isScalar(key) ? String(key.value) : String(key);
        const first = map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === name);
        const where = path
          .filter(isPair)
          .map((pair) => (isScalar(pair.key) ? String(pair.key.value) : '?'))
          .join('.');
        result = { key: name, where, first: this.startOf(first?.key) ?? { line: 1, col: 1 } };
        return visit.BREAK;
      },
    });
    return result;
  }

  /**
   * What the parser accepts but a flow cannot be: nesting the pre-scan missed, aliases that name
   * no anchor (only `toJS` would fail, without a position), and keys that are lists or maps
   * (JavaScript objects cannot hold them, and `toJS` would warn on stderr). One walk for all three.
   */
  private structureProblems(): SourceProblem[] {
    const problems: SourceProblem[] = [];
    const walk = (node: unknown, depth: number): void => {
      if (depth > YAML_LIMITS.maxDepth && isNode(node)) {
        problems.push(this.problem(this.startOf(node), `nesting deeper than ${YAML_LIMITS.maxDepth} levels`, TOO_DEEP_HINT));
        return;
      }
      if (isAlias(node)) {
        if (node.resolve(this.document) === undefined) {
          problems.push(this.problem(this.startOf(node), `unknown alias '*${node.source}'`, 'define the anchor with &name before using *name'));
        }
      } else if (isMap(node)) {
        for (const pair of node.items) {
          const key = isAlias(pair.key) ? pair.key.resolve(this.document) : pair.key;
          if (isMap(key) || isSeq(key)) {
            problems.push(this.problem(this.startOf(pair.key), 'a key must be a plain name, not a list or a map', 'check the indentation and the brackets'));
          }
          walk(pair.key, depth + 1);
          walk(pair.value, depth + 1);
        }
      } else if (isSeq(node)) {
        for (const item of node.items) walk(item, depth + 1);
      }
    };
    walk(this.document.contents, 0);
    return problems;
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

const TOO_DEEP_HINT = 'flows are shallow; this looks like generated or corrupted input';

/** Plainer words for the parser's messages that speak to programmers. */
const YAML_MESSAGES: Partial<Record<string, string>> = {
  MULTIPLE_DOCS: "a flow file holds one YAML document; remove the '---' separator",
  TAB_AS_INDENT: 'tabs cannot indent YAML; indent with spaces',
};

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

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
