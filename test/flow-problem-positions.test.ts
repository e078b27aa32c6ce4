import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { generatedFlow, withOneError } from '../bench/flow-bench';
import { isFlowFileName, loadFlowText } from '../src/flow/load-flow';
import type { FlowLoadResult } from '../src/flow/load-flow';
import { readSimpleYaml } from '../src/source/simple-yaml/read-simple-yaml';

/*
 * A flow in the simple subset of YAML is positioned by the simple reader, not by `yaml`: the
 * editor case (a large flow with one mistake) must not pay a full `yaml` parse. Its problems
 * must read exactly as when `yaml` positions them. A comment holding a tab, added as the last
 * line, takes a file out of the subset without moving or changing anything in it, so the same
 * flow loaded twice, once each way, must give the same problems, messages and positions alike.
 */
const YAML_ONLY = '#\tkept out of the simple subset\n';

function bothWays(text: string): { fast: FlowLoadResult; slow: FlowLoadResult } {
  // On a line of its own: after a last line without a newline it would join that line's value.
  const outOfSubset = `${text}${text.endsWith('\n') ? '' : '\n'}${YAML_ONLY}`;
  return { fast: loadFlowText(text, 'f.yaml'), slow: loadFlowText(outOfSubset, 'f.yaml') };
}

function problemsOf(result: FlowLoadResult): unknown[] {
  return result.ok ? result.warnings : result.problems;
}

const FLOWS = [
  ...readdirSync(join(__dirname, '..', 'flows'))
    .filter(isFlowFileName)
    .map((name) => readFileSync(join(__dirname, '..', 'flows', name), 'utf8')),
  generatedFlow(20),
];

/** Words a broken flow may hold instead of a key or a value: typos, other types, other states, bad condition parts. */
const REPLACEMENTS = [
  'targt', 'titel', 'fields', 'type', 'equals', 'equal', 'in', 'event', 'field', 'not', 'all', 'any', 'nowhere', 'done', 'resolved',
  'L4', 'P9', '42', '-1', '1.5', 'true', 'false', 'null', "'1'", '"x"', '[a, b]', '[]', '{}', '{ a: 1 }', '{ event: x }', '15x', '1h', 'text',
  'choice', 'boolean', 'number', 'office-hours', 'nope',
];

/** One line-level mistake: the line dropped, its key renamed, its value replaced, or a word in it replaced. */
const mistake: fc.Arbitrary<Mistake> = fc.record({
  line: fc.nat(),
  kind: fc.constantFrom('drop', 'key', 'value', 'word', 'empty'),
  replacement: fc.constantFrom(...REPLACEMENTS),
  word: fc.nat(),
});

interface Mistake {
  line: number;
  kind: 'drop' | 'key' | 'value' | 'word' | 'empty';
  replacement: string;
  word: number;
}

function broken(text: string, { line, kind, replacement, word }: Mistake): string {
  const lines = text.split('\n');
  const at = line % lines.length;
  const current = lines[at]!;
  const entry = /^(\s*(?:- )?)([A-Za-z0-9_./-]+):(.*)$/.exec(current);
  if (kind === 'drop') lines.splice(at, 1);
  else if (kind === 'key' && entry) lines[at] = `${entry[1]}${replacement.replace(/\W/g, '') || 'x'}:${entry[3]}`;
  else if (kind === 'value' && entry) lines[at] = `${entry[1]}${entry[2]}: ${replacement}`;
  else if (kind === 'empty' && entry) lines[at] = `${entry[1]}${entry[2]}:`;
  else {
    const words = [...current.matchAll(/[A-Za-z0-9_]+/g)];
    const chosen = words[word % Math.max(words.length, 1)];
    if (chosen?.index !== undefined) lines[at] = current.slice(0, chosen.index) + replacement + current.slice(chosen.index + chosen[0].length);
  }
  return lines.join('\n');
}

describe('flow problems positioned by the simple reader', function () {
  this.timeout(120_000);

  it('are the problems yaml positions, for the benchmark flow with one error', () => {
    const text = withOneError(generatedFlow(60));
    expect(readSimpleYaml(text)).not.to.equal(undefined);
    expect(readSimpleYaml(`${text}${YAML_ONLY}`)).to.equal(undefined);
    const { fast, slow } = bothWays(text);
    expect(fast.ok).to.equal(false);
    expect(problemsOf(fast)).to.have.length.above(0);
    expect(problemsOf(fast)).to.deep.equal(problemsOf(slow));
  });

  it('are the problems yaml positions, for random mistakes in every example flow (missing keys, wrong types, unknown keys, bad conditions)', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.nat(FLOWS.length - 1), fc.array(mistake, { minLength: 1, maxLength: 3 }), (flow, mistakes) => {
        const text = mistakes.reduce(broken, FLOWS[flow]!);
        // A mistake that leaves the subset is read by yaml both ways; nothing to compare.
        if (readSimpleYaml(text) === undefined) return;
        const { fast, slow } = bothWays(text);
        expect(problemsOf(fast), text).to.deep.equal(problemsOf(slow));
        if (!fast.ok) compared++;
      }),
      { numRuns: 200 },
    );
    // The mistakes must mostly stay in the subset and break the flow, or this compares nothing.
    expect(compared).to.be.above(80);
  });
});
