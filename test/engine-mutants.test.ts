import { expect } from 'chai';
import { ENGINE_MUTANTS } from './helpers/engine-mutants';
import { mutantCopy, runCopiedCli } from './helpers/mutant-copy';

/*
 * The generated tests must catch a wrong engine, not only a wrong flow: each mutant below is
 * one deliberate mistake in a copy of src/ticket or src/sla, and `sopflow test --engine-only`
 * over every example flow has to fail on it with a readable divergence. The copy without a
 * mutant must pass, so a failure is the mutant's doing and not the copy's.
 */
describe('sopflow test --engine-only against a mutated engine', function () {
  this.timeout(120_000);

  it('passes on an unmutated copy of the sources', async () => {
    const copy = mutantCopy(undefined);
    try {
      const { code, output } = await runCopiedCli(copy.dir, ['test', '--engine-only']);
      expect(output).to.match(/✓ 8 flows, \d+ paths, 0 divergent runs/);
      expect(code).to.equal(0);
    } finally {
      copy.remove();
    }
  });

  for (const mutant of ENGINE_MUTANTS) {
    it(`fails with a readable divergence when ${mutant.description} (${mutant.id})`, async () => {
      const copy = mutantCopy(mutant);
      try {
        const { code, output } = await runCopiedCli(copy.dir, ['test', '--engine-only']);
        expect(code, output).to.equal(1);
        expect(output).to.match(/✗ [\w-]+ — path p\d+ \(engine\): engine differs from the model/);
        expect(output).to.match(/ {2}expected: /).and.to.match(/ {2}actual: {3}/);
        expect(output, `the divergence should show ${mutant.divergence}`).to.match(mutant.divergence);
      } finally {
        copy.remove();
      }
    });
  }
});
