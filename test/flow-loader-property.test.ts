import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { initialTransition } from 'xstate';
import { isFlowFileName, loadFlowText } from '../src/flow/load-flow';
import { compileMachine } from '../src/flow/machine';

const FLOWS_DIR = join(__dirname, '..', 'flows');
const examples = readdirSync(FLOWS_DIR)
  .filter(isFlowFileName)
  .map((name) => readFileSync(join(FLOWS_DIR, name), 'utf8'));

/** One edit a person (or a bad merge) might make to a flow file. */
type Mutation =
  | { kind: 'delete-line'; at: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'change-char'; at: number; char: string }
  | { kind: 'delete-char'; at: number }
  | { kind: 'swap-values'; a: number; b: number }
  | { kind: 'indent'; at: number; by: number }
  | { kind: 'truncate'; at: number };

const yamlChars = fc.constantFrom(' ', ':', '-', '[', ']', '{', '}', '&', '*', '!', '|', '>', '#', '"', "'", '\t', '\n', 'x', 'L', '9', '%', '@', '`', ',', '?');
const position = fc.nat({ max: 100_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete-line' as const), at: position }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: position }),
  fc.record({ kind: fc.constant('change-char' as const), at: position, char: yamlChars }),
  fc.record({ kind: fc.constant('delete-char' as const), at: position }),
  fc.record({ kind: fc.constant('swap-values' as const), a: position, b: position }),
  fc.record({ kind: fc.constant('indent' as const), at: position, by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
);

function mutate(text: string, change: Mutation): string {
  const lines = text.split('\n');
  const line = (at: number): number => at % lines.length;
  switch (change.kind) {
    case 'delete-line':
      return lines.filter((_, index) => index !== line(change.at)).join('\n');
    case 'duplicate-line': {
      const index = line(change.at);
      return [...lines.slice(0, index + 1), lines[index]!, ...lines.slice(index + 1)].join('\n');
    }
    case 'change-char': {
      const at = change.at % text.length;
      return text.slice(0, at) + change.char + text.slice(at + 1);
    }
    case 'delete-char': {
      const at = change.at % text.length;
      return text.slice(0, at) + text.slice(at + 1);
    }
    case 'swap-values': {
      // Swap what follows `key: ` on two lines: a state name where a duration belongs, and so on.
      const valued = lines.map((text, index) => ({ text, index })).filter(({ text }) => /:\s+\S/.test(text) && !text.trimStart().startsWith('#'));
      if (valued.length < 2) return text;
      const first = valued[change.a % valued.length]!;
      const second = valued[change.b % valued.length]!;
      const split = (text: string): [string, string] => {
        const match = /^(.*?:\s+)(.*)$/.exec(text)!;
        return [match[1]!, match[2]!];
      };
      const [keyA, valueA] = split(first.text);
      const [keyB, valueB] = split(second.text);
      const copy = [...lines];
      copy[first.index] = keyA + valueB;
      copy[second.index] = keyB + valueA;
      return copy.join('\n');
    }
    case 'indent': {
      const index = line(change.at);
      const current = lines[index]!;
      const copy = [...lines];
      copy[index] = change.by >= 0 ? ' '.repeat(change.by) + current : current.replace(new RegExp(`^ {0,${-change.by}}`), '');
      return copy.join('\n');
    }
    case 'truncate':
      return text.slice(0, change.at % (text.length + 1));
  }
}

describe('flow loader under random edits (fast-check)', () => {
  it('returns a compilable flow or positioned problems for any edit of a valid flow, and never throws', () => {
    fc.assert(
      fc.property(fc.nat({ max: examples.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, changes) => {
        const text = changes.reduce(mutate, examples[which]!);
        const lineCount = text.split('\n').length;
        const result = loadFlowText(text, 'mutated.yaml');
        if (result.ok) {
          const [snapshot] = initialTransition(compileMachine(result.definition), { priority: result.definition.priorities[0]! });
          expect(snapshot.status).to.equal('active');
          return;
        }
        expect(result.problems).to.have.length.above(0);
        for (const problem of result.problems) {
          expect(problem.file).to.equal('mutated.yaml');
          expect(problem.line).to.be.within(1, lineCount + 1);
          expect(problem.col).to.be.at.least(1);
          expect(problem.message).to.be.a('string').with.length.above(0);
          // An internal error would mean a bug slipped through as a message; a stack trace, a crash printed.
          expect(problem.message).to.not.match(/internal error|\n\s+at /);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary text either', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(yamlChars, fc.constantFrom('a', 'id', 'states', ' ', '\n', 'ü', '😀')), maxLength: 300 }), (text) => {
        const result = loadFlowText(text, 'random.yaml');
        expect(result.ok).to.equal(false);
        if (!result.ok) for (const problem of result.problems) expect(problem.message).to.not.match(/internal error/);
      }),
      { numRuns: 1000 },
    );
  });
});
