import { expect } from 'chai';
import { evaluateCondition, readPath } from '../src/flow/condition';
import type { FlowDefinition } from '../src/flow/definition';
import type { Condition } from '../src/flow/schema';
import { coerceFieldValue, fieldTypeProblem, payloadProblems, ticketFieldProblems } from '../src/ticket/payload';
import { ESCALATION_FLOW, flowFromYaml } from './helpers/flow-fixtures';

/*
 * The condition language and the payload rules, operator by operator and at their edges: the
 * tests the mutation run (`npm run mutation`) showed missing among the fast unit tests.
 */
const holds = (condition: Condition, fields: Record<string, unknown>, event: Record<string, unknown> = {}): boolean => evaluateCondition(condition, { fields, event });

describe('conditions, operator by operator', () => {
  it('compares numbers as numbers, at and around each limit', () => {
    const users = (value: unknown) => ({ affected: value });
    expect([19, 20, 21].map((n) => holds({ field: 'affected', gt: 20 }, users(n)))).to.deep.equal([false, false, true]);
    expect([19, 20, 21].map((n) => holds({ field: 'affected', gte: 20 }, users(n)))).to.deep.equal([false, true, true]);
    expect([19, 20, 21].map((n) => holds({ field: 'affected', lt: 20 }, users(n)))).to.deep.equal([true, false, false]);
    expect([19, 20, 21].map((n) => holds({ field: 'affected', lte: 20 }, users(n)))).to.deep.equal([true, true, false]);
    expect(holds({ field: 'affected', gt: 20 }, users('25')), 'a numeric text compares as its number').to.equal(true);
    expect(holds({ field: 'affected', gte: 0 }, users('many')), 'text that is no number never compares').to.equal(false);
    expect(holds({ field: 'affected', lte: 0 }, users('many'))).to.equal(false);
  });

  it('compares text and ISO dates as strings', () => {
    expect(holds({ field: 'due', lt: '2026-03-01' }, { due: '2026-02-28' })).to.equal(true);
    expect(holds({ field: 'due', lt: '2026-03-01' }, { due: '2026-03-01' })).to.equal(false);
    expect(holds({ field: 'due', gt: '2026-03-01' }, { due: '2026-03-02' })).to.equal(true);
    expect(holds({ field: 'due', gte: '2026-03-01' }, { due: '2026-03-01' })).to.equal(true);
    expect(holds({ field: 'due', lte: '2026-03-01' }, { due: '2026-03-02' })).to.equal(false);
  });

  it('never orders a missing value, and tells existence, equality and membership apart', () => {
    expect(holds({ field: 'x', gt: 0 }, {})).to.equal(false);
    expect(holds({ field: 'x', lt: 0 }, { x: null })).to.equal(false);
    expect(holds({ field: 'x', exists: true }, { x: 0 })).to.equal(true);
    expect(holds({ field: 'x', exists: true }, { x: null })).to.equal(false);
    expect(holds({ field: 'x', exists: false }, {})).to.equal(true);
    expect(holds({ field: 'x', equals: 1 }, { x: '1' }), 'no type coercion').to.equal(false);
    expect(holds({ field: 'x', not_equals: 1 }, { x: 2 })).to.equal(true);
    expect(holds({ field: 'x', not_equals: 1 }, { x: 1 })).to.equal(false);
    expect(holds({ field: 'x', in: ['a', 'b'] }, { x: 'b' })).to.equal(true);
    expect(holds({ field: 'x', in: ['a', 'b'] }, { x: 'c' })).to.equal(false);
    expect(holds({ field: 'x', not_in: ['a', 'b'] }, { x: 'c' })).to.equal(true);
    expect(holds({ field: 'x', not_in: ['a', 'b'] }, { x: 'a' })).to.equal(false);
    expect(holds({ event: 'ok', equals: true }, {}, { ok: true }), 'event: reads the payload').to.equal(true);
    expect(holds({ event: 'ok', equals: true }, { ok: true }, {}), 'not the fields').to.equal(false);
  });

  it('never orders a missing or null value, even where its text or number would pass', () => {
    // Number(null) is 0 and String(undefined) is 'undefined': both would pass these limits.
    expect(holds({ field: 'x', gt: -1 }, { x: null })).to.equal(false);
    expect(holds({ field: 'x', gte: 'a' }, {})).to.equal(false);
    expect(holds({ field: 'x', lte: 'zzz' }, { x: null })).to.equal(false);
  });

  it('orders equal texts as equal', () => {
    expect(holds({ field: 'd', gte: '2026-01-01' }, { d: '2026-01-01' })).to.equal(true);
    expect(holds({ field: 'd', lte: '2026-01-01' }, { d: '2026-01-01' })).to.equal(true);
    expect(holds({ field: 'd', gt: '2026-01-01' }, { d: '2026-01-01' })).to.equal(false);
  });

  it('combines with all, any and not', () => {
    const a: Condition = { field: 'a', equals: 1 };
    const b: Condition = { field: 'b', equals: 1 };
    expect([holds({ all: [a, b] }, { a: 1, b: 1 }), holds({ all: [a, b] }, { a: 1, b: 0 })]).to.deep.equal([true, false]);
    expect([holds({ any: [a, b] }, { a: 0, b: 1 }), holds({ any: [a, b] }, { a: 0, b: 0 })]).to.deep.equal([true, false]);
    expect([holds({ not: a }, { a: 1 }), holds({ not: a }, { a: 2 })]).to.deep.equal([false, true]);
  });

  it('reads dotted paths: a flat key first, then nested own properties only', () => {
    expect(readPath({ 'identity.verified': true, identity: { verified: false } }, 'identity.verified')).to.equal(true);
    expect(readPath({ identity: { verified: false } }, 'identity.verified')).to.equal(false);
    expect(readPath({ identity: 'text' }, 'identity.verified')).to.equal(undefined);
    expect(readPath({ identity: null }, 'identity.verified')).to.equal(undefined);
    expect(readPath({}, 'constructor')).to.equal(undefined);
    expect(readPath({ a: {} }, 'a.toString')).to.equal(undefined);
  });
});

