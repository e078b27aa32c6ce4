import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadFlowDirectory, loadFlowFile, loadFlowOrThrow, loadFlowText } from '../src/flow/load-flow';
import { YAML_LIMITS } from '../src/source/positioned-yaml';
import { lintFlow } from '../src/flow/lint/lint-flow';
import type { LintRule } from '../src/flow/lint/lint-rule';
import { normalizeFlow } from '../src/flow/definition';
import { flowSchema } from '../src/flow/schema';
import { PositionedYaml } from '../src/source/positioned-yaml';
import { formatProblem, SourceProblemsError } from '../src/source/problem';

/** A valid three-tier flow with a waiting state; `states` replaces its states when given. */
function flowText(states?: string, extra = ''): string {
  return `id: lint-example
version: 1
title: Lint example
sla: { resolution: 1d }
${extra}events:
  ESCALATE:
  ASK_CUSTOMER:
  CUSTOMER_REPLIED:
  HAND_BACK:
  RESOLVE:
    fields:
      resolution: { type: text }
states:
${
  states ??
  `  l1_work:
    tier: L1
    on: { ESCALATE: l2_work, ASK_CUSTOMER: waiting, RESOLVE: done }
  waiting:
    waiting: true
    on: { CUSTOMER_REPLIED: l1_work, HAND_BACK: l1_work }
  l2_work:
    tier: L2
    on: { ESCALATE: l3_work, RESOLVE: done }
  l3_work:
    tier: L3
    on: { RESOLVE: done }
  done: { final: true }`
}
`;
}

function lint(text: string, calendars?: Set<string>): string[] {
  const result = loadFlowText(text, 'f.yaml', calendars ? { calendars } : {});
  return (result.ok ? result.warnings : result.problems).map(formatProblem);
}

/** Only the errors, for tests about one rule in flows that leave some declared events unused. */
function errors(text: string): string[] {
  return lint(text).filter((line) => !line.includes(': warning: '));
}

