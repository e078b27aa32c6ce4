import { expect } from 'chai';
import { escalationTarget, humanize, normalizeFlow, stateKind, targetMinutes, transitionList } from '../src/flow/definition';
import type { StateDefinition } from '../src/flow/definition';
import type { FlowSpec, StateSpec } from '../src/flow/schema';

/*
 * What the runtime gets from a flow as written: every default filled in, every shorthand
 * expanded, each breach resolved to something executable. Written for the survivors of the
 * first src/flow mutation run; each spec is built inside its test (test/helpers/per-test.ts).
 */

/** A schema-valid flow with the given states (the first one is the initial state). */
function spec(states: Record<string, StateSpec>, extra: Partial<FlowSpec> = {}): FlowSpec {
  return { id: 'defs', version: 3, title: 'Definitions', events: { GO: null }, states, ...extra };
}

const l1 = (on: StateSpec['on'] = { GO: 'done' }, rest: Partial<StateSpec> = {}): StateSpec => ({ tier: 'L1', on, ...rest });

describe('flow definitions (normalizeFlow)', () => {
  it('fills in the defaults of a flow that writes only what it must', () => {
    const definition = normalizeFlow(spec({ l1_work: l1(), done: { final: true } }), 'h1');
    expect(definition).to.deep.include({
      id: 'defs',
      version: 3,
      hash: 'h1',
      title: 'Definitions',
      calendar: '24x7',
      priorities: ['P1', 'P2', 'P3', 'P4'],
      initial: 'l1_work',
      fields: {},
      events: { GO: {} },
      sla: { warnAt: [75, 90] },
    });
    expect(Object.keys(definition)).to.not.include.members(['description', 'owner']);
  });

  it('keeps what the flow writes instead of the defaults', () => {
    const written = spec(
      { l1_work: l1(), done: { final: true } },
      {
        description: 'About definitions',
        owner: 'Process team',
        calendar: 'office-hours',
        priorities: ['high', 'low'],
        initial: 'done',
        fields: { category: { type: 'text' } },
        events: { GO: { title: 'Go', fields: { reason: { type: 'text' } } } },
        sla: { first_response: '30m', resolution: { high: '4h', low: '2d' }, warn_at: [50] },
      },
    );
    const definition = normalizeFlow(written, 'h2');
    expect(definition).to.deep.include({
      description: 'About definitions',
      owner: 'Process team',
      calendar: 'office-hours',
      priorities: ['high', 'low'],
      initial: 'done',
      fields: { category: { type: 'text' } },
      events: { GO: { title: 'Go', fields: { reason: { type: 'text' } } } },
      sla: { firstResponse: { high: 30, low: 30 }, resolution: { high: 240, low: 2880 }, warnAt: [50] },
    });
  });

  it('expands an event title as a state title: a plain one as written, one per language to English plus the languages', () => {
    const events: FlowSpec['events'] = {
      PLAIN: { title: 'Take the ticket', description: 'Ownership', fields: { note: { type: 'text' } } },
      LOCALIZED: { title: { de: 'Ticket übernehmen', en: 'Take the ticket', pl: 'Przejmij zgłoszenie' } },
      NO_ENGLISH: { title: { pl: 'Zapytaj klienta', de: 'Beim Kunden nachfragen' } },
      UNTITLED: { fields: { reason: { type: 'text' } } },
      BARE: null,
    };
    const definition = normalizeFlow(spec({ l1_work: l1(), done: { final: true } }, { events }), 'h');
    expect(definition.events).to.deep.equal({
      PLAIN: { title: 'Take the ticket', description: 'Ownership', fields: { note: { type: 'text' } } },
      LOCALIZED: { title: 'Take the ticket', titles: { de: 'Ticket übernehmen', en: 'Take the ticket', pl: 'Przejmij zgłoszenie' } },
      // Without English, the first flow language written (de before pl), as for states.
      NO_ENGLISH: { title: 'Beim Kunden nachfragen', titles: { de: 'Beim Kunden nachfragen', pl: 'Zapytaj klienta' } },
      UNTITLED: { fields: { reason: { type: 'text' } } },
      BARE: {},
    });
  });

  it('starts a flow without states nowhere, leaving it to the linter to say so', () => {
    expect(normalizeFlow(spec({}), 'h').initial).to.equal('');
  });

  it('gives a state a readable title, an empty entry list and no optional parts when it writes none', () => {
    const { l1_work: state } = normalizeFlow(spec({ l1_work: l1(), done: { final: true } }), 'h').states;
    expect(state).to.deep.equal({
      name: 'l1_work',
      title: 'L1 work',
      kind: 'working',
      tier: 'L1',
      entry: [],
      on: { GO: [{ target: 'done', deescalate: false, actions: [] }] },
      after: [],
    });
  });

  it('keeps every part a state writes, texts per language included', () => {
    const written: StateSpec = {
      title: { de: 'Prüfen', en: 'Check' },
      description: 'We check it.',
      instructions: { pl: 'Sprawdź' },
      tier: 'L2',
      on_customer_reply: 'GO',
      entry: [{ notify: 'customer' }],
      on: { GO: 'done' },
      sla: { due: '1h', warn_at: [60] },
    };
    const { check } = normalizeFlow(spec({ check: written, done: { final: true } }, { priorities: ['P1'] }), 'h').states;
    expect(check).to.deep.equal({
      name: 'check',
      title: 'Check',
      titles: { de: 'Prüfen', en: 'Check' },
      description: 'We check it.',
      instructions: 'Sprawdź',
      instructionsByLanguage: { pl: 'Sprawdź' },
      kind: 'working',
      tier: 'L2',
      onCustomerReply: 'GO',
      entry: [{ notify: 'customer' }],
      on: { GO: [{ target: 'done', deescalate: false, actions: [] }] },
      after: [],
      // No L3 state to escalate to: the breach has no action, which breach-escalation reports.
      sla: { due: { P1: 60 }, warnAt: [60] },
    });
  });

  it('gives a state the flow-wide warning thresholds unless it lists its own', () => {
    const states = normalizeFlow(
      spec(
        {
          a: l1({ GO: 'done' }, { sla: { due: '1h', on_breach: 'notify' } }),
          b: l1({ GO: 'done' }, { sla: { due: '1h', warn_at: [10], on_breach: 'notify' } }),
          done: { final: true },
        },
        { sla: { warn_at: [80] }, priorities: ['P1'] },
      ),
      'h',
    ).states;
    expect(states.a!.sla!.warnAt).to.deep.equal([80]);
    expect(states.b!.sla!.warnAt).to.deep.equal([10]);
  });

  it('times a timeout in milliseconds, and an unreadable one as NaN for the linter to report', () => {
    const { wait } = normalizeFlow(
      spec({ wait: { waiting: true, after: { '1h30m': 'done', soon: { target: 'done', description: 'never' } } }, done: { final: true } }),
      'h',
    ).states;
    expect(wait!.after).to.have.length(2);
    expect(wait!.after[0]).to.deep.equal({ label: '1h30m', delayMs: 5_400_000, transition: { target: 'done', deescalate: false, actions: [] } });
    expect(wait!.after[1]!.label).to.equal('soon');
    expect(Number.isNaN(wait!.after[1]!.delayMs)).to.equal(true);
    expect(wait!.after[1]!.transition).to.deep.equal({ target: 'done', deescalate: false, description: 'never', actions: [] });
  });

  describe('what a breach does', () => {
    const breachOf = (states: Record<string, StateSpec>, name: string) => normalizeFlow(spec(states, { priorities: ['P1'] }), 'h').states[name]!.sla!.onBreach;

    it('escalates by default along the first unguarded transition into the next tier', () => {
      const states: Record<string, StateSpec> = {
        l1_work: l1(
          { GO: [{ target: 'l2_other', when: { field: 'x', exists: true } }, { target: 'l1_peer' }, { target: 'l2_work' }], ASK: 'l2_other' },
          { sla: { due: '1h' } },
        ),
        l1_peer: l1(),
        l2_work: { tier: 'L2', on: { GO: 'done' } },
        l2_other: { tier: 'L2', on: { GO: 'done' } },
        done: { final: true },
      };
      expect(breachOf(states, 'l1_work')).to.deep.equal({ kind: 'goto', target: 'l2_work', escalation: true });
    });

    it('escalates L2 to L3 when the flow says on_breach: escalate', () => {
      const states: Record<string, StateSpec> = {
        l2_work: { tier: 'L2', on: { GO: 'l3_work' }, sla: { due: '1h', on_breach: 'escalate' } },
        l3_work: { tier: 'L3', on: { GO: 'done' } },
        done: { final: true },
      };
      expect(breachOf(states, 'l2_work')).to.deep.equal({ kind: 'goto', target: 'l3_work', escalation: true });
    });

    it('tells the escalation manager at the top tier, and the team for on_breach: notify', () => {
      const states: Record<string, StateSpec> = {
        l3_work: { tier: 'L3', on: { GO: 'done' }, sla: { due: '1h' } },
        l2_work: { tier: 'L2', on: { GO: 'l3_work' }, sla: { due: '1h', on_breach: 'notify' } },
        done: { final: true },
      };
      expect(breachOf(states, 'l3_work')).to.deep.equal({ kind: 'notify', audience: 'escalation_manager' });
      expect(breachOf(states, 'l2_work')).to.deep.equal({ kind: 'notify', audience: 'team' });
    });

    it('goes to the named state, an escalation only when that state is a tier up', () => {
      const states: Record<string, StateSpec> = {
        up: { tier: 'L1', on: { GO: 'done' }, sla: { due: '1h', on_breach: { goto: 'l2_work' } } },
        same: { tier: 'L2', on: { GO: 'done' }, sla: { due: '1h', on_breach: { goto: 'l2_work' } } },
        down: { tier: 'L2', on: { GO: 'done' }, sla: { due: '1h', on_breach: { goto: 'up' } } },
        nowhere: { tier: 'L1', on: { GO: 'done' }, sla: { due: '1h', on_breach: { goto: 'missing' } } },
        l2_work: { tier: 'L2', on: { GO: 'done' } },
        done: { final: true },
      };
      expect(breachOf(states, 'up')).to.deep.equal({ kind: 'goto', target: 'l2_work', escalation: true });
      expect(breachOf(states, 'same')).to.deep.equal({ kind: 'goto', target: 'l2_work', escalation: false });
      expect(breachOf(states, 'down')).to.deep.equal({ kind: 'goto', target: 'up', escalation: false });
      expect(breachOf(states, 'nowhere')).to.deep.equal({ kind: 'goto', target: 'missing', escalation: false });
    });

    it('has no breach action when nothing leads a tier up, and none for a state without a due date', () => {
      const states: Record<string, StateSpec> = {
        l1_work: l1({ GO: 'done', ASK: { target: 'l2_work', when: { field: 'x', exists: true } } }, { sla: { due: '1h' } }),
        l2_work: { tier: 'L2', on: { GO: 'done' } },
        done: { final: true },
      };
      const definition = normalizeFlow(spec(states, { priorities: ['P1'] }), 'h');
      expect(definition.states.l1_work!.sla).to.deep.equal({ due: { P1: 60 }, warnAt: [75, 90] });
      expect(definition.states.l2_work!.sla).to.equal(undefined);
    });
  });
});

