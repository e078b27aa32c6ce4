import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { build } from '../scripts/build';

/** Runs `sopflow <args>` as a user would and lists every package and file it loaded. */
function loadedBy(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; loaded: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'sopflow-startup-'));
  try {
    const log = join(dir, 'loaded.txt');
    const hook = join(dir, 'hook.js');
    writeFileSync(
      hook,
      `const Module = require('module'); const load = Module._load; const seen = [];
       Module._load = function (request) { seen.push(request); return load.apply(this, arguments); };
       process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(log)}, seen.join('\\n')));`,
    );
    const run = spawnSync(process.execPath, ['--require', hook, 'bin/sopflow.js', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
    return { status: run.status, stdout: run.stdout, loaded: readFileSync(log, 'utf8').split('\n') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('CLI start-up: compiled, and only what the command needs', () => {
  const cache = mkdtempSync(join(tmpdir(), 'sopflow-cache-'));
  before(() => {
    build();
  });
  after(() => {
    rmSync(cache, { recursive: true, force: true });
  });

  it('runs the compiled dist/ when it is newer than every source, without tsx', () => {
    const { status, loaded } = loadedBy(['--help']);
    expect(status).to.equal(0);
    expect(loaded).to.include('../dist/cli/index.js');
    expect(loaded.filter((request) => request.startsWith('tsx'))).to.deep.equal([]);
  });

  it('--help loads only commander and the command definitions: no Temporal SDK, no holiday data, no flow or config loader', () => {
    const { status, stdout, loaded } = loadedBy(['--help']);
    expect(status).to.equal(0);
    expect(stdout).to.include('validate');
    const heavy = ['date-holidays', 'zod', 'yaml', 'luxon', 'xstate'];
    expect(loaded.filter((request) => request.startsWith('@temporalio/') || heavy.includes(request))).to.deep.equal([]);
    // Each command's own --help, too: its options are declared without loading what it runs.
    for (const command of ['validate', 'calendar', 'graph', 'route', 'report', 'start', 'serve']) {
      const help = loadedBy([command, '--help']);
      expect(help.status, command).to.equal(0);
      expect(help.loaded.filter((request) => heavy.includes(request)), command).to.deep.equal([]);
    }
  });

  it('validate loads no Temporal SDK, and the holiday data set only until its answers are cached', () => {
    const first = loadedBy(['validate', 'flows/password-reset.yaml'], { SOPFLOW_CACHE_DIR: cache });
    expect(first.stdout).to.equal('1 file checked: 0 errors, 0 warnings\n');
    expect(first.loaded).to.include('date-holidays');
    const second = loadedBy(['validate', 'flows/password-reset.yaml'], { SOPFLOW_CACHE_DIR: cache });
    expect(second.stdout).to.equal(first.stdout);
    expect(second.loaded.filter((request) => request.startsWith('@temporalio/') || request === 'date-holidays')).to.deep.equal([]);
  });

  it('status reads no flow files: the flow loader stays unloaded (here Temporal is unreachable, so it stops at connecting)', () => {
    const { status, loaded } = loadedBy(['status', 'T-1'], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(status).to.equal(1);
    expect(loaded).to.include('@temporalio/client');
    expect(loaded.filter((request) => ['zod', 'yaml', 'date-holidays'].includes(request))).to.deep.equal([]);
  });

  it('validate runs from one bundle (no package resolved module by module) and still reports problems at their lines', () => {
    const good = loadedBy(['validate', 'flows/password-reset.yaml'], { SOPFLOW_CACHE_DIR: cache });
    expect(good.loaded.filter((request) => ['zod', 'yaml', 'luxon', 'xstate'].includes(request))).to.deep.equal([]);
    const bad = loadedBy(['validate', 'test/fixtures/bad-flows/priority-target.yaml'], { SOPFLOW_CACHE_DIR: cache });
    expect(bad.status).to.equal(1);
    expect(bad.stdout).to.contain("priority-target.yaml:7:45: unknown priority 'P4'");
    expect(bad.stdout).to.match(/1 file checked: 3 errors, 1 warning\n$/);
  });
});
