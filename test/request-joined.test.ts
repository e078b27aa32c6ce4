import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parseConfig } from '../src/config/load-config';
import { loadFlowOrThrow } from '../src/flow/load-flow';
import { buildTemplateValues } from '../src/notify/template-values';
import { TemplateStore } from '../src/notify/templates/template-store';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { TicketEngine } from '../src/ticket/engine';
import type { EngineEffect } from '../src/ticket/engine';
import { notificationRequest } from '../src/ticket/notification-request';
import { customerDiscussion } from '../src/web/portal-discussion';

const FLOW = loadFlowOrThrow('flows/password-reset.yaml');
const CONFIG = parseConfig(readFileSync('sopflow.config.yaml', 'utf8'), 'sopflow.config.yaml', { SOPFLOW_SMTP_PORT: '2525', SOPFLOW_WEB_SECRET: 'joined-test-secret-0123456789abcdefgh' }, process.cwd());
const TEMPLATES = new TemplateStore('templates');
const NOW = Date.UTC(2026, 11, 1, 9, 0);
const NUMBER = 'SOP-261201-JJJJJ';

function openTicket(language: string): TicketEngine {
  const customer = { id: 'c-9', name: 'Jan Kowalski', email: 'jan@kunde.example', language };
  return TicketEngine.open(FLOW, CALENDAR_24X7, { number: NUMBER, customer, channel: 'email', subject: 'Hasło nie działa', priority: 'P2', topic: FLOW.id, fields: {} }, NOW).engine;
}

const customerMails = (effects: EngineEffect[]) => effects.filter((effect): effect is Extract<EngineEffect, { kind: 'notify' }> => effect.kind === 'notify' && effect.audience === 'customer');

/*
 * A new request (mail, form, API) that the "one open ticket per customer and topic" rule puts on
 * an open ticket: the ticket client marks the message, and the engine answers the customer with
 * the ticket it joined, so a request never goes unanswered.
 */
describe('a new request that joins the customer’s open ticket', () => {
  it('sends the customer request_joined, as well as telling the team; a plain reply sends the customer nothing', () => {
    const engine = openTicket('pl');
    const joined = engine.customerMessage({ text: 'Nadal nie mogę się zalogować.', channel: 'web', joinedOpenTicket: true }, NOW + 1000);
    expect(customerMails(joined.effects).map((effect) => effect.template)).to.deep.equal(['request_joined']);
    expect(joined.effects.some((effect) => effect.kind === 'notify' && effect.template === 'customer_message')).to.equal(true);
    const reply = engine.customerMessage({ text: 'Jeszcze jedno.', channel: 'email' }, NOW + 2000);
    expect(customerMails(reply.effects)).to.deep.equal([]);
  });

  it('names the ticket in the customer’s language, and the portal shows the same text', () => {
    for (const [language, words] of [['de', 'Ihrem offenen Ticket zugeordnet'], ['en', 'added to your open ticket'], ['pl', 'dołączyliśmy do Państwa otwartego zgłoszenia']] as const) {
      const engine = openTicket(language);
      const [effect] = customerMails(engine.customerMessage({ text: 'Noch einmal', channel: 'web', joinedOpenTicket: true }, NOW + 1000).effects);
      const mail = TEMPLATES.render('request_joined', 'customer', [language], buildTemplateValues(notificationRequest(engine, effect!, NOW + 1000), CONFIG, language));
      expect(mail.subject, language).to.contain(`[${NUMBER}]`).and.contain(words);
      const discussion = customerDiscussion({ status: engine.status(NOW + 1000), timeline: engine.getTimeline(), flow: FLOW, config: CONFIG, templates: TEMPLATES, timeZone: 'Europe/Berlin' });
      expect(discussion.filter((item) => item.direction === 'to-customer').map((item) => item.subject), language).to.include(mail.subject);
    }
  });
});
