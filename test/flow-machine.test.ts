import { expect } from 'chai';
import type { SnapshotFrom } from 'xstate';
import { initialTransition, transition } from 'xstate';
import type { FlowDefinition } from '../src/flow/definition';
import { loadFlowOrThrow, loadFlowText } from '../src/flow/load-flow';
import { compileMachine, SLA_BREACH_EVENT } from '../src/flow/machine';
import type { TicketMachine } from '../src/flow/machine';

type Action = { type: string; params?: unknown };

let compilations = 0;

/**
 * The flow with a hash no earlier test compiled. compileMachine shares one machine per flow
 * content across the process, so without it a test would drive the machine an earlier test (or
 * an earlier mutation run) built, and the compiler itself would go unchecked.
 */
function uncompiled(flow: FlowDefinition): FlowDefinition {
  compilations += 1;
  return { ...flow, hash: `${flow.hash}#${compilations}` };
}

/** A ticket driven through a compiled flow with XState's pure `transition()`, as the workflow does. */
class Ticket {
  readonly machine: TicketMachine;
  snapshot: SnapshotFrom<TicketMachine>;
  actions: Action[];

  constructor(readonly flow: FlowDefinition, priority = 'P2', fields: Record<string, unknown> = {}) {
    this.machine = compileMachine(uncompiled(flow));
    const [snapshot, actions] = initialTransition(this.machine, { priority, fields });
    this.snapshot = snapshot;
    this.actions = actions as Action[];
  }

  send(type: string, data?: Record<string, unknown>): this {
    const [snapshot, actions] = transition(this.machine, this.snapshot, { type, ...(data ? { data } : {}) } as never);
    this.snapshot = snapshot;
    this.actions = actions as Action[];
    return this;
  }

  get state(): string {
    return String(this.snapshot.value);
  }

  get fields(): Record<string, unknown> {
    return this.snapshot.context.fields;
  }

  /** The host-executed actions of the last step, as `type(params)` for readable assertions. */
  get named(): Array<{ type: string; params: unknown }> {
    return this.actions.filter((action) => action.type === 'notify' || action.type === 'assign').map(({ type, params }) => ({ type, params }));
  }

  /** The delayed event XState scheduled for an `after:` timeout, if any. */
  get scheduled(): { event: string; delay: number } | undefined {
    const raise = this.actions.find((action) => action.type === 'xstate.raise');
    const params = raise?.params as { event: { type: string }; delay: number } | undefined;
    return params ? { event: params.event.type, delay: params.delay } : undefined;
  }
}

const flow = (id: string): FlowDefinition => loadFlowOrThrow(`flows/${id}.yaml`);

