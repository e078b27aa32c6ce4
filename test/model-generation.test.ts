import { expect } from 'chai';
import { evaluateCondition } from '../src/flow/condition';
import { loadFlowOrThrow } from '../src/flow/load-flow';
import { payloadProblems } from '../src/ticket/payload';
import { flowTestModel, flowTransitions, generatePaths, pathLabel } from '../src/testing';
import { relevantFields, snapshotKey } from '../src/testing/graph-events';
import { payloadVariants } from '../src/testing/payload-variants';
import { resolveFlowFiles } from '../src/testing/run-flow-tests';
import { CALENDAR_24X7 } from '../src/sla/business-calendar';
import { ESCALATION_FLOW, flowFromYaml } from './helpers/flow-fixtures';

const EXAMPLE_FILES = resolveFlowFiles([], 'flows');

describe('model-based tests: path generation', () => {
  it('finds every example flow in flows/', () => {
    expect(EXAMPLE_FILES.map((file) => file.replace(/^flows\//, ''))).to.include.members(['password-reset.yaml', 'it-desk-incident.yaml', 'demo-express.yaml']);
    expect(EXAMPLE_FILES.some((file) => file.endsWith('.test.yaml'))).to.equal(false);
  });

  for (const file of EXAMPLE_FILES) {
    it(`reaches 100% state and transition coverage (guards, SLA breaches, timeouts) on ${file}, all green on the engine`, async () => {
      const model = flowTestModel(file);
      const runs = await model.runAllOnEngine();
      const failed = runs.filter((run) => !run.ok).map((run) => run.divergence);
      expect(failed, 'no divergence on the engine').to.deep.equal([]);
      const coverage = model.coverage(runs);
      expect(coverage.states.missing, 'states not reached').to.deep.equal([]);
      expect(coverage.transitions.missing, 'transitions not taken').to.deep.equal([]);
      expect(coverage.transitions.total).to.equal(flowTransitions(model.flow).length).and.to.be.greaterThan(10);
      expect(coverage.breaches.total, 'every flow has SLA breaches to cover').to.be.greaterThan(0);
      expect(coverage.refusals, 'refusals are checked').to.be.greaterThan(0);
    });
  }

  it('generates a payload per guard outcome that satisfies exactly the guards it should, from declared fields and conditions', () => {
    const flow = loadFlowOrThrow('flows/master-data-change.yaml');
    const candidates = flow.states.l1_record_change!.on.CHANGE_RECORDED!;
    const variants = payloadVariants(flow, candidates, 'CHANGE_RECORDED', {}, { relevantFields: relevantFields(flow) });
    const outcomes = [...new Set(variants.map((variant) => variant.outcome))].sort();
    expect(outcomes).to.deep.equal([0, 1, 2, 3]);
    for (const variant of variants) {
      expect(payloadProblems(flow, 'CHANGE_RECORDED', variant.data), JSON.stringify(variant.data)).to.deep.equal([]);
      const first = candidates.findIndex((candidate) => !candidate.when || evaluateCondition(candidate.when, { fields: {}, event: variant.data }));
      expect(first).to.equal(variant.outcome);
    }
    // The fallback is taken only when every guard is violated.
    const fallback = variants.find((variant) => variant.outcome === 3)!;
    for (const candidate of candidates.slice(0, 3)) expect(evaluateCondition(candidate.when!, { fields: {}, event: fallback.data })).to.equal(false);
  });

  it('probes every event with a required field once without it, as a step that must be refused', () => {
    const flow = loadFlowOrThrow('flows/hems-device-fault.yaml');
    const refusals = generatePaths(flow).paths.filter((path) => path.origin === 'refusal').map((path) => path.steps.at(-1)!);
    const missing = refusals.flatMap(({ step }) => (step.kind === 'event' && step.refusal === 'missing-field' ? [step.event] : []));
    const required = Object.entries(flow.events).filter(([, spec]) => Object.values(spec.fields ?? {}).some((field) => field.required)).map(([name]) => name);
    expect(missing.sort()).to.deep.equal(required.sort());
    for (const { step } of refusals) if (step.kind === 'event') expect(payloadProblems(flow, step.event, step.data)).to.have.length.greaterThan(0);
  });

  it('probes a payload that violates a guard without fallback as a refusal that leaves the state unchanged', async () => {
    // The example flows put a fallback behind every guard (violating payloads take the fallback, covered above); this one does not.
    const model = flowTestModel(flowFromYaml(ESCALATION_FLOW), { calendar: CALENDAR_24X7 });
    const probe = model.paths().find((path) => path.steps.some(({ step }) => step.kind === 'event' && step.refusal === 'no-guard-holds'));
    expect(probe, 'a no-guard-holds probe').to.not.equal(undefined);
    const last = probe!.steps.at(-1)!;
    expect(last.step).to.deep.include({ kind: 'event', event: 'VERIFIED', data: { verified: false }, refusal: 'no-guard-holds' });
    expect(last.state).to.equal('l1_triage');
    const run = await model.runOnEngine(probe!);
    expect(run.ok, run.divergence?.differences.join('; ')).to.equal(true);
    expect(run.steps.at(-1)!.actual).to.deep.include({ refused: true, state: 'l1_triage', notifications: [] });
  });

  it('keys snapshots by state and the fields conditions read, not by free text', () => {
    const flow = loadFlowOrThrow('flows/hems-device-fault.yaml');
    const relevant = relevantFields(flow);
    expect(relevant).to.deep.equal(['device_online']);
    const key = snapshotKey(relevant);
    const base = { value: 'l2_device_analysis', context: { priority: 'P4', fields: { reason: 'a', question: 'b' } } };
    expect(key(base)).to.equal('l2_device_analysis');
    expect(key({ ...base, context: { ...base.context, fields: { ...base.context.fields, reason: 'other text' } } })).to.equal('l2_device_analysis');
    expect(key({ ...base, context: { ...base.context, fields: { device_online: false } } })).to.equal('l2_device_analysis {"device_online":false}');
  });

  it('covers SLA breaches and after timeouts as steps of their own, and bounds simple paths by --max-paths and --depth', () => {
    const flow = loadFlowOrThrow('flows/password-reset.yaml');
    const wide = generatePaths(flow, { maxPaths: 10, depth: 8 }).paths;
    const labels = wide.map(pathLabel);
    expect(labels.some((label) => label.includes('⏱ SLA breach'))).to.equal(true);
    expect(labels.some((label) => label.includes('⏱ after 5d'))).to.equal(true);
    const narrow = generatePaths(flow, { maxPaths: 0 }).paths;
    expect(narrow.filter((path) => path.origin === 'simple')).to.have.length(0);
    expect(wide.filter((path) => path.origin === 'simple').length).to.be.within(1, 10);
    const short = generatePaths(flow, { maxPaths: 50, depth: 3 }).paths;
    // Depth counts the machine's steps; the waits around waiting states come on top.
    const machineSteps = (path: (typeof short)[number]): number => path.steps.filter(({ step }) => step.kind !== 'wait').length;
    expect(short.filter((path) => path.origin === 'simple').every((path) => machineSteps(path) <= 3)).to.equal(true);
    // Paths that are a prefix of another are dropped: nothing is run twice.
    const texts = wide.map((path) => JSON.stringify(path.steps));
    expect(new Set(texts).size).to.equal(texts.length);
  });

  it('lets time pass before an event sends a ticket into waiting and before one brings it back, so paused clocks are checked', () => {
    const flow = loadFlowOrThrow('flows/password-reset.yaml');
    const paths = generatePaths(flow).paths;
    let waits = 0;
    for (const path of paths) {
      path.steps.forEach(({ step, state }, index) => {
        const before = index === 0 ? path.initial : path.steps[index - 1]!.state;
        const waited = index > 0 && path.steps[index - 1]!.step.kind === 'wait';
        if (step.kind === 'wait') {
          waits += 1;
          expect(state, 'a wait changes no state').to.equal(before);
          return;
        }
        const around = step.kind === 'event' && (flow.states[before]!.kind === 'waiting' || (flow.states[before]!.kind === 'working' && flow.states[state]!.kind === 'waiting'));
        expect(waited, `${pathLabel(path)}: step ${index + 1}`).to.equal(around);
      });
    }
    expect(waits).to.be.greaterThan(0);
    expect(paths.map(pathLabel)).to.include('ACCEPT → ⏱ time passes → IDENTITY_CHECKED {verified: false} → ⏱ time passes → CUSTOMER_REPLIED');
  });

  it('tries fixture payloads from flows/<flow>.test.yaml before generated ones', () => {
    const model = flowTestModel('flows/it-desk-incident.yaml');
    const labels = model.paths().map(pathLabel);
    expect(labels.some((label) => label.includes('CLASSIFIED {category: "application", affected_users: 250}'))).to.equal(true);
    expect(labels.some((label) => label.includes('Restarted the print spooler'))).to.equal(true);
  });
});
