import { expect } from 'chai';
import { execFile } from 'node:child_process';

/** Runs scripts/run-tests.ts on one fixture suite; resolves to its exit code and output. */
async function runSuite(fixture: string): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--require', 'tsx/cjs', 'scripts/run-tests.ts', `test/fixtures/runner/${fixture}.fixture.ts`], (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe('the test runner (scripts/run-tests.ts)', function () {
  this.timeout(60_000);

  it('passes a suite whose tests all pass, with the summary line', async () => {
    const { code, output } = await runSuite('passing');
    expect(output).to.contain('mocha: 1 passed, 0 failed\n');
    expect(code).to.equal(0);
  });

  it('fails a run with a pending test', async () => {
    const { code, output } = await runSuite('pending');
    expect(output).to.match(/Pending test forbidden/);
    expect(code).to.equal(1);
  });

  it('fails a run with a skipped test', async () => {
    const { code, output } = await runSuite('skipped');
    expect(output).to.match(/Pending test forbidden/);
    expect(code).to.equal(1);
  });

  it('fails a run with a .only left in a file', async () => {
    const { code, output } = await runSuite('only');
    expect(output).to.match(/\.only` forbidden/);
    expect(code).to.equal(1);
  });
});
