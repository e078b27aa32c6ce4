import { expect } from 'chai';
import { lintLines } from './helpers/lint-lines';

/*
 * A misspelt name gets "did you mean"; a name close to nothing gets a hint that lists what
 * there is instead (the bad-input corpus only misspells). Positions are 1-based line:column.
 */

/** Lines 1-5 of every flow below; line 6 is `states:`. */
const HEAD = `id: h
version: 1
title: H
sla: { resolution: 1d }
events: { GO: {}, WAIT: {}, REPLIED: {} }
`;

describe('lint hints for names close to nothing', () => {
  it('lists the states of the flow for an unknown target', () => {
    const text = `${HEAD}states:
  start:
    tier: L1
    on: { GO: elsewhere, WAIT: done, REPLIED: done }
  done: { final: true }
`;
    expect(lintLines(text)).to.deep.equal(["f.yaml:9:15: unknown state 'elsewhere' (states of this flow: start, done)"]);
  });

  it('lists the states of the flow for an unknown initial state', () => {
    const text = `${HEAD}initial: elsewhere
states:
  start:
    tier: L1
    on: { GO: done, WAIT: done, REPLIED: done }
  done: { final: true }
`;
    expect(lintLines(text)).to.deep.equal(["f.yaml:6:10: unknown initial state 'elsewhere' (states of this flow: start, done)"]);
  });

  it('says that a flow without states needs some', () => {
    expect(lintLines(`${HEAD}states: {}\n`)).to.deep.equal([
      "f.yaml:5:11: warning: event 'GO' is declared but no state handles it (handle it in some state’s on:, or remove it)",
      "f.yaml:5:19: warning: event 'WAIT' is declared but no state handles it (handle it in some state’s on:, or remove it)",
      "f.yaml:5:29: warning: event 'REPLIED' is declared but no state handles it (handle it in some state’s on:, or remove it)",
      'f.yaml:6:9: the flow has no states (a flow needs at least a working state and a final state)',
    ]);
  });

  it('lists the events a state handles, or none, for a customer reply event it does not accept', () => {
    const text = `${HEAD}states:
  start:
    tier: L1
    on: { GO: done, WAIT: pause }
    on_customer_reply: REPLIED
  pause:
    waiting: true
    on_customer_reply: REPLIED
    after: { 1d: done }
  done: { final: true }
`;
    expect(lintLines(text)).to.deep.equal([
      "f.yaml:5:29: warning: event 'REPLIED' is declared but no state handles it (handle it in some state’s on:, or remove it)",
      "f.yaml:10:24: state 'start' does not accept 'REPLIED', the event its customer replies send (add 'REPLIED' to the state's on:, or name one it handles (GO, WAIT))",
      "f.yaml:13:24: state 'pause' does not accept 'REPLIED', the event its customer replies send (add 'REPLIED' to the state's on:, or name one it handles (none))",
    ]);
  });

  describe('an unknown calendar', () => {
    const text = `${HEAD}calendar: weekdays
states:
  start:
    tier: L1
    on: { GO: done, WAIT: done, REPLIED: done }
  done: { final: true }
`;

    it('lists the known calendars in name order', () => {
      expect(lintLines(text, { calendars: new Set(['night-shift', 'follow-the-sun', '24x7']) })).to.deep.equal([
        "f.yaml:6:11: unknown calendar 'weekdays' (known calendars: 24x7, follow-the-sun, night-shift)",
      ]);
    });

    it('says where calendars are defined when there are none', () => {
      expect(lintLines(text, { calendars: new Set() })).to.deep.equal([
        "f.yaml:6:11: unknown calendar 'weekdays' (define it in flows/calendars.yaml)",
      ]);
    });
  });

  it('says where to declare a field or a payload field that a condition reads', () => {
    const text = `id: h
version: 1
title: H
sla: { resolution: 1d }
events: { GO: { fields: { size: { type: number } } } }
states:
  start:
    tier: L1
    on:
      GO:
        - { target: done, when: { field: colour, equals: red } }
        - { target: done, when: { event: colour, equals: red } }
        - { target: done }
  done: { final: true }
`;
    expect(lintLines(text)).to.deep.equal([
      "f.yaml:11:42: unknown field 'colour' (declare it under fields:, or set it with a set: action)",
      "f.yaml:12:42: event GO has no payload field 'colour' (declare it under events.GO.fields)",
    ]);
  });
});
