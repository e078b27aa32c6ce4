import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import type * as PublicApi from '../src/index';
import type * as TestingApi from '../src/testing/index';

describe('package entry points', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, string>; bin: Record<string, string> };

  it('every file package.json names exists', () => {
    const named = [...Object.values(pkg.exports), ...Object.values(pkg.bin)];
    expect(named.filter((file) => !existsSync(file))).to.deep.equal([]);
  });

  it('require("sopflow") gives the public API: a flow checked as sopflow validate checks it', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package resolved by its own name, through "exports"
    const sopflow = require('sopflow') as typeof PublicApi;
    const result = sopflow.loadFlowFile('flows/password-reset.yaml', { calendars: new Set(sopflow.loadCalendars().keys()) });
    expect(result.ok).to.equal(true);
    const bad = sopflow.loadFlowText('id: x\npriorities: [P1\n', 'x.yaml');
    expect(bad.ok ? [] : bad.problems.map(sopflow.formatProblem)).to.deep.equal([
      'x.yaml:2:13: this `[` is never closed (end the list with `]`; if the `[` is meant as text, put the whole value in quotes)',
    ]);
    expect(sopflow.loadConfig('sopflow.config.yaml', {}).pools['L1']?.strategy).to.equal('round-robin');
  });

  it('require("sopflow/testing") gives the model-based testing API', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package resolved by its own name, through "exports"
    const testing = require('sopflow/testing') as typeof TestingApi;
    expect(testing.generatePaths).to.be.a('function');
  });
});
