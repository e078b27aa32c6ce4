import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { generatedFlow } from '../bench/flow-bench';
import { PositionedYaml } from '../src/source/positioned-yaml';
import { readSimpleYaml, readSimpleYamlWithPositions } from '../src/source/simple-yaml/read-simple-yaml';
import { simplePaths, VERIFY_SIMPLE_YAML, verifySimpleYaml } from '../src/source/simple-yaml/verify-simple-yaml';
import { positionInSimple } from '../src/source/simple-yaml/simple-positions';
import { positionInDocument } from '../src/source/document-position';
import { yamlLikeDocument } from './helpers/yaml-like';

const ROOT = join(__dirname, '..');

function parsed(text: string): { document: Document.Parsed; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  return { document: parseDocument(text, { lineCounter, prettyErrors: false, strict: true }), lineCounter };
}

/** Every YAML file of the repository that the loaders read: flows, calendars, fixtures, config. */
function corpus(): Array<{ name: string; text: string }> {
  const yamlFiles = (dir: string): string[] =>
    readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? yamlFiles(join(dir, entry.name)) : entry.name.endsWith('.yaml') ? [join(dir, entry.name)] : [],
    );
  const files = [...yamlFiles('flows'), ...yamlFiles('test/fixtures'), ...yamlFiles('bench/fixtures'), 'sopflow.config.yaml'];
  return [
    ...files.map((name) => ({ name, text: readFileSync(join(ROOT, name), 'utf8') })),
    { name: 'generated 20 states', text: generatedFlow(20) },
    { name: 'generated 500 states', text: generatedFlow(500) },
  ];
}

/**
 * The reader's one promise: it steps aside, or `yaml` reads the same text without any error
 * or warning to exactly the same value, key order included. Returns whether it read the text.
 */
function expectAgreement(text: string): boolean {
  const read = readSimpleYamlWithPositions(text);
  expect(readSimpleYaml(text)).to.deep.equal(read?.value);
  if (read === undefined) return false;
  const simple = read.value;
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, lineCounter });
  expect([...document.errors, ...document.warnings].map((problem) => problem.message), JSON.stringify(text)).to.deep.equal([]);
  const expected: unknown = document.toJS();
  expect(simple, JSON.stringify(text)).to.deep.equal(expected);
  expect(JSON.stringify(simple), JSON.stringify(text)).to.equal(JSON.stringify(expected));
  // Every position the reader claims to know, for every path a problem could ask about, is yaml's.
  for (const path of simplePaths(read.root)) {
    for (const at of ['key', 'value'] as const) {
      const position = positionInSimple(read.root, path, at);
      const expectedPosition = positionInDocument(document, lineCounter, path, at);
      // Compared by hand first: a message holding the text, built for each of thousands of paths, would cost minutes.
      if (position !== undefined && (position.line !== expectedPosition.line || position.col !== expectedPosition.col)) {
        expect(position, `${JSON.stringify(text)} at ${JSON.stringify(path)} (${at})`).to.deep.equal(expectedPosition);
      }
    }
  }
  return true;
}

