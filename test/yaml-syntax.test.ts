import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { loadFlowText } from '../src/flow/load-flow';
import { readCalendars } from '../src/sla/read-calendars';
import { PositionedYaml } from '../src/source/positioned-yaml';
import { formatProblem } from '../src/source/problem';
import { yamlSyntaxProblems } from '../src/source/yaml-syntax-problems';

function syntax(text: string): string[] {
  return yamlSyntaxProblems(text, 'f.yaml').map(formatProblem);
}

/** A shipped flow with one line changed, as a writer's slip would change it. */
function shippedFlowWith(file: string, from: string, to: string): string {
  const text = readFileSync(file, 'utf8');
  expect(text, `${file} contains the line to change`).to.include(from);
  return text.replace(from, to);
}

const NEVER_CLOSED_LIST = "(end the list with `]`; if the `[` is meant as text, put the whole value in quotes)";

describe('YAML syntax errors: reported at their cause, few enough to read', () => {
  it('reports an unclosed [ at the bracket, not at the line after it', () => {
    expect(syntax('id: x\npriorities: [P1, P2\nevents:\n  RESOLVE:\n')).to.deep.equal([`f.yaml:2:13: this \`[\` is never closed ${NEVER_CLOSED_LIST}`]);
  });

  it('turns the cascade of one unclosed [ in a shipped flow into one line', () => {
    // Unrepaired, the parser reports twelve errors for this one character, the first on the next line.
    const text = shippedFlowWith('flows/password-reset.yaml', '        target: l1_reset_password\n', '        target: [l1_reset_password\n');
    const line = text.split('\n').indexOf('        target: [l1_reset_password') + 1;
    const result = loadFlowText(text, 'password-reset.yaml');
    expect(result.ok).to.equal(false);
    expect(result.ok ? [] : result.problems.map(formatProblem)).to.deep.equal([`password-reset.yaml:${line}:17: this \`[\` is never closed ${NEVER_CLOSED_LIST}`]);
  });

  it('reports unclosed maps and quotes at their opening character', () => {
    expect(syntax('a:\n  b: {x: 1\n  c: 2\n')).to.deep.equal([
      'f.yaml:2:6: this `{` is never closed (end the map with `}`; if the `{` is meant as text, put the whole value in quotes)',
    ]);
    expect(syntax('a: "abc\nb: 2\n')).to.deep.equal(['f.yaml:1:4: this `"` is never closed (end the text with `"`)']);
    expect(syntax("a: 'abc\nb: 2\n")).to.deep.equal(["f.yaml:1:4: this `'` is never closed (end the text with `'`)"]);
  });

  it('blames the inner bracket when a closer of the other kind ends it', () => {
    expect(syntax('a: [1, {x: 2]\n')).to.deep.equal([
      'f.yaml:1:8: this `{` is never closed (end the map with `}`; if the `{` is meant as text, put the whole value in quotes)',
    ]);
  });

  it('keeps a list written over several lines whole and finds the next mistake after it', () => {
    expect(syntax('a: [1,\n  2,\nb: 3\nc: ok\nd: [x # note\ne: 1\n')).to.deep.equal([
      `f.yaml:1:4: this \`[\` is never closed ${NEVER_CLOSED_LIST}`,
      `f.yaml:5:4: this \`[\` is never closed ${NEVER_CLOSED_LIST}`,
    ]);
  });

  it('says in plain words what a stray closer, a colon in a value and a tab are', () => {
    expect(syntax('a: ]\n')).to.deep.equal(['f.yaml:1:4: this `]` closes nothing (remove it, or put the whole value in quotes if it is text)']);
    expect(syntax('a: b: c\n')).to.deep.equal(["f.yaml:1:4: Nested mappings are not allowed in compact mappings (a value containing ': ' must be put in quotes)"]);
    expect(syntax('a:\n\tb: 1\n')).to.deep.equal(['f.yaml:2:1: tabs cannot indent YAML (indent with spaces)']);
  });

  it('lists at most three errors and sums up the rest as "and N more"', () => {
    const text = Array.from({ length: 20 }, (_, i) => `k${i}: a: b`).join('\n');
    const problems = syntax(text);
    expect(problems).to.have.length(4);
    expect(problems[0]).to.equal("f.yaml:1:5: Nested mappings are not allowed in compact mappings (a value containing ': ' must be put in quotes)");
    expect(problems[3]).to.equal('f.yaml:4:5: and 17 more YAML syntax errors from here on (fix the first ones and check again: later errors often follow from them)');
  });

  it('finds nothing in valid YAML, duplicate keys included (they are reported with both positions elsewhere)', () => {
    expect(syntax('a: [1, "x]", {b: "}"}]\nc: \'it\'\'s\'\nc: 2\n')).to.deep.equal([]);
  });

  it('reports calendar files the same way', () => {
    const text = 'calendars:\n  office:\n    timezone: Europe/Berlin\n    hours: { mon: [08:00-17:00 }\n';
    expect(readCalendars(new PositionedYaml('calendars.yaml', text), { holidayYears: { from: 2026, to: 2026 } }).problems.map(formatProblem)).to.deep.equal([
      `calendars.yaml:4:19: this \`[\` is never closed ${NEVER_CLOSED_LIST}`,
    ]);
  });
});
