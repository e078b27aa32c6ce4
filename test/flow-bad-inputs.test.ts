import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { FlowLoadResult } from '../src/flow/load-flow';
import { loadFlowFile, loadFlowText } from '../src/flow/load-flow';
import { LINT_RULES } from '../src/flow/lint/lint-flow';
import { staffingOf } from '../src/flow/lint/staffing';
import type { SourceProblem } from '../src/source/problem';
import { formatProblem } from '../src/source/problem';
import { perTest } from './helpers/per-test';

const CORPUS = join(__dirname, 'fixtures', 'bad-flows');

/** Calendars the corpus is checked against (the unknown-calendar fixture misspells one). */
const CALENDARS = new Set(['24x7', 'office-hours']);

/** Who the corpus can assign: L1 agents know networks (skills compare case-blind), L2 has nobody for portals, there is no L3 pool. */
const STAFFING = perTest(() =>
  staffingOf('corpus.config.yaml', {
    L1: { agents: [{ skills: ['network'] }] },
    L2: { agents: [{ skills: ['network', 'sap'] }] },
  }),
);

/**
 * Every fixture of the bad-input corpus and exactly what the loader says about it. Pinned so
 * that a message never silently degrades: change one here only when it reads better.
 */
const EXPECTED: Record<string, string[]> = {
  'customer-reply.yaml': [
    "customer-reply.yaml:19:24: state 'waiting_for_customer' does not accept 'CUSTOMER_REPLID', the event its customer replies send (did you mean 'CUSTOMER_REPLIED'?)",
    "customer-reply.yaml:24:5: final state 'done' cannot take a customer reply event (remove on_customer_reply here)",
  ],
  'after-timeout.yaml': [
    "after-timeout.yaml:24:7: '5 days' is not a duration (write e.g. '30m', '4h', '1h30m' or '5d')",
    "after-timeout.yaml:25:7: a timeout of '0m' fires at once (use a positive duration)",
    "after-timeout.yaml:27:7: '24h' is the same delay as '1d' (merge the two timeouts)",
  ],
  'alias-bomb.yaml': [
    'alias-bomb.yaml:3:8: aliases expand too far: this looks like a "billion laughs" attack (at most 100 alias expansions are allowed; write the values out)',
  ],
  'bad-names.yaml': [
    'bad-names.yaml:2:5: id: flow ids are lower-kebab-case, e.g. password-reset',
    "bad-names.yaml:8:3: invalid key 'resolve' in events: event names are UPPER_SNAKE_CASE, starting with a letter",
    "bad-names.yaml:10:3: invalid key 'L1-Work' in states: state names are lower_snake_case, starting with a letter",
  ],
  'breach-escalation.yaml': [
    "breach-escalation.yaml:13:5: a breach escalates by default, which needs an unguarded transition from 'l1_work' to an L2 state (add one, e.g. ESCALATE: <an L2 state>; or set on_breach: { goto: <state> } or on_breach: notify)",
    "breach-escalation.yaml:24:18: on_breach: escalate needs an unguarded transition from 'l2_work' to an L3 state (add one, e.g. ESCALATE: <an L3 state>; or set on_breach: { goto: <state> } or on_breach: notify)",
  ],
  'choice-field.yaml': [
    "choice-field.yaml:8:3: choice field 'channel' lists no choices (add choices: [first, second])",
    'choice-field.yaml:9:23: warning: choices are ignored on a text field (use type: choice, or remove choices:)',
    "choice-field.yaml:22:41: 'hardwear' is not a choice of 'category' (did you mean 'hardware'?)",
    "choice-field.yaml:22:51: 'network' is not a choice of 'category' (choices: hardware, software)",
  ],
  'comments-only.yaml': [
    'comments-only.yaml:1:1: file is empty (a flow needs at least id, version, title, events and states)',
  ],
  'dangling-target.yaml': [
    "dangling-target.yaml:14:17: unknown state 'l2_identy_check' (did you mean 'l2_identity_check'?)",
    "dangling-target.yaml:15:16: unknown state 'resolvd' (did you mean 'resolved'?)",
    "dangling-target.yaml:20:26: unknown state 'l3_vendr' (did you mean 'l3_vendor'?)",
  ],
  'dead-end.yaml': [
    "dead-end.yaml:17:3: no final state can be reached from state 'l2_work' (a ticket here could never be closed; add a transition that leads towards a final state)",
    "dead-end.yaml:22:3: no final state can be reached from state 'l3_loop' (a ticket here could never be closed; add a transition that leads towards a final state)",
    "dead-end.yaml:26:3: no final state can be reached from state 'l3_vendor' (a ticket here could never be closed; add a transition that leads towards a final state)",
  ],
  'deep-nesting.yaml': [
    'deep-nesting.yaml:3:72: nesting deeper than 64 levels (flows are shallow; this looks like generated or corrupted input)',
  ],
  'due-date.yaml': [
    "due-date.yaml:16:3: working state 'l2_work' has no due date (add sla: { due: 4h } to the state, or sla: { resolution: 2d } to the flow)",
    "due-date.yaml:21:3: working state 'l3_work' has no due date (add sla: { due: 4h } to the state, or sla: { resolution: 2d } to the flow)",
  ],
  'duplicate-state.yaml': [
    "duplicate-state.yaml:14:3: duplicate key 'l1_work' in states (each key may appear only once; 'l1_work' is first defined at line 8, rename or merge one of them)",
  ],
  'empty.yaml': [
    'empty.yaml:1:1: file is empty (a flow needs at least id, version, title, events and states)',
  ],
  'guard-field.yaml': [
    "guard-field.yaml:23:26: event CHECKED has no payload field 'verifed' (did you mean 'verified'?)",
    "guard-field.yaml:24:26: unknown field 'custmer_type' (did you mean 'customer_type'?)",
    "guard-field.yaml:37:24: a transition after 1d has no event payload to read 'verified' from (use field: to read a ticket field)",
  ],
  'initial-state.yaml': [
    "initial-state.yaml:5:10: unknown initial state 'l1_tirage' (did you mean 'l1_triage'?)",
  ],
  'missing-keys.yaml': [
    "missing-keys.yaml:1:1: missing required key 'events'",
    "missing-keys.yaml:1:1: missing required key 'id'",
    "missing-keys.yaml:1:1: missing required key 'version'",
    "missing-keys.yaml:8:9: states.l1_work.on.RESOLVE: missing required key 'target'",
  ],
  'multiple-documents.yaml': [
    "multiple-documents.yaml:4:1: a file holds one YAML document (remove the '---' separator, or split the documents into files of their own)",
  ],
  'no-final-state.yaml': [
    'no-final-state.yaml:10:1: the flow has no final state, so no ticket could ever be closed (mark the state that closes a ticket with final: true)',
  ],
  'not-a-map.yaml': [
    'not-a-map.yaml:1:1: the file must hold a map of keys, not a list',
  ],
  'priority-target.yaml': [
    "priority-target.yaml:7:45: unknown priority 'P4' (priorities of this flow: P1, P2, P3)",
    'priority-target.yaml:8:15: no target for priority P3 (give every priority a duration, or write one duration for all)',
    'priority-target.yaml:8:29: warning: P2 gets less time (4h) than the more urgent P1 (8h) (priorities are listed most urgent first; check the order of the targets)',
    "priority-target.yaml:16:12: a target of '0m' is breached at once (use a positive duration)",
  ],
  'state-kinds.yaml': [
    "state-kinds.yaml:15:3: working state 'l1_work' has no tier (add tier: L1, L2 or L3, or mark it waiting: true or final: true)",
    'state-kinds.yaml:22:5: a waiting state has no tier: the ticket waits outside support (remove tier:; the tier is the one of the state the ticket came from)',
    "state-kinds.yaml:23:5: a waiting state has no due date: its SLA clocks are paused (use after: (e.g. '3d': closed) for reminders and timeouts)",
    'state-kinds.yaml:38:5: a state is either waiting or final, not both (remove waiting: or final:)',
    'state-kinds.yaml:39:5: a final state has no tier: nobody works on a done ticket (remove tier:)',
    'state-kinds.yaml:40:5: a final state has no transitions: the ticket is done (remove on:, or remove final: true)',
  ],
  'tabs.yaml': [
    'tabs.yaml:5:1: tabs cannot indent YAML (indent with spaces)',
  ],
  'tier-skip.yaml': [
    "tier-skip.yaml:17:17: transition from L1 state 'l1_work' to L3 state 'l3_work' skips L2 (escalate one tier at a time, or add deescalate: true if this is intended)",
    "tier-skip.yaml:23:25: transition from L1 state 'l1_work' to L3 state 'l3_work' (through waiting state 'waiting_for_customer') skips L2 (escalate one tier at a time, or add deescalate: true if this is intended)",
    "tier-skip.yaml:27:18: transition from L2 state 'l2_work' to L1 state 'l1_work' moves down a tier (escalate one tier at a time, or add deescalate: true if this is intended)",
  ],
  'undeclared-event.yaml': [
    "undeclared-event.yaml:10:3: warning: event 'REOPEN' is declared but no state handles it (handle it in some state’s on:, or remove it)",
    "undeclared-event.yaml:16:7: event 'RESOLV' is not declared (did you mean 'RESOLVE'?)",
    "undeclared-event.yaml:21:7: event 'CLOSE' is not declared (declare it under events:)",
  ],
  'unknown-alias.yaml': [
    "unknown-alias.yaml:4:6: unknown alias '*standard_sla' (define the anchor with &name before using *name)",
  ],
  'unknown-calendar.yaml': [
    "unknown-calendar.yaml:5:11: unknown calendar 'ofice-hours' (did you mean 'office-hours'?)",
  ],
  'unknown-keys.yaml': [
    "unknown-keys.yaml:4:1: unknown key 'titel' (did you mean 'title'?)",
    "unknown-keys.yaml:9:5: unknown key 'feilds' in events.RESOLVE (did you mean 'fields'?)",
    "unknown-keys.yaml:16:9: unknown key 'targt' in states.l1_work.on.RESOLVE (did you mean 'target'?)",
    "unknown-keys.yaml:17:9: unknown key 'whenn' in states.l1_work.on.RESOLVE (did you mean 'when'?)",
  ],
  'unreachable-state.yaml': [
    "unreachable-state.yaml:21:3: state 'l2_forgotten' cannot be reached from the initial state 'l1_work' (add a transition to it, or remove it)",
  ],
  'warn-at.yaml': [
    'warn-at.yaml:7:17: warning thresholds must increase: 75% comes after 90% (list them in rising order, each once, e.g. [75, 90])',
    'warn-at.yaml:16:21: warning thresholds must increase: 50% comes after 50% (list them in rising order, each once, e.g. [75, 90])',
  ],
  'wrong-types.yaml': [
    'wrong-types.yaml:3:10: version: Invalid input: expected number, received string',
    "wrong-types.yaml:6:15: sla.resolution: durations look like '30m', '4h', '1h30m' or '2d'",
    'wrong-types.yaml:11:11: states.l1_work.tier: Invalid option: expected one of "L1"|"L2"|"L3"',
    "wrong-types.yaml:13:12: states.l1_work.sla.due: durations look like '30m', '4h', '1h30m' or '2d'",
    `wrong-types.yaml:14:18: states.l1_work.sla.on_breach: Invalid option: expected one of "escalate"|"notify" (did you mean 'escalate'?)`,
    `wrong-types.yaml:16:17: states.l1_work.entry.0.notify: Invalid option: expected one of "customer"|"team"|"assignee"|"escalation_manager" (did you mean 'customer'?)`,
    "wrong-types.yaml:20:12: states.done.final: Invalid input: expected boolean, received string (YAML reads 'yes' as text; write true or false)",
  ],
  'unstaffed-skill.yaml': [
    "unstaffed-skill.yaml:21:20: warning: no L2 agent in corpus.config.yaml has skill 'portal_accounts' (add 'portal_accounts' to the skills of an agent of pools.L2; until then the ticket keeps its owner and the team is told nobody could be assigned)",
    'unstaffed-skill.yaml:31:17: warning: corpus.config.yaml has no L3 pool to assign from (add pools.L3 with at least one agent to corpus.config.yaml)',
  ],
  'yaml-syntax-error.yaml': [
    'yaml-syntax-error.yaml:5:13: this `[` is never closed (end the list with `]`; if the `[` is meant as text, put the whole value in quotes)',
  ],
};

