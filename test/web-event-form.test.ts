import { expect } from 'chai';
import type { FlowDefinition } from '../src/flow/definition';
import { loadFlowText } from '../src/flow/load-flow';
import { formatProblem } from '../src/source/problem';
import type { AllowedEvent } from '../src/ticket/types';
import { eventForm } from '../src/web/event-form';

/*
 * The agent's form for an event is titled (heading and button) in the agent's language when the
 * flow writes the event's title per language; a plain title, or a language the flow does not
 * write, shows the default one; an event without a title shows its name.
 */

function flow(): FlowDefinition {
  const result = loadFlowText(
    `id: forms
version: 1
title: Forms
events:
  ACCEPT: { title: { de: Ticket übernehmen, en: Take the ticket } }
  RESOLVE: { title: Resolve, fields: { resolution: { type: text, required: true } } }
  HOLD:
states:
  work:
    title: Work
    tier: L1
    sla: { due: 1h, on_breach: notify }
    on: { ACCEPT: work, RESOLVE: done, HOLD: work }
  done: { title: Done, final: true }
`,
    'forms.yaml',
  );
  if (!result.ok) throw new Error(result.problems.map((problem) => formatProblem(problem)).join('\n'));
  return result.definition;
}

/** The heading and the button text of the form an agent of `language` sees for `event`. */
function titlesShown(event: AllowedEvent, language: string): { heading: string; button: string } {
  const page = eventForm({ number: 'SOP-1', event, flow: flow(), language, csrf: 'c', requiredWord: 'required', idempotencyKey: 'k' }).value;
  const heading = /<strong>([^<]*)<\/strong>/.exec(page)?.[1] ?? '';
  const button = /<button type="submit" class="primary">([^<]*)<\/button>/.exec(page)?.[1] ?? '';
  return { heading, button };
}

describe('event forms on the agent ticket page', () => {
  it("titles the form and its button in the agent's language", () => {
    const accept: AllowedEvent = { type: 'ACCEPT', title: 'Take the ticket', fields: {} };
    expect(titlesShown(accept, 'de')).to.deep.equal({ heading: 'Ticket übernehmen', button: 'Ticket übernehmen' });
    expect(titlesShown(accept, 'en')).to.deep.equal({ heading: 'Take the ticket', button: 'Take the ticket' });
  });

  it('falls back to the default title for a language the flow does not write, and to a plain title for every language', () => {
    expect(titlesShown({ type: 'ACCEPT', title: 'Take the ticket', fields: {} }, 'pl').button).to.equal('Take the ticket');
    const resolve: AllowedEvent = { type: 'RESOLVE', title: 'Resolve', fields: { resolution: { type: 'text', required: true } } };
    expect(titlesShown(resolve, 'de')).to.deep.equal({ heading: 'Resolve', button: 'Resolve' });
  });

  it('shows the event name when the flow gives the event no title', () => {
    expect(titlesShown({ type: 'HOLD', fields: {} }, 'de')).to.deep.equal({ heading: 'HOLD', button: 'HOLD' });
  });
});
