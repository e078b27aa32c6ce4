import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUPPORTED_LANGUAGES, loadConfig } from '../src/config';
import type { Language } from '../src/config';
import type { NotificationRequest } from '../src/notify/notification-request';
import { buildTemplateValues } from '../src/notify/template-values';
import { checkMessageTemplate, checkTemplate } from '../src/notify/templates/check-template';
import { listTemplateVariables } from '../src/notify/templates/template-references';
import { TemplateError } from '../src/notify/templates/template-error';
import { TemplateStore } from '../src/notify/templates/template-store';
import { ALLOWED_TEMPLATE_VARIABLES, TEMPLATE_VARIABLES } from '../src/notify/templates/variables';
import type { TemplateValues } from '../src/notify/templates/variables';

const TEMPLATES = 'templates';
const KINDS = ['received', 'status_changed', 'waiting_for_you', 'reassigned', 'escalated', 'sla_warning', 'sla_breached', 'resolved', 'delivery_failed', 'assigned', 'request_joined'];
const config = loadConfig('sopflow.config.yaml', {});

/** Every variable set, with values that cannot be mistaken for template text. */
const FULL: TemplateValues = Object.fromEntries(ALLOWED_TEMPLATE_VARIABLES.map((v) => [v, `«${v}»`])) as TemplateValues;
FULL['ticket.number'] = 'SD-2025-00042';
/** Only the variables a ticket always has; every optional one empty. */
const SPARSE: TemplateValues = { ...FULL, 'ticket.tier': '', 'ticket.assignee': '', 'ticket.dueAt': '', 'ticket.customerName': '', 'ticket.customerEmail': '', previousAssignee: '', reason: '', event: '' };

function request(overrides: Partial<NotificationRequest['ticket']> = {}, reason?: string): NotificationRequest {
  return {
    idempotencyKey: 'SD-1:3:reassigned:customer',
    kind: 'reassigned',
    audience: 'customer',
    ticket: {
      number: 'SD-1',
      subject: 'Drucker druckt nicht',
      priority: 'normal',
      flowId: 'printer',
      flowTitle: 'Druckerstörung',
      state: 'diagnose',
      stateTitle: 'In Diagnose',
      tier: 'L2',
      assignee: 'k.becker',
      previousAssignee: 'a.schmidt',
      dueAt: '2025-11-24T15:30:00Z',
      slaStatus: 'ok',
      customer: { id: 'c-1', name: 'Jan Kowalski', email: 'jan@kunde.example', language: 'pl' },
      ...overrides,
    },
    ...(reason ? { reason } : {}),
  };
}

