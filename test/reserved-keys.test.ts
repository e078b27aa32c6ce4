import { expect } from 'chai';
import { parseConfig } from '../src/config';
import { loadFlowOrThrow, loadFlowText } from '../src/flow/load-flow';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { formatProblem } from '../src/source/problem';
import { plainFields } from '../src/source/reserved-keys';
import { TicketEngine } from '../src/ticket/engine';
import { ticketFieldProblems } from '../src/ticket/payload';
import { TicketClient } from '../src/client/ticket-client';
import { SopflowError } from '../src/errors/sopflow-error';
import { catalogOf } from '../src/runtime/flow-catalog';
import type { FlowDefinition } from '../src/flow/definition';
import type { TicketInfo } from '../src/ticket/types';
import { perTest } from './helpers/per-test';

// Loaded per test, not while mocha loads the file (see test/helpers/per-test.ts).
const itDeskFlow = perTest((): FlowDefinition => loadFlowOrThrow('flows/it-desk-incident.yaml'));
const NOW = Date.UTC(2026, 10, 23, 9, 0);

function ticket(fields: Record<string, unknown> = {}): TicketInfo {
  return { number: 'T-1', customer: { id: 'c-1' }, channel: 'phone', subject: 'Printer', priority: 'P3', topic: 'it-desk-incident', fields };
}

/** A ticket of the IT desk flow in `l1_classify`, where CLASSIFIED is accepted and RESOLVE is not. */
function classifying(): TicketEngine {
  const { engine } = TicketEngine.open(itDeskFlow(), CALENDAR_24X7, ticket(), NOW);
  engine.send({ type: 'ACCEPT' }, NOW + 1000);
  expect(engine.stateName).to.equal('l1_classify');
  return engine;
}

const CLASSIFIED = { category: 'server', affected_users: 3 };

describe('bad input: refusals name the right reason first', () => {
  it('says the state does not accept the event, and which it does, before any payload problem', () => {
    expect(classifying().refusal({ type: 'RESOLVE' })).to.equal("RESOLVE is not accepted in state 'l1_classify'; allowed now: CLASSIFIED, ASK_USER, ESCALATE");
    expect(classifying().refusal({ type: 'RESOLVE', data: { resolution: 'done', nosuch: 1 } })).to.match(/^RESOLVE is not accepted in state 'l1_classify'/);
  });

  it('checks the payload of an event the state does accept', () => {
    expect(classifying().refusal({ type: 'CLASSIFIED', data: { category: 'server' } })).to.equal("CLASSIFIED refused: field 'affected_users' is required for CLASSIFIED");
  });
});