describe('flow definition parts', () => {
  it('tells the kinds of state apart, final first', () => {
    expect(stateKind({ final: true, waiting: true })).to.equal('final');
    expect(stateKind({ waiting: true })).to.equal('waiting');
    expect(stateKind({ waiting: false, final: false, tier: 'L1' })).to.equal('working');
  });

  it('expands a target to minutes per priority; a matrix gives only the priorities it names', () => {
    expect(targetMinutes('1h30m', ['P1', 'P2'])).to.deep.equal({ P1: 90, P2: 90 });
    expect(targetMinutes({ P1: '15m', P3: '1d' }, ['P1', 'P2', 'P3'])).to.deep.equal({ P1: 15, P3: 1440 });
  });

  it('expands the three spellings of a transition into a list, keeping only what is written', () => {
    expect(transitionList('done')).to.deep.equal([{ target: 'done', deescalate: false, actions: [] }]);
    const when = { field: 'x', equals: 1 };
    expect(transitionList({ target: 'a', when, deescalate: true, description: 'back', actions: [{ notify: 'team' }] })).to.deep.equal([
      { target: 'a', when, deescalate: true, description: 'back', actions: [{ notify: 'team' }] },
    ]);
    expect(transitionList([{ target: 'a', deescalate: false }, { target: 'b' }])).to.deep.equal([
      { target: 'a', deescalate: false, actions: [] },
      { target: 'b', deescalate: false, actions: [] },
    ]);
  });

  it('finds no escalation target without a tier or above the top tier', () => {
    const state = (tier: StateDefinition['tier']): StateDefinition => ({
      name: 's',
      title: 'S',
      kind: 'working',
      ...(tier ? { tier } : {}),
      entry: [],
      on: { GO: [{ target: 'next', deescalate: false, actions: [] }] },
      after: [],
    });
    const states: Record<string, StateDefinition> = { next: { ...state('L3'), name: 'next' } };
    expect(escalationTarget(state('L2'), states)).to.equal('next');
    expect(escalationTarget(state('L3'), states)).to.equal(undefined);
    expect(escalationTarget(state(undefined), states)).to.equal(undefined);
    expect(escalationTarget(state('L1'), states)).to.equal(undefined);
    // Without a tier there is no next tier, even towards another state without one.
    expect(escalationTarget(state(undefined), { next: { ...state(undefined), name: 'next' } })).to.equal(undefined);
  });

  it('humanizes a state name, writing only whole tier words in capitals', () => {
    expect(humanize('l2_identity_check')).to.equal('L2 identity check');
    expect(humanize('waiting_for_l3')).to.equal('Waiting for L3');
    expect(humanize('call_l12_or_xl1_or_l4')).to.equal('Call l12 or xl1 or l4');
    expect(humanize('done')).to.equal('Done');
  });
});