describe('event payloads', () => {
  // Flows are built per test, not while mocha loads the file (see test/helpers/per-test.ts).
  let flow: FlowDefinition;
  beforeEach(() => {
    flow = flowFromYaml(ESCALATION_FLOW);
  });

  it('names every problem of a payload in words', () => {
    expect(payloadProblems(flow, 'ESCALATE', { reason: 'x' })).to.deep.equal([]);
    expect(payloadProblems(flow, 'ESCALATE', {})).to.deep.equal(["field 'reason' is required for ESCALATE"]);
    expect(payloadProblems(flow, 'ESCALATE', { reason: '' })).to.deep.equal(["field 'reason' is required for ESCALATE"]);
    expect(payloadProblems(flow, 'ESCALATE', { reason: 7 })).to.deep.equal(["field 'reason' must be text, got 7"]);
    expect(payloadProblems(flow, 'ESCALATE', { reason: 'x', why: 'y' })).to.deep.equal(["field 'why' is not declared for ESCALATE (declared: reason)"]);
    expect(payloadProblems(flow, 'ACCEPT', { why: 'y' })).to.deep.equal(["field 'why' is not declared for ACCEPT (it takes no fields)"]);
    expect(payloadProblems(flow, 'NOPE', {})).to.deep.equal(["event 'NOPE' is not declared by flow 'escalation-test'"]);
  });

  it('checks each field type', () => {
    expect(fieldTypeProblem({ type: 'number' }, 3)).to.equal(undefined);
    expect(fieldTypeProblem({ type: 'number' }, Number.NaN)).to.equal('must be a number, got null');
    expect(fieldTypeProblem({ type: 'number' }, '3')).to.equal("must be a number, got '3'");
    expect(fieldTypeProblem({ type: 'boolean' }, false)).to.equal(undefined);
    expect(fieldTypeProblem({ type: 'boolean' }, 'false')).to.equal("must be true or false, got 'false'");
    expect(fieldTypeProblem({ type: 'date' }, '2026-11-22')).to.equal(undefined);
    expect(fieldTypeProblem({ type: 'date' }, '2026-11-22T10:00:00Z')).to.equal(undefined);
    expect(fieldTypeProblem({ type: 'date' }, '22.11.2026')).to.equal("must be an ISO date such as 2026-11-22, got '22.11.2026'");
    expect(fieldTypeProblem({ type: 'email' }, 'a@b.example')).to.equal(undefined);
    expect(fieldTypeProblem({ type: 'email' }, 'a@b')).to.equal("must be an e-mail address, got 'a@b'");
    expect(fieldTypeProblem({ type: 'choice', choices: ['a', 2] }, 2)).to.equal(undefined);
    expect(fieldTypeProblem({ type: 'choice', choices: ['a', 2] }, '2')).to.equal("must be one of a, 2, got '2'");
    expect(fieldTypeProblem({ type: 'text' }, { a: 1 })).to.equal('must be text, got {"a":1}');
  });

  it('reads command-line values with the declared field type', () => {
    expect(coerceFieldValue({ type: 'number' }, '42')).to.equal(42);
    expect(coerceFieldValue({ type: 'boolean' }, 'true')).to.equal(true);
    expect(coerceFieldValue({ type: 'boolean' }, 'false')).to.equal(false);
    expect(coerceFieldValue({ type: 'boolean' }, 'yes')).to.equal('yes');
    expect(coerceFieldValue({ type: 'choice', choices: [1, 2] }, '2')).to.equal(2);
    expect(coerceFieldValue({ type: 'choice', choices: [1, 2] }, '3')).to.equal('3');
    expect(coerceFieldValue({ type: 'choice', choices: ['a'] }, 'a')).to.equal('a');
    expect(coerceFieldValue(undefined, '7')).to.equal('7');
  });
});

