import { expect } from 'chai';
import type { FlowDefinition } from '../src/flow/definition';
import { flowMutations, flowTestModel, formatDivergence, pathLabel, WorkflowSession } from '../src/testing';
import type { ModelPath } from '../src/testing';

/** The mutant of password-reset with the given id. */
function mutant(id: string): FlowDefinition {
  const found = flowMutations(model.flow).find((mutation) => mutation.id === id);
  if (!found) throw new Error(`no mutant ${id}`);
  return found.flow;
}

/** The first generated path whose steps, as a label, start with `prefix`. */
function pathStarting(prefix: string): ModelPath {
  const path = model.paths().find((candidate) => pathLabel(candidate).startsWith(prefix));
  if (!path) throw new Error(`no path starting with ${prefix}`);
  return path;
}

const model = flowTestModel('flows/password-reset.yaml');

describe('model-based tests: divergences', function () {
  this.timeout(180_000);

  it('reports an engine that does not do what the model does with a readable trace', async () => {
    const path = pathStarting('ACCEPT → IDENTITY_CHECKED {verified: true}');
    const run = await model.runOnEngine(path, { flow: mutant('retarget:l1_identity_check.IDENTITY_CHECKED#0') });
    expect(run.ok).to.equal(false);
    const divergence = run.divergence!;
    expect(divergence).to.deep.include({ flow: 'password-reset', path: path.id, side: 'engine', kind: 'mismatch', step: 2 });
    expect(divergence.expected?.state).to.equal('l1_reset_password');
    expect(divergence.actual?.state).to.equal('l1_waiting_for_customer');
    const trace = formatDivergence(divergence);
    expect(trace).to.contain(`password-reset — path ${path.id} (engine): engine differs from the model`);
    expect(trace).to.contain('step 2:   IDENTITY_CHECKED {verified: true}');
    expect(trace).to.contain('expected: l1_reset_password (L1)');
    expect(trace).to.contain('actual:   l1_waiting_for_customer');
    expect(trace).to.contain('- state: expected l1_reset_password, got l1_waiting_for_customer');
    expect(trace).to.match(/#1 \S+ created → new/);
    expect(trace).to.match(/transition IDENTITY_CHECKED l1_identity_check → l1_waiting_for_customer by model-test/);
    // The run stops at the divergence: no step after it is recorded.
    expect(run.steps.at(-1)!.index).to.equal(2);
  });

  it('reports a step the machine graph takes but the engine cannot as a model divergence', async () => {
    const path = pathStarting('ACCEPT');
    const wrong: ModelPath = { ...path, id: 'p-wrong', steps: [{ step: { kind: 'event', event: 'ACCEPT', data: {} }, state: 'resolved' }] };
    const run = await model.runOnEngine(wrong);
    expect(run.divergence).to.deep.include({ kind: 'model', step: 1 });
    expect(formatDivergence(run.divergence!)).to.contain('the model disagrees with the machine graph').and.to.contain('the machine graph expects resolved; the model is in l1_identity_check');
  });

  describe('against a workflow started with a mutated flow (time-skipping server)', () => {
    let session: WorkflowSession;
    before(async () => {
      // A diverging workflow never catches up; three seconds are plenty to tell.
      session = await WorkflowSession.create({ settleMs: 3000 });
    });
    after(async () => {
      await session?.close();
    });

    it('reports a skipped escalation tier at the step it happens, with the workflow timeline', async () => {
      const path = pathStarting('ESCALATE');
      const run = await model.runOnWorkflow(path, session, { flow: mutant('skip-escalation:new.ESCALATE#0') });
      expect(run.ok).to.equal(false);
      const divergence = run.divergence!;
      expect(divergence).to.deep.include({ side: 'workflow', kind: 'mismatch', step: 1 });
      expect(divergence.differences).to.include('state: expected l2_account_analysis, got l3_portal_provider');
      expect(divergence.differences).to.include('tier: expected L2, got L3');
      expect(divergence.differences.some((difference) => difference.startsWith('notifications:') && difference.includes('escalated/escalation_manager'))).to.equal(true);
      const trace = formatDivergence(divergence);
      expect(trace).to.contain(`password-reset — path ${path.id} (workflow): workflow differs from the model`);
      expect(trace).to.match(/transition ESCALATE new → l3_portal_provider by model-test/);
    });

    it('reports a lengthened SLA target when the breach does not come at the modelled instant', async () => {
      const path = pathStarting('⏱ SLA breach');
      const run = await model.runOnWorkflow(path, session, { flow: mutant('lengthen-sla:new') });
      const divergence = run.divergence!;
      expect(divergence).to.deep.include({ side: 'workflow', step: 1, stepLabel: '⏱ SLA breach' });
      expect(divergence.differences).to.include('state: expected l2_account_analysis, got new');
      expect(formatDivergence(divergence)).to.match(/#1 \S+ created → new/);
    });

    it('passes the same paths against the unchanged flow', async () => {
      const runs = await session.forEach([pathStarting('ESCALATE'), pathStarting('⏱ SLA breach')], async (path) => model.runOnWorkflow(path, session));
      expect(runs.map((run) => run.divergence && formatDivergence(run.divergence))).to.deep.equal([undefined, undefined]);
    });
  });
});
