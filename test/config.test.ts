import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfig } from '../src/config';
import type { SourceProblem } from '../src/source/problem';
import { SourceProblemsError } from '../src/source/problem';

const VALID = `channels:
  email:
    host: 127.0.0.1
    port: \${SOPFLOW_SMTP_PORT:-2525}
    from: "Servicedesk <desk@firma.example>"
recipients:
  team: desk@firma.example
  escalationManager: chef@firma.example
pools:
  L1:
    strategy: round-robin
    agents:
      - { id: a.schmidt, name: Anna Schmidt, email: anna@firma.example, capacity: 5 }
web:
  baseUrl: http://localhost:8080
languages:
  default: de
`;

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return err as ConfigError;
  }
  expect.fail('expected a ConfigError');
}

describe('config: sopflow.config.yaml', () => {
  it('loads the repository default config with the demo SMTP port', () => {
    const config = loadConfig('sopflow.config.yaml', {});
    expect(config.channels.email).to.include({ host: '127.0.0.1', port: 2525, secure: false });
    expect(config.channels.webhook).to.equal(undefined);
    expect(config.languages.default).to.equal('de');
    expect(Object.keys(config.pools)).to.deep.equal(['L1', 'L2', 'L3']);
    for (const pool of Object.values(config.pools)) expect(pool.agents.length).to.be.greaterThan(1);
  });

  it('takes the SMTP port from SOPFLOW_SMTP_PORT', () => {
    expect(loadConfig('sopflow.config.yaml', { SOPFLOW_SMTP_PORT: '3025' }).channels.email.port).to.equal(3025);
  });

  it('fills defaults and resolves notify paths against the config file directory', () => {
    const config = parseConfig(VALID, 'x.yaml', {}, '/srv/sopflow');
    expect(config.notify).to.deep.equal({ outboxDir: '/srv/sopflow/.sopflow/outbox', templatesDir: '/srv/sopflow/templates', timeZone: 'Europe/Berlin' });
    expect(config.channels.email.timeoutMs).to.equal(10_000);
    expect(config.pools['L1']?.agents[0]?.skills).to.deep.equal([]);
  });

  it('lists every problem with file:line:col', () => {
    const text = `channels:
  email:
    hots: 127.0.0.1
    port: seventy
    from: not-an-address
recipients:
  team: nope
  escalationManager: chef@firma.example
pools:
  L1:
    strategy: random
    agents:
      - { id: a, name: A, email: a@firma.example, capacity: -1 }
      - { id: a, name: B, email: b@firma.example, capacity: 2 }
  X9:
    strategy: round-robin
    agents: [{ id: c, name: C, email: c@firma.example, capacity: 1 }]
web:
  baseUrl: ftp://files
languages:
  default: fr
`;
    const err = configError(() => parseConfig(text, 'sopflow.config.yaml', {}));
    expect(err).to.be.instanceOf(SourceProblemsError);
    expect(err.message.split('\n')).to.deep.equal([
      // A misspelt key is one mistake: no "missing 'host'" besides the suggestion.
      "sopflow.config.yaml:3:5: unknown key 'hots' in channels.email (did you mean 'host'?)",
      'sopflow.config.yaml:4:11: channels.email.port: must be a whole number',
      'sopflow.config.yaml:5:11: channels.email.from: must be an e-mail address, optionally with a display name: "Name <address>"',
      'sopflow.config.yaml:7:9: recipients.team: must be an e-mail address',
      'sopflow.config.yaml:11:15: pools.L1.strategy: Invalid option: expected one of "round-robin"|"least-loaded"',
      'sopflow.config.yaml:13:61: pools.L1.agents.0.capacity: must be 0 or more',
      'sopflow.config.yaml:14:15: pools.L1.agents.1.id: duplicate agent id "a"',
      "sopflow.config.yaml:15:3: invalid key 'X9' in pools: tier names are L1, L2, L3 …",
      'sopflow.config.yaml:19:12: web.baseUrl: must be an http(s) URL',
      'sopflow.config.yaml:21:12: languages.default: Invalid option: expected one of "de"|"en"|"pl"',
    ]);
    expect(err.problems).to.have.length(10);
    expect(err.problems[0]).to.deep.equal({
      file: 'sopflow.config.yaml',
      line: 3,
      col: 5,
      message: "unknown key 'hots' in channels.email",
      hint: "did you mean 'host'?",
      severity: 'error',
      rule: 'config',
    });
  });

  it('suggests the value meant by a misspelt pool strategy', () => {
    const err = configError(() => parseConfig(VALID.replace('strategy: round-robin', 'strategy: round-robbin'), 'c.yaml', {}));
    expect(err.message).to.equal(`c.yaml:11:15: pools.L1.strategy: Invalid option: expected one of "round-robin"|"least-loaded" (did you mean 'round-robin'?)`);
  });

  it('reports a key written twice with both positions', () => {
    const err = configError(() => parseConfig(VALID.replace('languages:', 'web:\n  baseUrl: http://x\nlanguages:'), 'c.yaml', {}));
    expect(err.message).to.equal("c.yaml:16:1: duplicate key 'web' (each key may appear only once; 'web' is first defined at line 14, rename or merge one of them)");
  });

  it('names a missing environment variable and where it is used', () => {
    const text = VALID.replace('    from:', () => '    auth:\n      user: desk\n      pass: ${SMTP_PASSWORD}\n    from:');
    const err = configError(() => parseConfig(text, 'sopflow.config.yaml', {}));
    expect(err.message).to.equal(
      'sopflow.config.yaml:7:13: channels.email.auth.pass: environment variable SMTP_PASSWORD is not set (set SMTP_PASSWORD, or write a fallback: ${SMTP_PASSWORD:-value})',
    );
    expect(parseConfig(text, 'x.yaml', { SMTP_PASSWORD: 's3cret' }).channels.email.auth?.pass).to.equal('s3cret');
  });

  it('refuses secrets written into the file', () => {
    const text = VALID.replace('    from:', () => '    auth: { user: desk, pass: hunter2 }\n    from:');
    const err = configError(() => parseConfig(text, 'sopflow.config.yaml', {}));
    expect(err.message).to.equal(
      'sopflow.config.yaml:5:31: channels.email.auth.pass: secrets must come from the environment (write a reference such as ${SMTP_PASSWORD} instead of the value)',
    );
  });

  it('interpolates inside values and keeps $${ literal', () => {
    const text = VALID.replace('http://localhost:8080', () => 'http://${PORTAL_HOST}:8080/$${x}');
    expect(parseConfig(text, 'x.yaml', { PORTAL_HOST: 'desk.local' }).web.baseUrl).to.equal('http://desk.local:8080/${x}');
  });

  it('validates optional channels: webhook, chat and sms', () => {
    const text = `${VALID}`.replace(
      'recipients:',
      `  webhook: { url: "https://hooks.example/x", secret: "\${HOOK}" }
  chat: { kind: discord, url: "https://chat.example" }
  sms: { urlTemplate: "https://sms.example/?to={{phone}}&msg={{body}}" }
recipients:`,
    );
    const err = configError(() => parseConfig(text, 'c.yaml', { HOOK: 'short' }));
    expect(err.problems.map((problem: SourceProblem) => `${problem.line}:${problem.message.split(':')[0]}`)).to.deep.equal([
      '6:channels.webhook.secret',
      '7:channels.chat.kind',
      '8:channels.sms.urlTemplate',
    ]);
    expect(err.problems[2]?.message).to.contain('{{phone}}, {{text}}, {{ticket}}');
  });

  it('hints at quoting when an unquoted ${VAR} breaks a flow mapping', () => {
    const text = VALID.replace('    from:', () => '    auth: { user: desk, pass: ${SMTP_PASSWORD} }\n    from:');
    const err = configError(() => parseConfig(text, 'sopflow.config.yaml', {}));
    expect(err.problems[0]?.line).to.equal(5);
    expect(err.problems[0]?.hint).to.contain('quote values containing ${…}');
  });

  it('reports YAML syntax errors with their position', () => {
    const err = configError(() => parseConfig('channels:\n  email: [unclosed\nrecipients:\n  team: x\n', 'bad.yaml', {}));
    expect(err.message).to.equal("bad.yaml:2:10: this `[` is never closed (end the list with `]`; if the `[` is meant as text, put the whole value in quotes)");
  });

  it('reports an unreadable file as a ConfigError naming the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sopflow-config-'));
    const missing = join(dir, 'nope.yaml');
    expect(configError(() => loadConfig(missing, {})).message).to.contain(`${missing}:1:1: cannot read the config file`);
    writeFileSync(join(dir, 'ok.yaml'), VALID);
    expect(loadConfig(join(dir, 'ok.yaml'), {}).notify.outboxDir).to.equal(join(dir, '.sopflow/outbox'));
  });
});

describe('config: problems on the command line', () => {
  it('sopflow worker --config prints every problem as file:line:col: message (hint) and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sopflow-config-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, VALID.replace('strategy: round-robin', 'strategy: round-robbin').replace('default: de', 'default: dee'));
    const run = spawnSync(process.execPath, ['bin/sopflow.js', 'worker', '--config', file], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr.trim().split('\n')).to.deep.equal([
      `${file}:11:15: pools.L1.strategy: Invalid option: expected one of "round-robin"|"least-loaded" (did you mean 'round-robin'?)`,
      `${file}:17:12: languages.default: Invalid option: expected one of "de"|"en"|"pl" (did you mean 'de'?)`,
    ]);
    expect(run.status).to.equal(1);
  });
});
