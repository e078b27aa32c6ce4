import { expect } from 'chai';
import { ConfigError, parseConfig } from '../src/config';
import { formatProblem } from '../src/source/problem';

const BASE = `channels:
  email:
    host: 127.0.0.1
    port: 2525
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

function problems(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfig(text, 'sopflow.config.yaml', env, '/srv/sopflow');
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as ConfigError).problems.map(formatProblem);
  }
  throw new Error('the config was accepted');
}

describe('config: the intake section', () => {
  it('fills defaults (SMTP on 127.0.0.1:2526, caps, paths resolved against the config file)', () => {
    const config = parseConfig(`${BASE}intake:\n  email: { address: desk@firma.example }\n  imap: { host: imap.firma.example, port: 993, auth: { user: desk, pass: "\${IMAP_PASS}" } }\n`, 'x.yaml', { IMAP_PASS: 'secret' }, '/srv/sopflow');
    expect(config.intake?.smtp).to.deep.equal({ enabled: true, host: '127.0.0.1', port: 2526, maxBytes: 25 * 1024 * 1024 });
    expect(config.intake?.senderCap.perHour).to.equal(20);
    expect(config.intake?.attachments).to.deep.equal({ dir: '/srv/sopflow/.sopflow/attachments', maxBytes: 10 * 1024 * 1024 });
    expect(config.intake?.imap).to.deep.include({ mailbox: 'INBOX', processed: 'Processed', failed: 'Failed', review: 'Review', pollSeconds: 30, stateFile: '/srv/sopflow/.sopflow/imap-state.json', secure: true });
  });

  it('refuses a literal IMAP password, a bad token hash and a bad intake address, each at its position', () => {
    const text = `${BASE}intake:
  email: { address: not-an-address }
  imap: { host: imap.firma.example, port: 993, auth: { user: desk, pass: hunter2 } }
  api:
    clients:
      - { id: acd, tokenSha256: abc }
`;
    expect(problems(text)).to.deep.equal([
      'sopflow.config.yaml:19:21: intake.email.address: must be an e-mail address',
      'sopflow.config.yaml:20:74: intake.imap.auth.pass: secrets must come from the environment (write a reference such as ${SMTP_PASSWORD} instead of the value)',
      'sopflow.config.yaml:23:33: intake.api.clients.0.tokenSha256: must be the SHA-256 of the token in hex (64 characters): `sopflow intake-token <client>`',
    ]);
  });
});
