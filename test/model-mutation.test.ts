import { expect } from 'chai';
import { flowMutations, flowTestModel, mutationCheck } from '../src/testing';
import type { MutationOperator } from '../src/testing';
import { resolveFlowFiles } from '../src/testing/run-flow-tests';

describe('model-based tests: mutation check', function () {
  this.timeout(120_000);

  for (const file of resolveFlowFiles([], 'flows')) {
    it(`kills every mutant of ${file} that can be told apart from the original`, async () => {
      const model = flowTestModel(file);
      const report = await mutationCheck(model);
      const survivors = report.outcomes.filter((outcome) => !outcome.killed && !outcome.equivalent).map((outcome) => outcome.description);
      expect(survivors).to.deep.equal([]);
      expect(report.score).to.equal(100);
      expect(report.side).to.equal('engine');
      const operators = (Object.keys(report.byOperator) as MutationOperator[]).filter((operator) => report.byOperator[operator].total > 0);
      expect(operators).to.include.members(['drop-transition', 'retarget', 'skip-escalation', 'lengthen-sla']);
      // Only mutants the engine cannot tell apart by construction may survive: a dropped customer
      // mail whose template is the very mail the engine sends by default.
      for (const outcome of report.outcomes.filter((candidate) => candidate.equivalent)) {
        expect(outcome.operator).to.equal('drop-entry-notify');
        expect(outcome.description).to.match(/entry notification customer\//);
      }
    });
  }

  it('generates every kind of mutant the check promises, each as its own copy of the flow', () => {
    const model = flowTestModel('flows/password-reset.yaml');
    const mutations = flowMutations(model.flow);
    const kinds = new Set(mutations.map((mutation) => mutation.operator));
    expect([...kinds].sort()).to.deep.equal(['drop-entry-notify', 'drop-transition', 'lengthen-sla', 'negate-guard', 'retarget', 'skip-escalation', 'swap-guards']);
    const skip = mutations.find((mutation) => mutation.id === 'skip-escalation:l1_identity_check.ESCALATE#0')!;
    expect(skip.flow.states.l1_identity_check!.on.ESCALATE![0]!.target).to.equal('l3_portal_provider');
    expect(model.flow.states.l1_identity_check!.on.ESCALATE![0]!.target, 'the original is untouched').to.equal('l2_account_analysis');
    const negated = mutations.find((mutation) => mutation.id === 'negate-guard:l1_identity_check.IDENTITY_CHECKED#0')!;
    expect(negated.flow.states.l1_identity_check!.on.IDENTITY_CHECKED![0]!.when).to.deep.equal({ not: { event: 'verified', equals: true } });
    const longer = mutations.find((mutation) => mutation.id === 'lengthen-sla:new')!;
    expect(longer.flow.states.new!.sla!.due).to.deep.equal({ P1: 30, P2: 60, P3: 120, P4: 480 });
  });

  it('names the path that killed a mutant and how', async () => {
    const report = await mutationCheck(flowTestModel('flows/demo-express.yaml'));
    const killed = report.outcomes.find((outcome) => outcome.id === 'retarget:l1_triage.RESOLVE#0')!;
    expect(killed.killed).to.equal(true);
    expect(killed.killedBy?.path).to.match(/^p\d+$/);
    expect(killed.killedBy?.difference).to.match(/^state: expected resolved, got /);
  });
});