describe('compiled flow machines', () => {
  describe('guarded transitions', () => {
    it('takes the first transition whose condition holds, reading the event payload', () => {
      const verified = new Ticket(flow('password-reset')).send('ACCEPT').send('IDENTITY_CHECKED', { verified: true, method: 'callback' });
      expect(verified.state).to.equal('l1_reset_password');
      const unverified = new Ticket(flow('password-reset')).send('ACCEPT').send('IDENTITY_CHECKED', { verified: false });
      expect(unverified.state).to.equal('l1_waiting_for_customer');
    });

    it('combines any/all/not and numeric comparisons', () => {
      const classify = (data: Record<string, unknown>): string => new Ticket(flow('it-desk-incident')).send('ACCEPT').send('CLASSIFIED', data).state;
      expect(classify({ category: 'workplace', affected_users: 1 })).to.equal('l1_solve');
      expect(classify({ category: 'workplace', affected_users: 20 })).to.equal('l2_specialists');
      expect(classify({ category: 'network', affected_users: 1 })).to.equal('l2_specialists');
    });

    it('reads ticket fields that earlier events recorded or actions set', () => {
      const bankAccount = { change_type: 'bank_account', identity_verified: true };
      const withoutMandate = new Ticket(flow('master-data-change')).send('ACCEPT').send('CHANGE_RECORDED', bankAccount);
      expect(withoutMandate.state).to.equal('l1_waiting_for_mandate');
      withoutMandate.send('MANDATE_RECEIVED');
      expect(withoutMandate.state).to.equal('l2_billing_back_office');
      expect(withoutMandate.fields.sepa_mandate_signed).to.equal(true);

      const withMandate = new Ticket(flow('master-data-change'), 'P2', { sepa_mandate_signed: true }).send('ACCEPT').send('CHANGE_RECORDED', bankAccount);
      expect(withMandate.state).to.equal('l2_billing_back_office');
    });

    it('ignores an event no transition of the current state accepts', () => {
      const ticket = new Ticket(flow('password-reset')).send('RESOLVE', { resolution: 'too early' });
      expect(ticket.state).to.equal('new');
      expect(ticket.fields).to.deep.equal({});
    });
  });

  describe('ticket fields', () => {
    it('records the payload of an accepted event as ticket fields (recordEventData)', () => {
      const ticket = new Ticket(flow('password-reset')).send('ACCEPT').send('IDENTITY_CHECKED', { verified: true, method: 'callback' });
      expect(ticket.fields).to.deep.equal({ verified: true, method: 'callback' });
      ticket.send('RESOLVE', { resolution: 'Reset link sent and used' });
      expect(ticket.state).to.equal('resolved');
      expect(ticket.fields.resolution).to.equal('Reset link sent and used');
      expect(ticket.snapshot.status).to.equal('done');
    });

    it('sets a field with a set action on the transition (setField)', () => {
      const ticket = new Ticket(flow('password-reset'))
        .send('ACCEPT')
        .send('IDENTITY_CHECKED', { verified: true })
        .send('RESET_LINK_SENT')
        .send('CONFIRMED');
      expect(ticket.state).to.equal('resolved');
      expect(ticket.fields.resolution).to.equal('Password reset with the emailed link');
    });

    it('keeps the fields a ticket started with', () => {
      const ticket = new Ticket(flow('password-reset'), 'P1', { channel: 'phone' }).send('ACCEPT');
      expect(ticket.fields).to.deep.equal({ channel: 'phone' });
      expect(ticket.snapshot.context.priority).to.equal('P1');
    });
  });

  describe('entry actions', () => {
    it('hands notify and assign to the host with their parameters', () => {
      const ticket = new Ticket(flow('password-reset'));
      expect(ticket.named).to.deep.equal([
        { type: 'notify', params: { audience: 'customer', template: 'received' } },
        { type: 'assign', params: { tier: 'L1' } },
      ]);
      ticket.send('ESCALATE', { reason: 'account locked' });
      expect(ticket.named).to.deep.equal([
        { type: 'assign', params: { tier: 'L2', skill: 'portal_accounts' } },
        { type: 'notify', params: { audience: 'customer', template: 'escalated' } },
      ]);
    });
  });

  describe('after: timeouts', () => {
    it('schedules the timeout on entry and takes it when it fires', () => {
      const ticket = new Ticket(flow('password-reset')).send('ACCEPT').send('ASK_CUSTOMER', { question: 'Customer number?' });
      expect(ticket.state).to.equal('l1_waiting_for_customer');
      const timer = ticket.scheduled!;
      expect(timer.delay).to.equal(5 * 24 * 60 * 60 * 1000);
      ticket.send(timer.event);
      expect(ticket.state).to.equal('closed_without_reply');
    });

    it('cancels the timeout when the state is left first', () => {
      const ticket = new Ticket(flow('password-reset')).send('ACCEPT').send('ASK_CUSTOMER', { question: '?' });
      const timer = ticket.scheduled!;
      ticket.send('CUSTOMER_REPLIED', { message: 'here it is' });
      expect(ticket.state).to.equal('l1_identity_check');
      expect(ticket.actions.map((action) => action.type)).to.include('xstate.cancel');
      ticket.send(timer.event);
      expect(ticket.state).to.equal('l1_identity_check');
    });

    it('can guard a timeout on ticket fields', () => {
      const result = loadFlowText(
        `
id: guarded-timeout
version: 1
title: Guarded timeout
sla: { resolution: 1d }
fields:
  vip: { type: boolean }
events:
  ASK_CUSTOMER:
  CUSTOMER_REPLIED:
  RESOLVE:
  ESCALATE:
states:
  l1_work:
    tier: L1
    on: { ASK_CUSTOMER: waiting, RESOLVE: done, ESCALATE: l2_work }
  waiting:
    waiting: true
    on: { CUSTOMER_REPLIED: l1_work }
    after:
      2d: { target: done, when: { not: { field: vip, equals: true } } }
  l2_work:
    tier: L2
    on: { RESOLVE: done, ESCALATE: l3_work }
  l3_work:
    tier: L3
    on: { RESOLVE: done }
  done: { final: true }
`,
        'guarded-timeout.yaml',
      );
      if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('\n'));
      const regular = new Ticket(result.definition).send('ASK_CUSTOMER');
      regular.send(regular.scheduled!.event);
      expect(regular.state).to.equal('done');
      const vip = new Ticket(result.definition, 'P1', { vip: true }).send('ASK_CUSTOMER');
      vip.send(vip.scheduled!.event);
      expect(vip.state).to.equal('waiting');
    });
  });

  describe(`SLA breach (${SLA_BREACH_EVENT})`, () => {
    it('escalates an L1 state to the next tier along its unguarded transition', () => {
      const ticket = new Ticket(flow('password-reset')).send('ACCEPT').send(SLA_BREACH_EVENT);
      expect(ticket.state).to.equal('l2_account_analysis');
      expect(ticket.named[0]).to.deep.equal({ type: 'assign', params: { tier: 'L2', skill: 'portal_accounts' } });
    });

    it('escalates L2 to L3', () => {
      const ticket = new Ticket(flow('website-unreachable')).send('ACCEPT').send('AVAILABILITY_CHECKED', { server_online: false });
      expect(ticket.state).to.equal('l2_diagnosis');
      ticket.send(SLA_BREACH_EVENT);
      expect(ticket.state).to.equal('l3_hosting_provider');
    });

    it('tells the escalation manager at L3, where there is no tier above, and stays', () => {
      const ticket = new Ticket(flow('password-reset')).send('ESCALATE', { reason: 'locked' }).send('ESCALATE', { reason: 'portal bug' });
      expect(ticket.state).to.equal('l3_portal_provider');
      ticket.send(SLA_BREACH_EVENT);
      expect(ticket.state).to.equal('l3_portal_provider');
      expect(ticket.named).to.deep.equal([{ type: 'notify', params: { audience: 'escalation_manager', template: 'sla_breached' } }]);
    });

    it('only notifies the team when the state says on_breach: notify', () => {
      const ticket = new Ticket(flow('portal-registration')).send('ESCALATE', { reason: 'x' }).send('ESCALATE', { reason: 'y' });
      expect(ticket.state).to.equal('l3_portal_provider');
      ticket.send(SLA_BREACH_EVENT);
      expect(ticket.named).to.deep.equal([{ type: 'notify', params: { audience: 'team', template: 'sla_breached' } }]);
    });

    it('moves to the named state for on_breach: { goto }', () => {
      const result = loadFlowText(
        `
id: breach-goto
version: 1
title: Breach goto
events:
  RESOLVE:
  ESCALATE:
states:
  l1_work:
    tier: L1
    sla: { due: 1h, on_breach: { goto: l1_supervisor } }
    on: { RESOLVE: done, ESCALATE: l2_work }
  l1_supervisor:
    tier: L1
    sla: { due: 1h }
    on: { RESOLVE: done, ESCALATE: l2_work }
  l2_work:
    tier: L2
    sla: { due: 1d }
    on: { RESOLVE: done, ESCALATE: l3_work }
  l3_work:
    tier: L3
    sla: { due: 2d }
    on: { RESOLVE: done }
  done: { final: true }
`,
        'breach-goto.yaml',
      );
      if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('\n'));
      expect(new Ticket(result.definition).send(SLA_BREACH_EVENT).state).to.equal('l1_supervisor');
    });

    it('ignores a breach in a waiting state, whose clocks are paused', () => {
      const ticket = new Ticket(flow('password-reset')).send('ACCEPT').send('ASK_CUSTOMER', { question: '?' }).send(SLA_BREACH_EVENT);
      expect(ticket.state).to.equal('l1_waiting_for_customer');
    });
  });

  describe('de-escalation', () => {
    it('hands a ticket back down when the flow allows it', () => {
      const ticket = new Ticket(flow('password-reset')).send('ESCALATE', { reason: 'locked' }).send('HAND_BACK', { note: 'lock lifted' });
      expect(ticket.state).to.equal('l1_reset_password');
    });
  });
});