describe('bad input: __proto__, constructor and prototype are undeclared like any other key', () => {
  for (const key of ['__proto__', 'constructor', 'prototype', 'nosuch']) {
    it(`refuses '${key}' in an event payload and changes nothing`, () => {
      const engine = classifying();
      // JSON.parse makes `__proto__` an own key, exactly as `--data` and the web API receive it.
      const data = JSON.parse(`{"${key}":{"polluted":1},"category":"server","affected_users":3}`) as Record<string, unknown>;
      const before = engine.getTimeline().length;
      expect(engine.refusal({ type: 'CLASSIFIED', data })).to.equal(
        `CLASSIFIED refused: field '${key}' is not declared for CLASSIFIED (declared: category, affected_users)`,
      );
      expect(() => engine.send({ type: 'CLASSIFIED', data }, NOW + 2000)).to.throw(/is not declared/);
      expect(engine.getTimeline()).to.have.length(before);
      expect(engine.stateName).to.equal('l1_classify');
      expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    });

    it(`refuses '${key}' as a ticket field when a ticket is opened`, () => {
      const problems = ticketFieldProblems(itDeskFlow(), JSON.parse(`{"${key}":{"polluted":1},"location":"Halle"}`) as Record<string, unknown>);
      expect(problems).to.deep.equal(key === 'nosuch' ? [] : [`ticket field '${key}' is not allowed ('__proto__', 'constructor' and 'prototype' are reserved names)`]);
    });
  }

  it('keeps accepted payload fields on objects without a prototype', () => {
    const engine = classifying();
    engine.send({ type: 'CLASSIFIED', data: CLASSIFIED }, NOW + 2000);
    const fields = engine.status(NOW + 3000).fields;
    expect(Object.getPrototypeOf(fields)).to.equal(null);
    expect(fields).to.include(CLASSIFIED);
    const copy = plainFields(JSON.parse('{"__proto__":{"polluted":1}}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(copy)).to.equal(null);
    expect(Object.keys(copy)).to.deep.equal(['__proto__']);
  });

  it('refuses them as state and field names of a flow, and as keys of strict maps', () => {
    const flow = (extra: string): string[] => {
      const text = `id: x\nversion: 1\ntitle: X\nsla: { resolution: 1d }\nevents:\n  RESOLVE:\n    fields:\n      constructor: { type: text }\nstates:\n${extra}  done:\n    final: true\n`;
      const result = loadFlowText(text, 'x.yaml');
      return result.ok ? [] : result.problems.map(formatProblem);
    };
    expect(flow('  prototype:\n    tier: L1\n    on: { RESOLVE: done }\n')).to.deep.equal([
      "x.yaml:8:7: invalid key 'constructor' in events.RESOLVE.fields: '__proto__', 'constructor' and 'prototype' are reserved names",
      "x.yaml:10:3: invalid key 'prototype' in states: '__proto__', 'constructor' and 'prototype' are reserved names",
    ]);
    // A `__proto__` key is refused wherever it is written, before the schema (zod's records would skip it silently).
    expect(flow('  __proto__:\n    tier: L1\n')).to.deep.equal([
      "x.yaml:10:3: '__proto__' cannot be a key: '__proto__', 'constructor' and 'prototype' are reserved names (rename it)",
    ]);
    const strict = loadFlowText('id: x\nversion: 1\ntitle: X\n__proto__: { a: 1 }\nevents: {}\nstates: { done: { final: true } }\n', 'x.yaml');
    expect(strict.ok ? [] : strict.problems.map(formatProblem)).to.deep.equal([
      "x.yaml:4:1: '__proto__' cannot be a key: '__proto__', 'constructor' and 'prototype' are reserved names (rename it)",
    ]);
  });

  it('refuses them in the config: as keys, and as agent ids', () => {
    const config = `channels:\n  email: { host: h, port: 25, from: a@b.example }\nrecipients: { team: t@b.example, escalationManager: m@b.example }
pools:\n  L1:\n    strategy: round-robin\n    agents:\n      - { id: constructor, name: C, email: c@b.example, capacity: 1 }
web: { baseUrl: http://x }\nlanguages: { default: de }\n__proto__: { polluted: 1 }\n`;
    const messageOf = (text: string): string => {
      try {
        parseConfig(text, 'c.yaml', {});
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    };
    expect(messageOf(config.replace('__proto__: { polluted: 1 }\n', ''))).to.equal("c.yaml:8:15: pools.L1.agents.0.id: '__proto__', 'constructor' and 'prototype' are reserved names");
    let message = '';
    try {
      parseConfig(config, 'c.yaml', {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).to.deep.equal([
      // Structure problems come alone, before the schema.
      "c.yaml:11:1: '__proto__' cannot be a key: '__proto__', 'constructor' and 'prototype' are reserved names (rename it)",
    ]);
  });

  it('refuses reserved ticket fields when a ticket is opened, before anything reaches Temporal', async () => {
    // The client is never used: the refusal comes from the flow's rules alone.
    const flow = itDeskFlow();
    const tickets = new TicketClient(undefined as never, catalogOf([flow], new Map([[flow.calendar, CALENDAR_24X7]])));
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      const fields = JSON.parse(`{"${name}": {"polluted": 1}}`) as Record<string, unknown>;
      let refused: unknown;
      await tickets.open({ flow: flow.id, customer: { id: 'c-1' }, subject: 'x', fields }).catch((error: unknown) => (refused = error));
      expect(refused, name).to.be.instanceOf(SopflowError);
      expect((refused as SopflowError).code).to.equal('BAD_ARGUMENT');
      expect((refused as Error).message).to.contain(`ticket field '${name}' is not allowed`);
    }
  });
});