describe('flow lint rules', () => {
  it('accepts the base flow', () => {
    expect(lint(flowText())).to.deep.equal([]);
  });

  describe('tier order through waiting states', () => {
    const states = (back: string) => `  l1_work:
    tier: L1
    on: { ESCALATE: l2_work, RESOLVE: done }
  l2_work:
    tier: L2
    on: { ASK_CUSTOMER: waiting, ESCALATE: l3_work, RESOLVE: done }
  waiting:
    waiting: true
    on:
      CUSTOMER_REPLIED: ${back}
  l3_work:
    tier: L3
    on: { RESOLVE: done }
  done: { final: true }`;

    it('lets a ticket return to the tier it waited from, or go one up', () => {
      expect(errors(flowText(states('l2_work')))).to.deep.equal([]);
      expect(errors(flowText(states('l3_work')))).to.deep.equal([]);
    });

    it('sees the tier before the waiting state when the ticket comes back lower', () => {
      expect(errors(flowText(states('l1_work')))).to.deep.equal([
        "f.yaml:23:25: transition from L2 state 'l2_work' to L1 state 'l1_work' (through waiting state 'waiting') moves down a tier (escalate one tier at a time, or add deescalate: true if this is intended)",
      ]);
      expect(errors(flowText(states('{ target: l1_work, deescalate: true }')))).to.deep.equal([]);
    });

    it('follows chains of waiting states', () => {
      const chain = `  l1_work:
    tier: L1
    on: { ASK_CUSTOMER: waiting_a, ESCALATE: l2_work, RESOLVE: done }
  waiting_a:
    waiting: true
    on: { CUSTOMER_REPLIED: waiting_b }
  waiting_b:
    waiting: true
    on: { CUSTOMER_REPLIED: l3_work }
  l2_work:
    tier: L2
    on: { ESCALATE: l3_work, RESOLVE: done }
  l3_work:
    tier: L3
    on: { RESOLVE: done }
  done: { final: true }`;
      expect(errors(flowText(chain))).to.deep.equal([
        "f.yaml:22:29: transition from L1 state 'l1_work' to L3 state 'l3_work' (through waiting state 'waiting_b') skips L2 (escalate one tier at a time, or add deescalate: true if this is intended)",
      ]);
    });
  });

  describe('guard fields', () => {
    it('accepts fields that are declared, recorded from a payload, or set by an action, and prefixes of dotted paths', () => {
      const states = `  l1_work:
    tier: L1
    on:
      ESCALATE: l2_work
      RESOLVE:
        - { target: done, when: { field: resolution, exists: true } }
        - { target: done, when: { field: checked, equals: true } }
        - { target: done, when: { field: identity.verified, equals: true } }
        - { target: l2_work, actions: [{ set: { field: checked, value: true } }] }
  l2_work:
    tier: L2
    on: { ESCALATE: l3_work, RESOLVE: done }
  l3_work:
    tier: L3
    on: { RESOLVE: done }
  done: { final: true }`;
      expect(lint(flowText(states, 'fields:\n  identity: { type: text }\n'))).to.deep.equal([
        "f.yaml:9:3: warning: event 'ASK_CUSTOMER' is declared but no state handles it (handle it in some state’s on:, or remove it)",
        "f.yaml:10:3: warning: event 'CUSTOMER_REPLIED' is declared but no state handles it (handle it in some state’s on:, or remove it)",
        "f.yaml:11:3: warning: event 'HAND_BACK' is declared but no state handles it (handle it in some state’s on:, or remove it)",
      ]);
    });
  });

  describe('calendars', () => {
    it('checks the calendar only when the known calendars are given', () => {
      const text = flowText(undefined, 'calendar: office-hours\n');
      expect(lint(text)).to.deep.equal([]);
      expect(lint(text, new Set(['24x7']))).to.deep.equal(["f.yaml:5:11: unknown calendar 'office-hours' (known calendars: 24x7)"]);
    });
  });

  it('loads a flow whose only problems are warnings, and returns them', () => {
    const result = loadFlowText(flowText(undefined).replace('  RESOLVE:\n', '  UNUSED:\n  RESOLVE:\n'), 'f.yaml');
    expect(result.ok).to.equal(true);
    if (result.ok) expect(result.warnings.map((problem) => problem.severity)).to.deep.equal(['warning']);
  });

  it('reports a rule that fails unexpectedly as a problem instead of throwing', () => {
    const text = flowText();
    const source = new PositionedYaml('f.yaml', text);
    const spec = flowSchema.parse(source.toJS());
    const broken: LintRule = {
      name: 'broken',
      description: 'always fails',
      check: () => {
        throw new TypeError('oops');
      },
    };
    expect(lintFlow({ spec, definition: normalizeFlow(spec, 'hash'), source }, [broken]).map(formatProblem)).to.deep.equal([
      "f.yaml:1:1: internal error in lint rule 'broken': oops (please report this with the flow file)",
    ]);
  });
});