function problemsOf(result: FlowLoadResult): SourceProblem[] {
  return result.ok ? result.warnings : result.problems;
}

function expectNoStackTrace(problems: SourceProblem[]): void {
  for (const line of problems.map(formatProblem)) {
    expect(line, 'one line per problem').to.not.include('\n');
    expect(line).to.not.match(/\bat \S+ \(.*:\d+:\d+\)|\.ts:\d+:\d+|internal error/);
  }
}

describe('bad flow files (the bad-input corpus)', () => {
  it('has an expectation for every fixture, and a fixture for every expectation', () => {
    expect(readdirSync(CORPUS).sort()).to.deep.equal(Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`reports ${name} exactly, positioned, without a stack trace`, () => {
      const result = loadFlowText(readFileSync(join(CORPUS, name), 'utf8'), name, { calendars: CALENDARS, staffing: STAFFING() });
      // A fixture of warnings only (the staffing rule warns) loads; any error refuses it.
      expect(result.ok).to.equal(!expected.some((line) => !/^[^:]+:\d+:\d+: warning: /.test(line)));
      const problems = problemsOf(result);
      expect(problems.map(formatProblem)).to.deep.equal(expected);
      expectNoStackTrace(problems);
    });
  }

  it('exercises every lint rule somewhere in the corpus', () => {
    const fired = new Set<string>();
    for (const name of Object.keys(EXPECTED)) {
      const result = loadFlowText(readFileSync(join(CORPUS, name), 'utf8'), name, { calendars: CALENDARS, staffing: STAFFING() });
      for (const problem of problemsOf(result)) fired.add(problem.rule);
    }
    expect(LINT_RULES.map((rule) => rule.name).filter((rule) => !fired.has(rule))).to.deep.equal([]);
  });

  describe('hostile and oversized input', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'sopflow-bad-'));
    });
    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('refuses a file over 1 MB without reading it', () => {
      const file = join(dir, 'huge.yaml');
      writeFileSync(file, `id: huge\ndescription: "${'x'.repeat(1024 * 1024)}"\n`);
      const started = Date.now();
      const result = loadFlowFile(file);
      expect(Date.now() - started).to.be.below(1000);
      expect(problemsOf(result).map(formatProblem)).to.deep.equal([
        `${file}:1:1: file is larger than 1 MB (flows are a few kilobytes; split it into smaller flows)`,
      ]);
    });

    it('refuses 1 MB of text passed directly, counting bytes rather than characters', () => {
      // 350,000 three-byte characters: 1.05 MB of UTF-8 in fewer than a million characters.
      const text = `id: huge\ntitle: ${'€'.repeat(350_000)}\n`;
      const result = loadFlowText(text, 'huge.yaml');
      expect(problemsOf(result).map(formatProblem)).to.deep.equal([
        'huge.yaml:1:1: file is larger than 1 MB (flows are a few kilobytes; split it into smaller flows)',
      ]);
    });

    it('refuses a hundred thousand nested brackets quickly instead of overflowing the parser', () => {
      const started = Date.now();
      const result = loadFlowText(`states: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, 'deep.yaml');
      expect(Date.now() - started).to.be.below(1000);
      expect(problemsOf(result).map(formatProblem)).to.deep.equal([
        'deep.yaml:1:72: nesting deeper than 64 levels (flows are shallow; this looks like generated or corrupted input)',
      ]);
    });

    it('refuses deep block nesting and compact "- - -" nesting before parsing', () => {
      const block = Array.from({ length: 100 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n');
      const dashes = `states:\n  ${'- '.repeat(5000)}x\n`;
      expect(problemsOf(loadFlowText(block, 'block.yaml')).map((problem) => problem.message)).to.deep.equal(['nesting deeper than 64 levels']);
      expect(problemsOf(loadFlowText(dashes, 'dashes.yaml')).map((problem) => problem.message)).to.deep.equal(['nesting deeper than 64 levels']);
    });

    it('refuses the billion-laughs alias bomb quickly', () => {
      const started = Date.now();
      const result = loadFlowText(readFileSync(join(CORPUS, 'alias-bomb.yaml'), 'utf8'), 'bomb.yaml');
      expect(Date.now() - started).to.be.below(1000);
      expect(result.ok).to.equal(false);
    });

    it('reports a missing file and a directory as problems, not exceptions', () => {
      expect(problemsOf(loadFlowFile(join(dir, 'missing.yaml'))).map(formatProblem)).to.deep.equal([
        `${join(dir, 'missing.yaml')}:1:1: cannot read flow file: no such file or directory`,
      ]);
      expect(problemsOf(loadFlowFile(dir)).map((problem) => problem.message)).to.deep.equal(['cannot read flow file: it is a directory']);
    });
  });
});