describe('simple YAML reader (the fast path of flow loading)', () => {
  it('is cross-checked against yaml for every file read in this test run (SOPFLOW_VERIFY_SIMPLE_YAML)', () => {
    expect(VERIFY_SIMPLE_YAML, 'test/setup.ts turns the cross-check on').to.equal(true);
    const text = 'id: a\nversion: 1\n';
    const read = readSimpleYamlWithPositions(text)!;
    expect(() => verifySimpleYaml(read, parsed(text), 'same.yaml')).not.to.throw();
    expect(() => verifySimpleYaml({ ...read, value: { id: 'a', version: '1' } }, parsed(text), 'differs.yaml')).to.throw('differs.yaml: the simple YAML reader and yaml read different values');
    expect(() => verifySimpleYaml(read, parsed('id: a\nid: b\n'), 'dup.yaml')).to.throw(/dup\.yaml: the simple YAML reader accepted text yaml reports/);
    // The same values, one line lower: every position differs.
    expect(() => verifySimpleYaml(read, parsed(`\n${text}`), 'moved.yaml')).to.throw('moved.yaml: the simple YAML reader and yaml place ["id"] differently');
  });

  it('reads every file of the corpus the way yaml does, or leaves it to yaml', () => {
    const read = corpus().filter(({ text }) => expectAgreement(text));
    expect(read.length).to.be.above(30);
  });

  it('reads every example flow, calendar and the benchmark flow itself, so loading them stays fast', () => {
    const mustRead = corpus().filter(({ name }) => name.startsWith('flows/') || name.startsWith('generated'));
    expect(mustRead.filter(({ text }) => readSimpleYaml(text) === undefined).map(({ name }) => name)).to.deep.equal([]);
  });

  it('reads the shapes flows are written in', () => {
    const text = [
      '# comment',
      'id: x  # trailing comment',
      'version: 1',
      'priorities: [P1, P2]',
      'description: >',
      "  it's folded,",
      '  into one line',
      '',
      '  and a second paragraph',
      'notes: |-',
      '  kept',
      '  as lines',
      'states:',
      '  a:',
      '    entry:',
      '      - assign: L1',
      '        skill: "net\\"work"',
      '      - notify: customer',
      '    on:',
      "      GO: { target: b, when: { field: n, gt: -2 } }",
      '      NEXT:',
      '      - b',
      '      - ~',
      '    after:',
      '      5d: b',
      '  b:',
      '    final: true',
      '',
    ].join('\n');
    expect(expectAgreement(text)).to.equal(true);
    expect(readSimpleYaml(text)).to.deep.equal({
      id: 'x',
      version: 1,
      priorities: ['P1', 'P2'],
      description: "it's folded, into one line\nand a second paragraph\n",
      notes: 'kept\nas lines',
      states: {
        a: {
          entry: [{ assign: 'L1', skill: 'net"work' }, { notify: 'customer' }],
          on: { GO: { target: 'b', when: { field: 'n', gt: -2 } }, NEXT: ['b', null] },
          after: { '5d': 'b' },
        },
        b: { final: true },
      },
    });
  });

  it('leaves to yaml whatever it does not fully understand', () => {
    const outside = [
      '',
      '# only a comment\n',
      '- a list at the root\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: 1\na: 2\n',
      'a:\n\tb: 1\n',
      'a: 1\r\nb: 2\r\n',
      'a: b: c\n',
      'a: multi\n  line\n',
      'a: "multi\n  line"\n',
      'a: [x,\n  y]\n',
      'a: |+\n  x\n',
      'a: >\n  x\n    more indented\n',
      'a: |\n  x',
      '---\na: 1\n',
      'a: 1\n...\n',
      '? a\n: 1\n',
      '"a": 1\n',
      'null: 1\n',
      'a: 1.5e3\n',
      'a: 0x1F\n',
      'a: 007\n',
      'a: .inf\n',
      'a: [x, ]\n',
      'a: { b }\n',
      'a: "\\u00e9"\n',
      'a:\n  b: 1\n c: 2\n',
      '__proto__: 1\n',
    ];
    for (const text of outside) expect(readSimpleYaml(text), JSON.stringify(text)).to.equal(undefined);
  });

  it('agrees with yaml on random YAML-like documents (fast-check)', () => {
    let read = 0;
    fc.assert(
      fc.property(yamlLikeDocument, (text) => {
        if (expectAgreement(text)) read++;
      }),
      { numRuns: 2000 },
    );
    // The generator must exercise the reader, not only its refusals.
    expect(read).to.be.above(100);
  });

  it('agrees with yaml on random edits of a real flow (fast-check)', () => {
    const base = readFileSync(join(ROOT, 'flows', 'password-reset.yaml'), 'utf8');
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 3 }), insert: fc.constantFrom('', ' ', '  ', '\n', '\n  ', ':', ': ', '-', '- ', '#', ' #', '"', "'", '[', ']', '{', '}', ',', '|', '>', '&', '*', '!', '?', '\t', '~', '0', '1.5', 'x') });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const text = edits.reduce((current, { at, remove, insert }) => {
          const offset = at % (current.length + 1);
          return current.slice(0, offset) + insert + current.slice(offset + remove);
        }, base);
        expectAgreement(text);
      }),
      { numRuns: 500 },
    );
  });

  it('positions a problem in a simple file where yaml would', () => {
    const source = new PositionedYaml('f.yaml', 'a:\n  b: [1, 2]\n');
    expect(source.syntaxProblems()).to.deep.equal([]);
    expect(source.toJS()).to.deep.equal({ a: { b: [1, 2] } });
    expect(source.positionOf(['a', 'b', 1])).to.deep.equal({ line: 2, col: 10 });
    expect(source.positionOf(['a', 'b'], 'key')).to.deep.equal({ line: 2, col: 3 });
  });
});