/** A small flow written for the compiler's own parts: meta, descriptions, final states, actions. */
const compilerFlow = (): FlowDefinition => {
  const result = loadFlowText(
    `
id: compiler-parts
version: 1
title: Compiler parts
sla: { resolution: 1d }
events:
  GO:
    fields:
      code: { type: text }
  NOTE:
  ESCALATE:
states:
  l1_work:
    title: Work
    description: Work on it
    tier: L1
    entry: [{ notify: team }, { assign: L1, skill: network }]
    on:
      GO:
        - { target: l2_work, when: { event: code, equals: up }, description: code says up }
        - { target: done, actions: [{ set: { field: outcome, value: 7 } }, { notify: customer, template: resolved }] }
      NOTE: { target: l1_work, actions: [{ assign: L1 }] }
      ESCALATE: l2_work
  l2_work:
    tier: L2
    on: { GO: done, ESCALATE: l3_work }
  l3_work:
    tier: L3
    on: { GO: done }
  done: { final: true }
`,
    'compiler-parts.yaml',
  );
  if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('\n'));
  return result.definition;
};

describe('the flow compiler', () => {
  it('compiles one flow content once, whatever object carries it', () => {
    const flow = uncompiled(compilerFlow());
    const machine = compileMachine(flow);
    expect(compileMachine(flow)).to.equal(machine);
    expect(compileMachine(JSON.parse(JSON.stringify(flow)) as FlowDefinition)).to.equal(machine);
    expect(compileMachine({ ...flow, title: 'Another title' })).to.not.equal(machine);
  });

  it('keeps the machines of the last 256 flow contents it compiled, and no more', () => {
    const base = compilerFlow();
    const fill = (count: number): void => {
      for (let index = 0; index < count; index += 1) compileMachine(uncompiled(base));
    };
    fill(256); // Now the cache holds only machines of this test, whatever ran before.
    const flow = uncompiled(base);
    const machine = compileMachine(flow);
    fill(255);
    expect(compileMachine(structuredClone(flow)), 'the 256th newest is kept').to.equal(machine);
    fill(1);
    expect(compileMachine(structuredClone(flow)), 'the 257th newest is compiled again').to.not.equal(machine);
  });

  it('gives every state its kind, title and tier as meta, and its description', () => {
    const machine = compileMachine(uncompiled(compilerFlow()));
    const { l1_work: work, done } = machine.root.states;
    expect(work!.meta).to.deep.equal({ kind: 'working', title: 'Work', tier: 'L1' });
    expect(work!.description).to.equal('Work on it');
    expect(work!.type).to.equal('atomic');
    expect(done!.meta).to.deep.equal({ kind: 'final', title: 'Done' });
    expect(done!.description).to.equal(undefined);
    expect(done!.type).to.equal('final');
    expect(machine.id).to.equal('compiler-parts');
  });

  it('keeps a transition description, and has no timeouts where the flow has none', () => {
    const machine = compileMachine(uncompiled(compilerFlow()));
    const [guarded, fallback] = machine.root.states.l1_work!.transitions.get('GO')!;
    expect(guarded!.description).to.equal('code says up');
    expect(fallback!.description).to.equal(undefined);
    expect(machine.root.states.l1_work!.after).to.deep.equal([]);
  });

  it('hands entry and transition actions to the host with only the parameters written', () => {
    const ticket = new Ticket(compilerFlow());
    expect(ticket.named).to.deep.equal([
      { type: 'notify', params: { audience: 'team' } },
      { type: 'assign', params: { tier: 'L1', skill: 'network' } },
    ]);
    // A transition to the state it leaves does not enter it again (XState v5), so no entry actions.
    ticket.send('NOTE');
    expect(ticket.named).to.deep.equal([{ type: 'assign', params: { tier: 'L1' } }]);
    ticket.send('GO', { code: 'down' });
    expect(ticket.state).to.equal('done');
    expect(ticket.named).to.deep.equal([{ type: 'notify', params: { audience: 'customer', template: 'resolved' } }]);
    expect({ ...ticket.fields }).to.deep.equal({ code: 'down', outcome: 7 });
  });

  it('reads an event condition on an event without a payload as unmet, and records nothing for it', () => {
    const ticket = new Ticket(compilerFlow(), 'P1', { seen: true }).send('GO');
    expect(ticket.state).to.equal('done');
    expect({ ...ticket.fields }).to.deep.equal({ seen: true, outcome: 7 });
    const up = new Ticket(compilerFlow()).send('GO', { code: 'up' });
    expect(up.state).to.equal('l2_work');
    expect({ ...up.fields }).to.deep.equal({ code: 'up' });
  });

  it('keeps a ticket field that an empty payload would not change', () => {
    const ticket = new Ticket(compilerFlow(), 'P1', { code: 'kept' }).send('ESCALATE', {});
    expect(ticket.state).to.equal('l2_work');
    expect({ ...ticket.fields }).to.deep.equal({ code: 'kept' });
  });
});
