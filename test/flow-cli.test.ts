import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { graphCommand } from '../src/cli/commands/graph';
import { runGraph } from '../src/cli/run-graph';
import { validateCommand } from '../src/cli/commands/validate';
import { runValidate } from '../src/cli/run-validate';
import { SopflowError } from '../src/errors/sopflow-error';
import { SourceProblemsError } from '../src/source/problem';

/** Runs a commander action with stdout captured and `process.exitCode` restored afterwards. */
async function capture(run: () => Promise<unknown>): Promise<{ output: string; exitCode: number | string | undefined }> {
  const write = process.stdout.write.bind(process.stdout);
  const previousExitCode = process.exitCode;
  let output = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    await run();
    return { output, exitCode: process.exitCode };
  } finally {
    process.stdout.write = write;
    process.exitCode = previousExitCode;
  }
}

describe('sopflow validate', () => {
  it('passes the example flows with a one-line summary and exit code 0', () => {
    const { exitCode, output } = runValidate(['flows']);
    expect(exitCode).to.equal(0);
    expect(output).to.match(/^\d+ files checked: 0 errors, 0 warnings\n$/);
  });

  it('prints every problem of every file as file:line:col, then a summary, and exits 1', () => {
    const { exitCode, output } = runValidate(['test/fixtures/bad-flows/tier-skip.yaml', 'test/fixtures/bad-flows/undeclared-event.yaml']);
    expect(exitCode).to.equal(1);
    expect(output.split('\n')).to.deep.equal([
      "test/fixtures/bad-flows/tier-skip.yaml:17:17: transition from L1 state 'l1_work' to L3 state 'l3_work' skips L2 (escalate one tier at a time, or add deescalate: true if this is intended)",
      "test/fixtures/bad-flows/tier-skip.yaml:23:25: transition from L1 state 'l1_work' to L3 state 'l3_work' (through waiting state 'waiting_for_customer') skips L2 (escalate one tier at a time, or add deescalate: true if this is intended)",
      "test/fixtures/bad-flows/tier-skip.yaml:27:18: transition from L2 state 'l2_work' to L1 state 'l1_work' moves down a tier (escalate one tier at a time, or add deescalate: true if this is intended)",
      "test/fixtures/bad-flows/undeclared-event.yaml:10:3: warning: event 'REOPEN' is declared but no state handles it (handle it in some state’s on:, or remove it)",
      "test/fixtures/bad-flows/undeclared-event.yaml:16:7: event 'RESOLV' is not declared (did you mean 'RESOLVE'?)",
      "test/fixtures/bad-flows/undeclared-event.yaml:21:7: event 'CLOSE' is not declared (declare it under events:)",
      '2 files checked: 5 errors, 1 warning',
      '',
    ]);
  });

  it('checks a whole directory, including every fixture of the bad-input corpus', () => {
    const { exitCode, output } = runValidate(['test/fixtures/bad-flows']);
    expect(exitCode).to.equal(1);
    expect(output).to.include('test/fixtures/bad-flows/empty.yaml:1:1: file is empty');
    expect(output).to.include('test/fixtures/bad-flows/alias-bomb.yaml:3:8: aliases expand too far');
    // Without a calendars.yaml beside them, only the built-in 24x7 calendar is known.
    expect(output).to.include("test/fixtures/bad-flows/unknown-calendar.yaml:5:11: unknown calendar 'ofice-hours' (known calendars: 24x7)");
    const fixtures = readdirSync('test/fixtures/bad-flows').length;
    expect(output.trimEnd().split('\n').pop()).to.match(new RegExp(`^${fixtures} files checked: \\d+ errors, \\d+ warnings$`));
  });

  it('reports a path that does not exist and still checks the others', () => {
    const { exitCode, output } = runValidate(['no/such/flow.yaml', 'flows/password-reset.yaml']);
    expect(exitCode).to.equal(1);
    expect(output).to.equal('no/such/flow.yaml:1:1: cannot read flow file: no such file or directory\n2 files checked: 1 error, 0 warnings\n');
  });

  it('checks calendar names against the calendar file it is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sopflow-validate-'));
    try {
      writeFileSync(join(dir, 'calendars.yaml'), 'calendars:\n  support-hours:\n    timezone: Europe/Berlin\n    hours: { mon: ["08:00-17:00"] }\n');
      const { exitCode, output } = runValidate(['flows/password-reset.yaml'], { calendars: join(dir, 'calendars.yaml') });
      expect(exitCode).to.equal(1);
      expect(output).to.include("flows/password-reset.yaml:14:11: unknown calendar 'office-hours' (known calendars: 24x7, support-hours)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('warns at the flow line of each assign: skill that no agent of the tier has, from the config next to flows/', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sopflow-validate-'));
    try {
      mkdirSync(join(dir, 'flows'));
      copyFileSync('flows/password-reset.yaml', join(dir, 'flows', 'password-reset.yaml'));
      copyFileSync('flows/calendars.yaml', join(dir, 'flows', 'calendars.yaml'));
      const shipped = readFileSync('sopflow.config.yaml', 'utf8');
      expect(shipped).to.include('portal_accounts');
      writeFileSync(join(dir, 'sopflow.config.yaml'), shipped.replaceAll(', portal_accounts', ''));
      const { exitCode, output } = runValidate([join(dir, 'flows')]);
      expect(exitCode).to.equal(0);
      // The line of the one `skill: portal_accounts` in the flow, so editing texts above it does not move the pin.
      const skillLine = readFileSync('flows/password-reset.yaml', 'utf8').split('\n').findIndex((line) => line.trim() === 'skill: portal_accounts') + 1;
      expect(skillLine).to.be.above(0);
      expect(output.split('\n')).to.deep.equal([
        `${join(dir, 'flows', 'password-reset.yaml')}:${skillLine}:16: warning: no L2 agent in ${join(dir, 'sopflow.config.yaml')} has skill 'portal_accounts' (add 'portal_accounts' to the skills of an agent of pools.L2; until then the ticket keeps its owner and the team is told nobody could be assigned)`,
        '1 file checked: 0 errors, 1 warning',
        '',
      ]);
      // --config names another file; its problems are reported like a flow's.
      writeFileSync(join(dir, 'other.yaml'), 'pools: {L1: {strategy: random, agents: []}}\n');
      const other = runValidate(['flows/password-reset.yaml'], { config: join(dir, 'other.yaml') });
      expect(other.exitCode).to.equal(1);
      expect(other.output).to.include(`${join(dir, 'other.yaml')}:1:24: pools.L1.strategy: Invalid option`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes a JSON report with --format json', () => {
    const { exitCode, output } = runValidate(['test/fixtures/bad-flows/initial-state.yaml', 'flows/it-desk-incident.yaml'], { format: 'json' });
    expect(exitCode).to.equal(1);
    const report = JSON.parse(output) as { files: Array<{ file: string; ok: boolean; flow?: string; problems: unknown[] }>; errors: number; warnings: number };
    expect(report.errors).to.equal(1);
    expect(report.warnings).to.equal(0);
    expect(report.files[0]).to.deep.equal({
      file: 'test/fixtures/bad-flows/initial-state.yaml',
      ok: false,
      problems: [
        {
          file: 'test/fixtures/bad-flows/initial-state.yaml',
          line: 5,
          col: 10,
          message: "unknown initial state 'l1_tirage'",
          hint: "did you mean 'l1_triage'?",
          severity: 'error',
          rule: 'initial-state',
        },
      ],
    });
    expect(report.files[1]).to.deep.equal({ file: 'flows/it-desk-incident.yaml', ok: true, flow: 'it-desk-incident', problems: [] });
  });

  it('runs as a commander command: prints the report and sets the exit code', async () => {
    const { output, exitCode } = await capture(() => validateCommand.parseAsync(['test/fixtures/bad-flows/dead-end.yaml'], { from: 'user' }));
    expect(exitCode).to.equal(1);
    expect(output).to.include("test/fixtures/bad-flows/dead-end.yaml:26:3: no final state can be reached from state 'l3_vendor'");
    expect(output).to.match(/1 file checked: 3 errors, 0 warnings\n$/);
  });
});

describe('sopflow graph', () => {
  it('draws a flow found by id as Mermaid, by default', () => {
    expect(runGraph('password-reset').split('\n')[0]).to.equal('flowchart LR');
  });

  it('draws a flow file as DOT', () => {
    expect(runGraph('flows/website-unreachable.yaml', { format: 'dot' }).split('\n')[0]).to.equal('digraph "website-unreachable" {');
  });

  it('suggests the closest id for an unknown flow', () => {
    expect(() => runGraph('pasword-reset'))
      .to.throw(SopflowError, "unknown flow 'pasword-reset'")
      .with.property('suggestion', "did you mean 'password-reset'?");
  });

  it('refuses to draw a flow with errors and reports them', () => {
    expect(() => runGraph('test/fixtures/bad-flows/dangling-target.yaml'))
      .to.throw(SourceProblemsError)
      .with.property('message')
      .that.includes("dangling-target.yaml:14:17: unknown state 'l2_identy_check' (did you mean 'l2_identity_check'?)");
  });

  it('runs as a commander command', async () => {
    const { output } = await capture(() => graphCommand.parseAsync(['hems-device-fault', '--format', 'dot'], { from: 'user' }));
    expect(output.split('\n')[0]).to.equal('digraph "hems-device-fault" {');
  });
});
