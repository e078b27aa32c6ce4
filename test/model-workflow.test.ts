import { expect } from 'chai';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { flowTestModel, formatDivergence, WorkflowSession } from '../src/testing';
import type { FlowTestModel, PathRun } from '../src/testing';
import { resolveFlowFiles } from '../src/testing/run-flow-tests';
import { ESCALATION_FLOW, flowFromYaml, THROUGH_WAITING_FLOW } from './helpers/flow-fixtures';

describe('model-based tests: every path on the engine and on the real workflow (time-skipping server)', function () {
  // About 260 paths on one server, 8 at a time: a minute or two on two cores.
  this.timeout(600_000);
  let session: WorkflowSession;
  const models: FlowTestModel[] = [
    ...resolveFlowFiles([], 'flows').map((file) => flowTestModel(file)),
    // A guard without fallback: the workflow must refuse the violating payload as the engine does.
    flowTestModel(flowFromYaml(ESCALATION_FLOW), { calendar: CALENDAR_24X7 }),
    // A waiting state that leads into another tier: a new workflow counts L1 -> waiting -> L2 as
    // an escalation (its patched() rule is on), as the model predicts.
    flowTestModel(flowFromYaml(THROUGH_WAITING_FLOW), { calendar: CALENDAR_24X7 }),
  ];
  const runs = new Map<string, PathRun[]>();

  before(async () => {
    session = await WorkflowSession.create({ concurrency: 8 });
    const items = models.flatMap((model) => model.paths().map((path) => ({ model, path })));
    const all = await session.forEach(items, async ({ model, path }) => model.runOnWorkflow(path, session));
    for (const run of all) runs.set(run.flow, [...(runs.get(run.flow) ?? []), run]);
  });
  after(async () => {
    await session?.close();
  });

  for (const model of models) {
    it(`${model.flow.id}: every path agrees with the model after every step, covering every state and transition`, async () => {
      const mine = runs.get(model.flow.id) ?? [];
      expect(mine).to.have.length(model.paths().length);
      expect(mine.filter((run) => !run.ok).map((run) => formatDivergence(run.divergence!))).to.deep.equal([]);
      const coverage = model.coverage(mine);
      expect(coverage.states.missing).to.deep.equal([]);
      expect(coverage.transitions.missing).to.deep.equal([]);
      // The engine side of the double run takes the same steps and agrees too.
      const engine = await model.runAllOnEngine();
      expect(engine.filter((run) => !run.ok)).to.deep.equal([]);
      const states = (sides: PathRun[]): string[][] => sides.map((run) => run.steps.map((step) => `${step.actual.refused ? 'refused in ' : ''}${step.actual.state}`));
      expect(states(engine)).to.deep.equal(states(mine));
    });
  }

  it('checks refusals on the workflow: refused updates leave state, tier and SLA as they were', () => {
    const refused = [...runs.values()].flat().flatMap((run) => run.steps.filter((step) => step.expected.refused));
    expect(refused.length).to.be.greaterThan(30);
    for (const step of refused) expect(step.actual).to.deep.include({ refused: true, notifications: [], assignments: [] });
    expect(refused.some((step) => step.label.startsWith('VERIFIED {verified: false}'))).to.equal(true);
  });

  it('takes SLA breaches and after timeouts by skipping time on the shared server clock', () => {
    const timed = [...runs.values()].flat().flatMap((run) => run.steps.filter((step) => step.label.startsWith('⏱')));
    expect(timed.some((step) => step.label === '⏱ SLA breach' && step.actual.notifications.includes('sla_breached/escalation_manager'))).to.equal(true);
    expect(timed.some((step) => step.label.startsWith('⏱ after'))).to.equal(true);
    expect(session.clock.skips).to.be.greaterThan(50);
  });
});
