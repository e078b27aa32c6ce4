import { expect } from 'chai';
import { loadFlowText } from '../src/flow/load-flow';
import type { FlowLoadResult } from '../src/flow/load-flow';
import { formatProblem } from '../src/source/problem';
import { parseConfig } from '../src/config/load-config';
import { buildTemplateValues } from '../src/notify/template-values';
import type { NotificationRequest } from '../src/notify/notification-request';

const flowText = (title: string, instructions = 'Call the customer back'): string => `id: localized
version: 1
title: Localized
events: { DONE: {} }
states:
  work:
    title: ${title}
    description: { de: Bitte prüfen, en: Please check }
    instructions: ${instructions}
    tier: L1
    sla: { due: 1h, on_breach: notify }
    on: { DONE: done }
  done: { title: Done, final: true }
`;

const CONFIG = `channels:
  email: { host: 127.0.0.1, port: 2525, from: desk@example.org }
recipients: { team: team@example.org, escalationManager: boss@example.org }
pools:
  L1:
    strategy: round-robin
    agents: [{ id: a.b, name: A B, email: a@example.org, capacity: 3 }]
web: { baseUrl: 'https://desk.example.org/', secretFile: /tmp/unused }
languages: { default: de }
`;

const problemsOf = (result: FlowLoadResult): string[] => (result.ok ? [] : result.problems.map((problem) => formatProblem(problem)));

describe('localized state titles, descriptions and instructions', () => {
  it('keeps one title per language and an English default for tools without a language', () => {
    const result = loadFlowText(flowText('{ de: In Arbeit, en: In progress, pl: W toku }'), 'localized.yaml');
    if (!result.ok) throw new Error(result.problems.map((problem) => formatProblem(problem)).join('\n'));
    const state = result.definition.states.work!;
    expect(state.title).to.equal('In progress');
    expect(state.titles).to.deep.equal({ de: 'In Arbeit', en: 'In progress', pl: 'W toku' });
    expect(state.description).to.equal('Please check');
    expect(state.descriptions).to.deep.equal({ de: 'Bitte prüfen', en: 'Please check' });
    expect(result.definition.states.done!.titles).to.equal(undefined);
  });

  it('keeps the agent instructions apart from the description: plain, or one per language', () => {
    const plain = loadFlowText(flowText('Work'), 'localized.yaml');
    if (!plain.ok) throw new Error(plain.problems.map((problem) => formatProblem(problem)).join('\n'));
    expect(plain.definition.states.work!.instructions).to.equal('Call the customer back');
    expect(plain.definition.states.work!.instructionsByLanguage).to.equal(undefined);
    expect(plain.definition.states.work!.description).to.equal('Please check');
    expect(plain.definition.states.done!.instructions).to.equal(undefined);
    const perLanguage = loadFlowText(flowText('Work', '{ de: Kunden zurückrufen, pl: Oddzwonić do klienta }'), 'localized.yaml');
    if (!perLanguage.ok) throw new Error(perLanguage.problems.map((problem) => formatProblem(problem)).join('\n'));
    expect(perLanguage.definition.states.work!.instructions).to.equal('Kunden zurückrufen');
    expect(perLanguage.definition.states.work!.instructionsByLanguage).to.deep.equal({ de: 'Kunden zurückrufen', pl: 'Oddzwonić do klienta' });
  });

  it('refuses instructions in an unknown language, empty or of the wrong type, naming the line', () => {
    expect(problemsOf(loadFlowText(flowText('Work', '{ de: Prüfen, fr: Vérifier }'), 'localized.yaml')).join('\n')).to.match(/localized\.yaml:9:\d+: .*fr/);
    expect(problemsOf(loadFlowText(flowText('Work', '{}'), 'localized.yaml')).join('\n')).to.match(/localized\.yaml:9:\d+: .*at least one of de, en, pl/);
    expect(problemsOf(loadFlowText(flowText('Work', '{ en: "" }'), 'localized.yaml')).join('\n')).to.match(/localized\.yaml:9:\d+: /);
    expect(problemsOf(loadFlowText(flowText('Work', '[Prüfen]'), 'localized.yaml')).join('\n')).to.match(/localized\.yaml:9:\d+: /);
  });

  it('refuses a language it has no templates for, and an empty set of texts, naming the place', () => {
    const unknown = loadFlowText(flowText('{ de: In Arbeit, fr: En cours }'), 'localized.yaml');
    expect(problemsOf(unknown).join('\n')).to.match(/localized\.yaml:7:\d+: .*fr/);
    const empty = loadFlowText(flowText('{}'), 'localized.yaml');
    expect(problemsOf(empty).join('\n')).to.match(/localized\.yaml:7:\d+: .*at least one of de, en, pl/);
  });

  it('writes the title in the language of the mail, falling back to the default title', () => {
    const config = parseConfig(CONFIG, 'sopflow.config.yaml', { SOPFLOW_WEB_SECRET: 'x'.repeat(40) });
    const request: NotificationRequest = {
      idempotencyKey: 'k',
      kind: 'status_changed',
      audience: 'customer',
      ticket: {
        number: 'SOP-1',
        subject: 's',
        priority: 'P1',
        flowId: 'localized',
        flowTitle: 'Localized',
        state: 'work',
        stateTitle: 'In progress',
        stateTitles: { de: 'In Arbeit', en: 'In progress' },
        slaStatus: 'ok',
        customer: { id: 'C-1' },
      },
    };
    expect(buildTemplateValues(request, config, 'de')['ticket.stateTitle']).to.equal('In Arbeit');
    expect(buildTemplateValues(request, config, 'pl')['ticket.stateTitle']).to.equal('In progress');
  });
});

