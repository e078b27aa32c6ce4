import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runRoute } from '../src/cli/run-route';
import { runValidate } from '../src/cli/run-validate';
import { loadFlowDirectory } from '../src/flow/load-flow';
import { loadIntakeRulesText } from '../src/intake/rules/load-rules';
import type { IntakeRules } from '../src/intake/rules/match-rule';
import { intakeRulesJsonSchemaText } from '../src/intake/rules/rules-json-schema';
import { formatProblem } from '../src/source/problem';

const FLOWS = join(__dirname, '..', 'flows');
const flows = loadFlowDirectory(FLOWS).flows;

function rulesOf(text: string): IntakeRules {
  const result = loadIntakeRulesText(text, 'intake.yaml', flows);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.rules;
}
function problemsOf(text: string): string[] {
  const result = loadIntakeRulesText(text, 'intake.yaml', flows);
  expect(result.ok, 'the rules were accepted').to.equal(false);
  return result.ok ? [] : result.problems.map(formatProblem);
}

describe('intake: routing rules', () => {
  it('the shipped flows/intake.yaml loads against the shipped flows and points editors at its schema', () => {
    const text = readFileSync(join(FLOWS, 'intake.yaml'), 'utf8');
    expect(text.split('\n')[0]).to.equal('# yaml-language-server: $schema=./intake.schema.json');
    rulesOf(text);
  });

  it('the committed JSON Schema is the one the zod schema generates', () => {
    expect(readFileSync(join(FLOWS, 'intake.schema.json'), 'utf8')).to.equal(intakeRulesJsonSchemaText());
  });

  it('routes by the first matching rule: flow, priority, fields, language and why', () => {
    const rules = rulesOf(readFileSync(join(FLOWS, 'intake.yaml'), 'utf8'));
    const table: Array<[Parameters<IntakeRules['route']>[0], { rule: string; flow: string; priority?: string; fields?: object; language?: string }]> = [
      [{ channel: 'email', subject: 'Passwort vergessen', text: '' }, { rule: 'password', flow: 'password-reset', priority: 'P3' }],
      [{ channel: 'sms', subject: '', text: 'Nie pamiętam HASŁO do konta' }, { rule: 'password', flow: 'password-reset', priority: 'P3' }],
      [{ channel: 'email', subject: 'TOTALAUSFALL in Halle 3', text: 'alle Nutzer betroffen' }, { rule: 'outage', flow: 'it-desk-incident', priority: 'P1', fields: { category: 'network' } }],
      [{ channel: 'email', subject: 'Adressänderung', text: 'Ich bin umgezogen' }, { rule: 'master-data', flow: 'master-data-change', priority: 'P3' }],
      [{ channel: 'email', subject: 'Pytanie', text: 'Drukarka', language: 'pl' }, { rule: 'polish-desk', flow: 'it-desk-incident', language: 'pl' }],
      [{ channel: 'email', subject: 'Drucker', text: 'druckt nicht' }, { rule: 'default', flow: 'it-desk-incident', priority: 'P3' }],
    ];
    for (const [request, expected] of table) {
      expect(rules.route(request), JSON.stringify(request)).to.deep.include({ fields: {}, ...expected });
    }
  });

  it('matches keywords as whole words, in any case, with German and Polish letters', () => {
    const rules = rulesOf(`rules:
  - { name: stoerung, match: { keywords: [Störung, "kein Internet"] }, flow: it-desk-incident }
  - { name: awaria, match: { keywords: [awaria] }, flow: it-desk-incident }
  - { name: default, flow: password-reset }
`);
    const rule = (text: string): string => rules.route({ channel: 'email', subject: '', text }).rule;
    expect(rule('Große STÖRUNG im Netz')).to.equal('stoerung');
    expect(rule('störung.')).to.equal('stoerung');
    expect(rule('Störungsmeldung')).to.equal('default');
    expect(rule('Seit heute KEIN\ninternet')).to.equal('stoerung');
    expect(rule('AWARIA')).to.equal('awaria');
    expect(rule('awarias')).to.equal('default');
    expect(rule('zawaria')).to.equal('default');
  });

  it('matches senders by address or domain and intake addresses by To', () => {
    const rules = rulesOf(`rules:
  - { name: vip, match: { from: [ceo@kunde.example] }, flow: it-desk-incident, priority: P1 }
  - { name: partner, match: { from: partner.example, to: [installateure@musterfirma.example] }, flow: grid-connection-request }
  - { name: default, flow: it-desk-incident }
`);
    const route = (from: string, to: string[] = []) => rules.route({ channel: 'email', from, to, subject: 's', text: 't' });
    expect(route('ceo@kunde.example')).to.include({ rule: 'vip', priority: 'P1' });
    expect(route('cfo@kunde.example').rule).to.equal('default');
    expect(route('x@partner.example', ['installateure@musterfirma.example'])).to.deep.include({ rule: 'partner', because: ['sent to installateure@musterfirma.example', 'sent by x@partner.example'] });
    expect(route('x@sub.partner.example', ['installateure@musterfirma.example']).rule).to.equal('default');
  });

  it('gives reopen windows per flow, with a default', () => {
    const rules = rulesOf('reopen_window: 5d\nreopen_windows: { password-reset: 36h }\nrules:\n  - { name: default, flow: it-desk-incident }\n');
    expect(rules.reopenWindowMs('password-reset')).to.equal(36 * 3_600_000);
    expect(rules.reopenWindowMs('it-desk-incident')).to.equal(5 * 86_400_000);
  });

  it('reports schema problems at their position with hints', () => {
    expect(problemsOf('rules:\n  - name: a\n    flw: it-desk-incident\n')).to.include("intake.yaml:3:5: unknown key 'flw' in rules.0 (did you mean 'flow'?)");
    expect(problemsOf('rules:\n  - name: a\n    match: { channel: fax }\n    flow: it-desk-incident\n').join('\n')).to.match(/^intake\.yaml:3:23: .*email/m);
    expect(problemsOf('reopen_window: a week\nrules:\n  - { name: default, flow: it-desk-incident }\n')).to.deep.equal(["intake.yaml:1:16: reopen_window: must be a duration such as '7d' or '36h'"]);
  });

  it('lints: flows exist, priorities and fields are the flow’s, a default comes last, nothing is shadowed', () => {
    expect(problemsOf('rules:\n  - name: a\n    flow: it-desk-incidnet\n')).to.deep.equal(["intake.yaml:3:11: rule 'a': unknown flow 'it-desk-incidnet' (did you mean 'it-desk-incident'?)"]);
    expect(problemsOf('rules:\n  - name: a\n    flow: website-unreachable\n    priority: P4\n')).to.deep.equal(["intake.yaml:4:15: rule 'a': flow 'website-unreachable' has no priority 'P4' (use one of P1, P2, P3)"]);
    expect(problemsOf('rules:\n  - name: a\n    flow: it-desk-incident\n    fields: { categroy: network, affected_users: many }\n')).to.deep.equal([
      "intake.yaml:4:15: rule 'a': flow 'it-desk-incident' declares no field 'categroy' (did you mean 'category'?)",
      "intake.yaml:4:50: rule 'a': field 'affected_users' must be a number, got 'many'",
    ]);
    expect(problemsOf('rules:\n  - name: a\n    match: { keywords: [x] }\n    flow: it-desk-incident\n')).to.deep.equal([
      "intake.yaml:2:5: the last rule ('a') has conditions: a default rule is required (end the list with a rule without match; it takes every request no other rule took)",
    ]);
    const shadowed = problemsOf(`rules:
  - { name: wide, match: { keywords: [Drucker, Scanner] }, flow: it-desk-incident }
  - { name: narrow, match: { subject: [drucker], channel: email }, flow: password-reset }
  - { name: domain, match: { from: kunde.example }, flow: it-desk-incident }
  - { name: address, match: { from: [a@kunde.example], keywords: [x] }, flow: it-desk-incident }
  - { name: default, flow: it-desk-incident }
  - { name: after-default, flow: password-reset }
`);
    expect(shadowed).to.deep.equal([
      "intake.yaml:3:13: rule 'narrow' can never match: rule 'wide' before it matches everything it matches (move it above that rule or narrow the earlier one)",
      "intake.yaml:5:13: rule 'address' can never match: rule 'domain' before it matches everything it matches (move it above that rule or narrow the earlier one)",
      "intake.yaml:7:13: rule 'after-default' can never match: rule 'default' before it matches everything it matches (move it above that rule or narrow the earlier one)",
    ]);
  });

  it('does not call a narrower earlier rule shadowing', () => {
    rulesOf(`rules:
  - { name: narrow, match: { keywords: [Drucker], channel: email }, flow: it-desk-incident }
  - { name: wide, match: { keywords: [Drucker, Scanner] }, flow: password-reset }
  - { name: address, match: { from: a@kunde.example }, flow: it-desk-incident }
  - { name: domain, match: { from: kunde.example }, flow: it-desk-incident }
  - { name: default, flow: it-desk-incident }
`);
  });
});