describe('payload rules at their edges', () => {
  let flow: FlowDefinition;
  beforeEach(() => {
    flow = flowFromYaml(`
id: payload-edges
version: 1
title: Payload edges
calendar: 24x7
fields:
  count: { type: number }
  due: { type: date }
events:
  NOTE:
    fields:
      comment: { type: text }
      size: { type: number, required: true }
  ACCEPT: {}
states:
  open: { on: { NOTE: open, ACCEPT: done } }
  done: { final: true }
`);
  });

  it('treats null like a missing value: required fields are named, optional ones pass', () => {
    expect(payloadProblems(flow, 'NOTE', { size: null })).to.deep.equal(["field 'size' is required for NOTE"]);
    expect(payloadProblems(flow, 'NOTE', { size: 1, comment: null })).to.deep.equal([]);
    expect(payloadProblems(flow, 'NOTE', { size: 1, comment: '' })).to.deep.equal([]);
    expect(payloadProblems(flow, 'NOTE', undefined)).to.deep.equal(["field 'size' is required for NOTE"]);
    expect(payloadProblems(flow, 'ACCEPT', undefined)).to.deep.equal([]);
  });

  it('names every problem of one payload, undeclared keys first, in declaration order', () => {
    expect(payloadProblems(flow, 'NOTE', { extra: 1, comment: 2, other: 'x' })).to.deep.equal([
      "field 'extra' is not declared for NOTE (declared: comment, size)",
      "field 'other' is not declared for NOTE (declared: comment, size)",
      "field 'comment' must be text, got 2",
      "field 'size' is required for NOTE",
    ]);
  });

  it('reads only own keys: names every object has are neither events nor declared fields', () => {
    expect(payloadProblems(flow, 'constructor', {})).to.deep.equal(["event 'constructor' is not declared by flow 'payload-edges'"]);
    expect(payloadProblems(flow, 'toString', {})).to.deep.equal(["event 'toString' is not declared by flow 'payload-edges'"]);
    // An inherited `size` is not a given `size`.
    const inherited = Object.create({ size: 3 }) as Record<string, unknown>;
    expect(payloadProblems(flow, 'NOTE', inherited)).to.deep.equal(["field 'size' is required for NOTE"]);
    const fields = JSON.parse('{"size": 1, "constructor": 1}') as Record<string, unknown>;
    expect(payloadProblems(flow, 'NOTE', fields)).to.deep.equal(["field 'constructor' is not declared for NOTE (declared: comment, size)"]);
  });

  it('checks the fields a ticket opens with: reserved names refused, declared ones typed, the rest passed on', () => {
    expect(ticketFieldProblems(flow, { count: 2, due: '2026-01-31', language: 'de' })).to.deep.equal([]);
    expect(ticketFieldProblems(flow, { count: 'two', due: 'soon', language: 3 })).to.deep.equal([
      "ticket field 'count' must be a number, got 'two'",
      "ticket field 'due' must be an ISO date such as 2026-11-22, got 'soon'",
    ]);
    const reserved = JSON.parse('{"constructor": 1, "count": 1}') as Record<string, unknown>;
    const problems = ticketFieldProblems(flow, reserved);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^ticket field 'constructor' is not allowed \(.+\)$/);
    // `toString` is no reserved name and not declared: it is the caller's own data.
    expect(ticketFieldProblems(flow, { toString: 'x' })).to.deep.equal([]);
  });

  it('takes whole dates and e-mail addresses only, not text that contains one', () => {
    expect(fieldTypeProblem({ type: 'date' }, '2026-11-22T10:00+01:00')).to.equal(undefined);
    expect(fieldTypeProblem({ type: 'date' }, '2026-11-22T10:00:00.5-05:30')).to.equal(undefined);
    expect(fieldTypeProblem({ type: 'date' }, '2026-11-22T10:00:00')).to.equal(undefined);
    for (const bad of ['x2026-11-22', '2026-11-22x', '2026-11-2', '26-11-22', '2026-11-22T', '2026-11-22T10:00+0100', '2026-11-22T10:00Zx']) {
      expect(fieldTypeProblem({ type: 'date' }, bad), bad).to.equal(`must be an ISO date such as 2026-11-22, got '${bad}'`);
    }
    expect(fieldTypeProblem({ type: 'date' }, 20261122)).to.equal('must be an ISO date such as 2026-11-22, got 20261122');
    for (const bad of ['a b@c.de', 'a@b c.de', 'a@@b.de', '@b.de', 'a@.de', 'a@b.', 'xa@b.de y', 'a@b.de\n']) {
      expect(fieldTypeProblem({ type: 'email' }, bad), bad).to.equal(`must be an e-mail address, got '${bad}'`);
    }
    expect(fieldTypeProblem({ type: 'email' }, 7)).to.equal('must be an e-mail address, got 7');
    // Longer parts before and after the @ are addresses too.
    expect(fieldTypeProblem({ type: 'email' }, 'first.last@mail.example.org')).to.equal(undefined);
    // A list holding one is no text, although its text would match.
    expect(fieldTypeProblem({ type: 'date' }, ['2026-11-22'])).to.equal('must be an ISO date such as 2026-11-22, got ["2026-11-22"]');
    expect(fieldTypeProblem({ type: 'email' }, ['a@b.de'])).to.equal('must be an e-mail address, got ["a@b.de"]');
  });

  it('describes any value it refuses, and refuses infinite numbers and choices without a list', () => {
    expect(fieldTypeProblem({ type: 'number' }, Number.POSITIVE_INFINITY)).to.equal('must be a number, got null');
    expect(fieldTypeProblem({ type: 'number' }, undefined)).to.equal('must be a number, got undefined');
    expect(fieldTypeProblem({ type: 'boolean' }, [true])).to.equal('must be true or false, got [true]');
    expect(fieldTypeProblem({ type: 'text' }, true)).to.equal('must be text, got true');
    expect(fieldTypeProblem({ type: 'choice' }, 'a')).to.equal("must be one of , got 'a'");
    expect(fieldTypeProblem({ type: 'choice', choices: ['a', 'b'] }, 'b')).to.equal(undefined);
  });

  it('coerces command-line text only to what the field declares', () => {
    expect(coerceFieldValue({ type: 'text' }, '42')).to.equal('42');
    expect(coerceFieldValue({ type: 'text' }, 'true')).to.equal('true');
    expect(coerceFieldValue({ type: 'choice', choices: ['1', 2] }, '1')).to.equal('1');
    expect(coerceFieldValue({ type: 'choice', choices: ['a', 'b'] }, 'b')).to.equal('b');
    expect(coerceFieldValue({ type: 'choice' }, '2')).to.equal('2');
    // One number among the choices is enough for a number to be read as one.
    expect(coerceFieldValue({ type: 'choice', choices: ['a', 1] }, '1')).to.equal(1);
    expect(coerceFieldValue({ type: 'choice', choices: ['a', 1] }, 'a')).to.equal('a');
    expect(Number.isNaN(coerceFieldValue({ type: 'number' }, 'x'))).to.equal(true);
  });
});
