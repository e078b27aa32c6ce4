import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parseConfig } from '../src/config/load-config';
import { loadFlowOrThrow, loadFlowText } from '../src/flow/load-flow';
import { buildTemplateValues } from '../src/notify/template-values';
import { TemplateStore } from '../src/notify/templates/template-store';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { customerReason } from '../src/ticket/customer-reason';
import { TicketEngine } from '../src/ticket/engine';
import type { EngineEffect } from '../src/ticket/engine';
import { notificationRequest } from '../src/ticket/notification-request';
import { customerDiscussion } from '../src/web/portal-discussion';

const FLOW = loadFlowOrThrow('flows/demo-express.yaml');
const CONFIG = parseConfig(readFileSync('sopflow.config.yaml', 'utf8'), 'sopflow.config.yaml', { SOPFLOW_SMTP_PORT: '2525', SOPFLOW_WEB_SECRET: 'question-test-secret-0123456789abcdef' }, process.cwd());
const TEMPLATES = new TemplateStore('templates');
const NOW = Date.UTC(2026, 11, 1, 9, 0);
const QUESTION = 'Welche Version des VPN-Clients ist installiert (Hilfe → Info)?';

/** A demo-express ticket that an agent accepted and then asked the customer a question. */
function asked(language: string): { engine: TicketEngine; effects: EngineEffect[] } {
  const { engine } = TicketEngine.open(FLOW, CALENDAR_24X7, { number: 'SOP-261201-QQQQQ', customer: { id: 'c-7', name: 'Erika Mustermann', email: 'erika@kunde.example', language }, channel: 'web', subject: 'VPN geht nicht', priority: 'P2', topic: FLOW.id, fields: {} }, NOW);
  engine.send({ type: 'ACCEPT', actor: 'a.schmidt' }, NOW + 1000);
  const effects = engine.send({ type: 'ASK_CUSTOMER', data: { question: QUESTION }, actor: 'a.schmidt' }, NOW + 2000);
  return { engine, effects };
}

describe('a question to the customer (an event field marked to_customer)', () => {
  it('is the reason of the customer mail the step causes', () => {
    const { engine, effects } = asked('de');
    const mail = effects.find((effect) => effect.kind === 'notify' && effect.audience === 'customer');
    expect(mail).to.deep.include({ template: 'waiting_for_you', reason: QUESTION, event: 'ASK_CUSTOMER' });
    expect(engine.stateName).to.equal('waiting_customer');
  });

  it('reads the same in the mail and in the portal discussion, in the customer’s language', () => {
    for (const language of ['de', 'en', 'pl'] as const) {
      const { engine, effects } = asked(language);
      const effect = effects.find((candidate): candidate is Extract<EngineEffect, { kind: 'notify' }> => candidate.kind === 'notify' && candidate.audience === 'customer')!;
      const request = notificationRequest(engine, effect, NOW + 2000);
      const mail = TEMPLATES.render('waiting_for_you', 'customer', [language], buildTemplateValues(request, CONFIG, language));
      expect(mail.body, language).to.contain(QUESTION);
      const discussion = customerDiscussion({ status: engine.status(NOW + 2000), timeline: engine.getTimeline(), flow: FLOW, config: CONFIG, templates: TEMPLATES, timeZone: 'Europe/Berlin' });
      const shown = discussion.find((item) => item.direction === 'to-customer' && item.text.includes(QUESTION));
      expect(shown, `${language}: ${JSON.stringify(discussion)}`).to.not.equal(undefined);
      expect(shown!.text).to.equal(mail.body);
    }
  });

  it('is answered by the customer’s reply: the waiting state’s on_customer_reply moves the ticket on', () => {
    const { engine } = asked('de');
    const { replyEvent } = engine.customerMessage({ text: 'Version 5.2.1', channel: 'portal' }, NOW + 3000);
    expect(replyEvent).to.equal('CUSTOMER_REPLIED');
    expect(engine.stateName).to.equal('l1_triage');
  });

  it('prefers the host’s own reason, then to_customer fields, then a reason field; ignores unmarked and empty fields', () => {
    const events = { ASK: { fields: { question: { type: 'text' as const, to_customer: true }, note: { type: 'text' as const } } }, ESCALATE: { fields: { reason: { type: 'text' as const } } } };
    expect(customerReason({ events }, 'ASK', { question: ' Which one? ', note: 'internal' })).to.equal('Which one?');
    expect(customerReason({ events }, 'ASK', { question: '  ', note: 'internal' })).to.equal(undefined);
    expect(customerReason({ events }, 'ASK', { question: 'Which one?' }, 'SLA breached: due')).to.equal('SLA breached: due');
    expect(customerReason({ events }, 'ESCALATE', { reason: 'provider fault' })).to.equal('provider fault');
    expect(customerReason(undefined, 'ASK', { question: 'Which one?' })).to.equal(undefined);
  });

  it('marks only text fields: to_customer on another type is refused where it is written', () => {
    const text = readFileSync('flows/demo-express.yaml', 'utf8').replace('fields: { question: { type: text, required: true, to_customer: true } }', 'fields: { question: { type: number, to_customer: true } }');
    const loaded = loadFlowText(text, 'demo-express.yaml');
    expect(loaded.ok).to.equal(false);
    expect(JSON.stringify(loaded)).to.contain('to_customer: only a text field is sent to the customer');
  });
});