describe('templates: default notification templates', () => {
  const store = new TemplateStore(TEMPLATES);

  for (const language of SUPPORTED_LANGUAGES) {
    const files = readdirSync(join(TEMPLATES, language)).filter((f) => f.endsWith('.hbs'));

    it(`${language}: has a template for every kind`, () => {
      for (const kind of KINDS) expect(files, `${language}/${kind}.hbs`).to.include(`${kind}.hbs`);
    });

    for (const file of files) {
      it(`${language}/${file}: passes checkTemplate and renders with all and with only the required variables`, () => {
        const source = readFileSync(join(TEMPLATES, language, file), 'utf8');
        expect(checkMessageTemplate(source)).to.deep.equal([]);
        const [kind, variant] = file.replace(/\.hbs$/, '').split('.');
        const audience = variant === 'internal' ? 'team' : 'customer';
        for (const values of [FULL, SPARSE]) {
          const message = store.render(kind ?? '', audience, [language], values);
          expect(message.language).to.equal(language);
          expect(message.subject).to.contain('SD-2025-00042');
          expect(message.subject).not.to.match(/\s{2}/);
          expect(message.body.trim()).not.to.equal('');
          expect(message.body).not.to.match(/\{\{|\}\}/);
        }
      });
    }
  }

  it('every language ships the same set of files', () => {
    const sets = SUPPORTED_LANGUAGES.map((l) => readdirSync(join(TEMPLATES, l)).sort().join(','));
    expect(new Set(sets).size).to.equal(1);
  });

  it('writes customer texts in the customer language', () => {
    const texts: Record<Language, string> = { de: 'Guten Tag', en: 'Hello', pl: 'Dzień dobry' };
    for (const language of SUPPORTED_LANGUAGES) {
      const message = store.render('received', 'customer', [language], FULL);
      expect(message.body).to.contain(texts[language]);
    }
  });

  it('tells the customer why a new person took over: absence vs escalation', () => {
    const absence = store.render('reassigned', 'customer', ['de'], buildTemplateValues(request({}, 'absence'), config, 'de'));
    expect(absence.body).to.contain('Katrin Becker').and.to.contain('Anna Schmidt').and.to.contain('abwesend');
    const escalation = store.render('reassigned', 'customer', ['en'], buildTemplateValues(request({}, 'escalation'), config, 'en'));
    expect(escalation.body).to.contain('specialist team').and.not.to.contain('absent');
    const other = store.render('reassigned', 'customer', ['pl'], buildTemplateValues(request({}, 'urlop zespołu'), config, 'pl'));
    expect(other.body).to.contain('Powód: urlop zespołu');
  });

  it('formats due dates in the reader language and the calendar time zone', () => {
    const at = (language: Language, timeZone?: string): string =>
      buildTemplateValues(request(timeZone ? { timeZone } : {}), config, language)['ticket.dueAt'];
    expect(at('de')).to.equal('Mo., 24. November 2025 um 16:30 MEZ');
    expect(at('pl')).to.contain('24 listopada 2025').and.to.contain('16:30');
    expect(at('en')).to.contain('November 24, 2025');
    expect(at('de', 'Europe/Warsaw')).to.contain('16:30');
    expect(at('de', 'America/New_York')).to.contain('10:30');
  });

  it('fills exactly the documented variables', () => {
    expect(Object.keys(buildTemplateValues(request(), config, 'de')).sort()).to.deep.equal(Object.keys(TEMPLATE_VARIABLES).sort());
  });

  it('prefers the audience-specific file, then .internal for staff, never .internal for customers', () => {
    expect(store.find('status_changed', 'team', ['de'])?.file).to.match(/status_changed\.internal\.hbs$/);
    expect(store.find('status_changed', 'customer', ['de'])?.file).to.match(/de\/status_changed\.hbs$/);
    expect(store.find('sla_breached', 'escalation_manager', ['pl'])?.file).to.match(/pl\/sla_breached\.hbs$/);
  });

  it('falls back to the default language, then English', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sopflow-templates-'));
    mkdirSync(join(dir, 'en'));
    mkdirSync(join(dir, 'de'));
    writeFileSync(join(dir, 'en', 'only_en.hbs'), 'Ticket {{ticket.number}}\n\nEnglish body\n');
    writeFileSync(join(dir, 'de', 'de_too.hbs'), 'Ticket {{ticket.number}}\n\nDeutscher Text\n');
    const own = new TemplateStore(dir);
    expect(own.render('only_en', 'customer', ['pl', 'de', 'en'], FULL).language).to.equal('en');
    expect(own.render('de_too', 'customer', ['pl', 'de', 'en'], FULL).body).to.equal('Deutscher Text\n');
    expect(() => own.render('nothing', 'customer', ['pl', 'de', 'en'], FULL)).to.throw(TemplateError, /nothing\/customer: no template in pl, de, en/);
    expect(() => own.find('../etc', 'customer', ['en'])).to.throw(TemplateError, /invalid template kind/);
  });

  it('puts the ticket number into a subject that forgot it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sopflow-templates-'));
    mkdirSync(join(dir, 'en'));
    writeFileSync(join(dir, 'en', 'bare.hbs'), 'Hello\n\nBody\n');
    expect(new TemplateStore(dir).render('bare', 'customer', ['en'], FULL).subject).to.equal('[SD-2025-00042] Hello');
  });

  it('renders strictly: a name outside the variables fails instead of printing nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sopflow-templates-'));
    mkdirSync(join(dir, 'en'));
    writeFileSync(join(dir, 'en', 'typo.hbs'), '{{ticket.number}}\n\n{{ticket.numbr}}\n');
    expect(() => new TemplateStore(dir).render('typo', 'customer', ['en'], FULL)).to.throw(TemplateError, /typo\.hbs: "numbr" not defined/);
  });
});

describe('templates: checkTemplate and listTemplateVariables', () => {
  it('lists variables in order of first use, inside blocks, else-branches and sub-expressions', () => {
    const source = '{{ticket.number}} {{#if (eq reason "absence")}}{{previousAssignee}}{{else if ticket.assignee}}{{ticket.assignee}}{{else}}{{link}}{{/if}} {{ticket.number}}';
    expect(listTemplateVariables(source)).to.deep.equal(['ticket.number', 'reason', 'previousAssignee', 'ticket.assignee', 'link']);
  });

  it('reports an unknown variable by name and position', () => {
    const problems = checkTemplate('Hallo {{ticket.customerName}},\nStatus: {{ticket.stat}}');
    expect(problems).to.deep.equal([{ message: 'unknown variable "ticket.stat"', line: 2, column: 11, variable: 'ticket.stat' }]);
  });

  it('reports unknown helpers, partials, context-changing blocks and parent paths', () => {
    const messages = checkTemplate('{{upper link}} {{> footer}} {{#each items}}{{this}}{{/each}} {{#if link}}{{../link}}{{/if}}').map((p) => p.message);
    expect(messages).to.deep.include('unknown helper "upper"');
    expect(messages.some((m) => m.startsWith('"partial" is not supported'))).to.equal(true);
    expect(messages.some((m) => m.startsWith('"#each" is not supported'))).to.equal(true);
    expect(messages.some((m) => m.startsWith('"../link" is not supported'))).to.equal(true);
  });

  it('accepts a caller-supplied variable list (for flow-specific templates)', () => {
    expect(checkTemplate('{{custom.field}}', { allowedVariables: [...ALLOWED_TEMPLATE_VARIABLES, 'custom.field'] })).to.deep.equal([]);
  });

  it('reports syntax errors instead of throwing', () => {
    const [problem] = checkTemplate('line one\n{{#if link}}never closed');
    expect(problem?.message).to.match(/^syntax error/);
  });

  it('requires the ticket number in the subject line of a message template', () => {
    expect(checkMessageTemplate('Your ticket\n\n{{ticket.number}}').map((p) => p.message)).to.deep.equal([
      'the subject (first line) must contain {{ticket.number}}',
    ]);
    expect(checkMessageTemplate('{{ticket.number}} only a subject').map((p) => p.message)).to.deep.equal(['the body after the subject line is empty']);
  });
});