describe('flow loader', () => {
  it('pins a definition to the SHA-256 of its text, as plain JSON', () => {
    const text = flowText();
    const result = loadFlowText(text, 'f.yaml');
    if (!result.ok) throw new Error('expected the base flow to load');
    expect(result.definition.hash).to.equal(createHash('sha256').update(text).digest('hex'));
    expect(JSON.parse(JSON.stringify(result.definition))).to.deep.equal(result.definition);
  });

  it('throws every error as a SourceProblemsError from loadFlowOrThrow', () => {
    expect(() => loadFlowOrThrow('test/fixtures/bad-flows/initial-state.yaml'))
      .to.throw(SourceProblemsError)
      .with.property('message', "test/fixtures/bad-flows/initial-state.yaml:5:10: unknown initial state 'l1_tirage' (did you mean 'l1_triage'?)");
  });

  describe('a flows directory', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'sopflow-flows-'));
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('loads every *.yaml but calendars.yaml and *.test.yaml, in name order', () => {
      writeFileSync(join(dir, 'b-flow.yaml'), flowText().replace('id: lint-example', 'id: b-flow'));
      writeFileSync(join(dir, 'a-flow.yaml'), flowText().replace('id: lint-example', 'id: a-flow'));
      writeFileSync(join(dir, 'calendars.yaml'), 'calendars: {}\n');
      writeFileSync(join(dir, 'a-flow.test.yaml'), 'not: a flow\n');
      writeFileSync(join(dir, 'notes.txt'), 'ignored\n');
      const loaded = loadFlowDirectory(dir);
      expect(loaded.problems).to.deep.equal([]);
      expect(loaded.flows.map((flow) => flow.id)).to.deep.equal(['a-flow', 'b-flow']);
      expect(loaded.files.map(({ file }) => file)).to.deep.equal([join(dir, 'a-flow.yaml'), join(dir, 'b-flow.yaml')]);
    });

    it('refuses a second flow with the same id and warns when the file is named differently', () => {
      writeFileSync(join(dir, 'first.yaml'), flowText());
      writeFileSync(join(dir, 'second.yaml'), flowText());
      const loaded = loadFlowDirectory(dir);
      expect(loaded.flows).to.have.length(1);
      expect(loaded.problems.map(formatProblem)).to.deep.equal([
        `${join(dir, 'first.yaml')}:1:5: warning: flow id 'lint-example' differs from the file name 'first.yaml' (rename the file to lint-example.yaml)`,
        `${join(dir, 'second.yaml')}:1:5: flow id 'lint-example' is already used by ${join(dir, 'first.yaml')} (give every flow its own id)`,
      ]);
    });

    it('names the rule of a duplicate id and of an unreadable file', () => {
      writeFileSync(join(dir, 'lint-example.yaml'), flowText());
      writeFileSync(join(dir, 'second.yaml'), flowText());
      expect(loadFlowDirectory(dir).problems.map((problem) => `${problem.rule} ${problem.severity}`)).to.deep.equal(['flow-id error']);
      const notADirectory = loadFlowFile(join(dir, 'second.yaml', 'flow.yaml'));
      expect(notADirectory.ok ? [] : notADirectory.problems).to.deep.equal([
        { file: join(dir, 'second.yaml', 'flow.yaml'), line: 1, col: 1, message: 'cannot read flow file: not a directory', severity: 'error', rule: 'file' },
      ]);
    });

    it('throws only the errors of a flow that also has warnings', () => {
      const path = join(dir, 'lint-example.yaml');
      writeFileSync(path, flowText().replace('  RESOLVE:\n', '  UNUSED:\n  RESOLVE:\n').replace('initial: ', '').replace('title: Lint example', 'title: Lint example\ninitial: l1_wrok'));
      expect(() => loadFlowOrThrow(path))
        .to.throw(SourceProblemsError)
        .with.property('message', `${path}:4:10: unknown initial state 'l1_wrok' (did you mean 'l1_work'?)`);
    });

    it('reads a file of exactly the size limit', () => {
      const path = join(dir, 'big.yaml');
      const header = '# padding\n';
      writeFileSync(path, header + '#'.repeat(YAML_LIMITS.maxBytes - header.length));
      const result = loadFlowFile(path);
      expect(result.ok ? [] : result.problems.map((problem) => problem.message)).to.deep.equal(['file is empty']);
    });

    it('reports a missing directory as a problem', () => {
      expect(loadFlowDirectory(join(dir, 'missing')).problems.map((problem) => problem.message)).to.deep.equal([
        'cannot read flows directory: no such file or directory',
      ]);
    });
  });

  it('keeps the flow modules that run inside workflows free of Node built-ins', () => {
    const files = (directory: string): string[] =>
      readdirSync(directory).flatMap((name) => {
        const path = join(directory, name);
        return statSync(path).isDirectory() ? files(path) : [path];
      });
    const offenders = files('src/flow')
      .filter((file) => file.endsWith('.ts') && !file.endsWith('load-flow.ts'))
      .filter((file) => /from '(node:|fs|path|crypto|os|child_process)/.test(readFileSync(file, 'utf8')));
    expect(offenders).to.deep.equal([]);
  });
});