describe('sopflow route', () => {
  it('prints the rule, flow, priority, fields and why, without starting anything', () => {
    const { output } = runRoute({ channel: 'email', from: 'anna@kunde.example', subject: 'Ausfall', text: 'Totalausfall im Werk', flows: FLOWS });
    expect(output).to.equal(
      [`rule:     outage (${join(FLOWS, 'intake.yaml')})`, 'flow:     it-desk-incident', 'priority: P1', 'fields:   category=network', 'because:  mentions "Ausfall"', ''].join('\n'),
    );
  });
});

describe('sopflow validate and the routing rules', () => {
  it('checks a flows directory’s intake.yaml against its flows and reports its problems with the flows’', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sopflow-validate-intake-'));
    copyFileSync(join(FLOWS, 'calendars.yaml'), join(dir, 'calendars.yaml'));
    copyFileSync(join(FLOWS, 'password-reset.yaml'), join(dir, 'password-reset.yaml'));
    writeFileSync(join(dir, 'intake.yaml'), 'rules:\n  - name: default\n    flow: it-desk-incident\n');
    const outcome = runValidate([dir]);
    expect(outcome.exitCode).to.equal(1);
    expect(outcome.output).to.contain(`${join(dir, 'intake.yaml')}:3:11: rule 'default': unknown flow 'it-desk-incident' (known flows: password-reset)`);
  });
});
