import { expect } from 'chai';
import { evaluateCondition, readPath } from '../src/flow/condition';
import type { Condition } from '../src/flow/schema';
import { coerceFieldValue, fieldTypeProblem, payloadProblems } from '../src/ticket/payload';
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
  const flow = flowFromYaml(ESCALATION_FLOW);

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
