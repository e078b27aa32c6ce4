import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { initialTransition } from 'xstate';
import type { FlowDefinition } from '../src/flow/definition';
import { loadFlowDirectory, loadFlowOrThrow } from '../src/flow/load-flow';
import { FLOW_LANGUAGES } from '../src/flow/localized-text';
import type { LocalizedTexts } from '../src/flow/localized-text';
import { compileMachine } from '../src/flow/machine';
import type { Action } from '../src/flow/schema';
import { loadCalendarsFile } from '../src/sla/load-calendars';
import { perTest } from './helpers/per-test';

const FLOWS_DIR = 'flows';
const EXAMPLES = [
  'password-reset',
  'portal-registration',
  'master-data-change',
  'website-unreachable',
  'grid-connection-request',
  'hems-device-fault',
  'it-desk-incident',
];

// Read inside the tests, never while mocha loads the file (see test/helpers/per-test.ts); a test
// about one flow loads just that flow.
const calendars = perTest(() => new Set(loadCalendarsFile(join(FLOWS_DIR, 'calendars.yaml')).calendars.keys()));
const exampleFlow = (id: string): FlowDefinition => loadFlowOrThrow(join(FLOWS_DIR, `${id}.yaml`), { calendars: calendars() });

/** The flow languages a state's or event's text is not written in (all of them for a plain or missing text). */
function missingLanguages(texts: LocalizedTexts | undefined): string[] {
  return FLOW_LANGUAGES.filter((language) => !texts?.[language]);
}

function allActions(flow: FlowDefinition): Action[] {
  return Object.values(flow.states).flatMap((state) => [
    ...state.entry,
    ...Object.values(state.on).flatMap((transitions) => transitions.flatMap((transition) => transition.actions)),
  ]);
}

describe('example flows', () => {
  it('all load without a single problem or warning, checked against flows/calendars.yaml', () => {
    const loaded = loadFlowDirectory(FLOWS_DIR, { calendars: calendars() });
    expect(loaded.problems).to.deep.equal([]);
    expect(loaded.flows.map((flow) => flow.id)).to.include.members(EXAMPLES);
  });

  for (const id of EXAMPLES) {
    describe(id, () => {
      const flow = perTest(() => exampleFlow(id));
      const states = () => Object.values(flow().states);

      it('compiles to a machine that starts in its initial state', () => {
        const [snapshot] = initialTransition(compileMachine(flow()), { priority: flow().priorities[0]! });
        expect(snapshot.value).to.equal(flow().initial);
        expect(snapshot.status).to.equal('active');
      });

      it('points editors at the JSON Schema on its first line', () => {
        const firstLine = readFileSync(join(FLOWS_DIR, `${id}.yaml`), 'utf8').split('\n')[0];
        expect(firstLine).to.equal('# yaml-language-server: $schema=./sopflow.schema.json');
      });

      it('is worked at L1, L2 and L3 and can wait on the customer', () => {
        const tiers = new Set(states().filter((state) => state.kind === 'working').map((state) => state.tier));
        expect([...tiers].sort()).to.deep.equal(['L1', 'L2', 'L3']);
        expect(states().some((state) => state.kind === 'waiting')).to.equal(true);
      });

      it('has guarded transitions, and keeps ESCALATE unguarded so breaches can escalate', () => {
        const transitions = states().flatMap((state) => Object.entries(state.on));
        expect(transitions.some(([, candidates]) => candidates.some((transition) => transition.when !== undefined))).to.equal(true);
        for (const [event, candidates] of transitions.filter(([event]) => event === 'ESCALATE')) {
          expect(candidates.map((transition) => transition.when), event).to.deep.equal([undefined]);
        }
      });

      it('requires a reason to escalate and a resolution to resolve', () => {
        expect(flow().events.ESCALATE?.fields?.reason).to.include({ type: 'text', required: true });
        expect(flow().events.RESOLVE?.fields?.resolution).to.include({ type: 'text', required: true });
      });

      it('notifies the customer and assigns on entry', () => {
        const entries = states().flatMap((state) => state.entry);
        expect(entries.some((action) => 'notify' in action && action.notify === 'customer')).to.equal(true);
        for (const tier of ['L1', 'L2', 'L3'] as const) {
          expect(entries.some((action) => 'assign' in action && action.assign === tier), tier).to.equal(true);
        }
      });

      it('has first-response and resolution targets for every priority, and due dates per priority', () => {
        for (const target of [flow().sla.firstResponse, flow().sla.resolution]) {
          expect(Object.keys(target ?? {})).to.deep.equal(flow().priorities);
        }
        const working = states().filter((state) => state.kind === 'working');
        expect(working.every((state) => state.sla !== undefined)).to.equal(true);
        expect(working.some((state) => new Set(Object.values(state.sla?.due ?? {})).size > 1)).to.equal(true);
      });

      it('describes itself and titles every state', () => {
        expect(flow().description).to.be.a('string').with.length.above(40);
        expect(states().every((state) => state.title.length > 0)).to.equal(true);
        expect(states().some((state) => state.description !== undefined)).to.equal(true);
      });

      it('names only notification templates that exist in templates/en', () => {
        for (const action of allActions(flow())) {
          if (!('notify' in action) || action.template === undefined) continue;
          const candidates = [`${action.template}.${action.notify}.hbs`, `${action.template}.hbs`];
          if (action.notify !== 'customer') candidates.push(`${action.template}.internal.hbs`);
          expect(candidates.some((file) => existsSync(join('templates', 'en', file))), `${action.template} for ${action.notify}`).to.equal(true);
        }
      });
    });
  }

  it('mostly use office hours, and the outage flow runs around the clock', () => {
    const calendarOf = (id: string): string | undefined => exampleFlow(id).calendar;
    expect(EXAMPLES.filter((id) => calendarOf(id) === 'office-hours').length).to.be.at.least(4);
    expect(calendarOf('website-unreachable')).to.equal('24x7');
  });

  // Customers read every state's title and description (status mails, the portal) in their
  // ticket's language, and agents each event's title on its form and button in theirs: a shipped
  // flow that lacks one of them sends a German customer, or shows a Polish agent, English.
  it('give every state of every shipped flow a title and a description, and every event a title, in every flow language', () => {
    const loaded = loadFlowDirectory(FLOWS_DIR, { calendars: calendars() });
    expect(loaded.flows.length).to.be.at.least(EXAMPLES.length + 1);
    const gaps = loaded.flows.flatMap((flow) => [
      ...Object.values(flow.states).flatMap((state) => [
        ...missingLanguages(state.titles).map((language) => `${flow.id}: ${state.name}: title in ${language}`),
        ...missingLanguages(state.descriptions).map((language) => `${flow.id}: ${state.name}: description in ${language}`),
      ]),
      ...Object.entries(flow.events).flatMap(([name, event]) => missingLanguages(event.titles).map((language) => `${flow.id}: ${name}: title in ${language}`)),
    ]);
    expect(gaps).to.deep.equal([]);
  });

  // Agents read a working state's instructions on the ticket page ("What to do now") in their
  // language; without them the page shows what the customer is told, which is no SOP step.
  it('tell the agent what to do in every working state of every shipped flow, in every flow language', () => {
    const loaded = loadFlowDirectory(FLOWS_DIR, { calendars: calendars() });
    const gaps = loaded.flows.flatMap((flow) =>
      Object.values(flow.states)
        .filter((state) => state.kind === 'working')
        .flatMap((state) => missingLanguages(state.instructionsByLanguage).map((language) => `${flow.id}: ${state.name}: instructions in ${language}`)),
    );
    expect(gaps).to.deep.equal([]);
  });
});