/** A flow whose DONE event has the given title (line 5 of the text); its states are plain. */
const eventFlowText = (title: string): string => `id: localized-events
version: 1
title: Localized events
events:
  DONE: { title: ${title} }
  ASK: { fields: { question: { type: text } } }
states:
  work:
    title: Work
    tier: L1
    sla: { due: 1h, on_breach: notify }
    on: { DONE: done, ASK: work }
  done: { title: Done, final: true }
`;

describe('localized event titles', () => {
  it('reads a plain event title as before, with no titles per language', () => {
    const result = loadFlowText(eventFlowText('Mark as done'), 'events.yaml');
    if (!result.ok) throw new Error(problemsOf(result).join('\n'));
    expect(result.definition.events.DONE).to.deep.equal({ title: 'Mark as done' });
    expect(result.definition.events.ASK).to.deep.equal({ fields: { question: { type: 'text' } } });
  });

  it('keeps one event title per language and an English default for tools without a language', () => {
    const result = loadFlowText(eventFlowText('{ de: Als erledigt markieren, en: Mark as done, pl: Oznacz jako wykonane }'), 'events.yaml');
    if (!result.ok) throw new Error(problemsOf(result).join('\n'));
    expect(result.definition.events.DONE).to.deep.equal({
      title: 'Mark as done',
      titles: { de: 'Als erledigt markieren', en: 'Mark as done', pl: 'Oznacz jako wykonane' },
    });
  });

  it('refuses an event title in a language it has no templates for, or with no language at all, naming the event and its line', () => {
    const unknown = problemsOf(loadFlowText(eventFlowText('{ de: Erledigt, fr: Fini }'), 'events.yaml'));
    expect(unknown).to.deep.equal(["events.yaml:5:34: unknown key 'fr' in events.DONE.title (allowed keys: de, en, pl)"]);
    const empty = problemsOf(loadFlowText(eventFlowText('{}'), 'events.yaml'));
    expect(empty).to.deep.equal(['events.yaml:5:18: events.DONE.title: a localized text names at least one of de, en, pl']);
  });
});
