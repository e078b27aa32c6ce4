import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { SourceProblem } from './problem';

/** Hard limits that keep hostile or accidental input from exhausting memory or time. */
export const YAML_LIMITS = {
  /** Bytes; flows are hand-written, a few kilobytes each. */
  maxBytes: 10 * 1024 * 1024,
  /** Alias expansions; stops "billion laughs" documents before they expand. */
  maxAliasCount: 100,
  /** Nesting depth of maps and sequences. */
  maxDepth: 64,
};

type PathSegment = string | number | symbol;

/**
 * A parsed YAML file that remembers where every node came from, so a problem found later
 * (by the schema, the linter, the compiler) can be reported at its `line:col`.
 */
export class PositionedYaml {
  readonly lineCounter = new LineCounter();
  readonly document: Document.Parsed;

  constructor(readonly file: string, readonly text: string) {
    this.document = parseDocument(text, {
      lineCounter: this.lineCounter,
      uniqueKeys: true,
      prettyErrors: false,
      strict: true,
    });
  }

  /** Position of the value at `path`, or of its key when `at` is 'key'; falls back to the nearest ancestor. */
  positionOf(path: readonly PathSegment[], at: 'key' | 'value' = 'value'): { line: number; col: number } {
    let node: unknown = this.document.contents;
    let best = { line: 1, col: 1 };
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const isLast = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) return this.startOf(node) ?? best;
        if (isLast && at === 'key' && isNode(pair.key)) return this.startOf(pair.key) ?? best;
        best = (isNode(pair.key) && this.startOf(pair.key)) || best;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) return this.startOf(node) ?? best;
        node = item;
      } else {
        break;
      }
      if (isNode(node)) best = this.startOf(node) ?? best;
    }
    return best;
  }

  /** The node at a path, if present. */
  nodeAt(path: readonly PathSegment[]): Node | undefined {
    const found = this.document.getIn(path as unknown[], true);
    return isNode(found) ? found : undefined;
  }

  /** Every YAML syntax and structure problem (duplicate keys, bad indentation, too deep, aliases). */
  syntaxProblems(): SourceProblem[] {
    const problems: SourceProblem[] = [];
    for (const error of [...this.document.errors, ...this.document.warnings]) {
      const position = error.linePos?.[0] ?? { line: 1, col: 1 };
      problems.push({
        file: this.file,
        line: position.line,
        col: position.col,
        message: firstLine(error.message),
        severity: 'error',
        rule: 'yaml',
        ...(error.code === 'DUPLICATE_KEY' ? { hint: 'each key may appear only once; merge the two entries' } : {}),
      });
    }
    const deep = this.findTooDeep(this.document.contents, 0);
    if (deep) {
      const position = this.startOf(deep) ?? { line: 1, col: 1 };
      problems.push({
        file: this.file,
        ...position,
        message: `nesting deeper than ${YAML_LIMITS.maxDepth} levels`,
        hint: 'flows are shallow; this looks like generated or corrupted input',
        severity: 'error',
        rule: 'yaml',
      });
    }
    return problems;
  }

  /** Plain JavaScript value of the document; throws on alias bombs (callers turn that into a problem). */
  toJS(): unknown {
    return this.document.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  }

  private startOf(node: unknown): { line: number; col: number } | undefined {
    if (!isNode(node) || !node.range) return undefined;
    return this.lineCounter.linePos(node.range[0]);
  }

  private findTooDeep(node: unknown, depth: number): Node | undefined {
    if (depth > YAML_LIMITS.maxDepth && isNode(node)) return node;
    if (isMap(node)) {
      for (const pair of node.items) {
        const found = isPair(pair) ? this.findTooDeep(pair.value, depth + 1) : undefined;
        if (found) return found;
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        const found = this.findTooDeep(item, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
