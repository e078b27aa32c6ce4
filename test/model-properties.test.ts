import { expect } from 'chai';
import { flowTestModel, notified, reachedTier } from '../src/testing';
import type { PathProperty } from '../src/testing';

/** Every path that reaches L3 has told the escalation manager (on entering L3, or by an SLA breach on the way). */
const l3NotifiesEscalationManager: PathProperty = (run) => !reachedTier(run, 'L3') || notified(run, 'escalation_manager') || 'reached L3 without a message to the escalation manager';

/** No path reaches `resolved` without a resolution text on the ticket. */
const resolvedWithResolution: PathProperty = (run) =>
  run.steps
    .filter((step) => step.actual.state === 'resolved')
    .every((step) => typeof step.status.fields.resolution === 'string' && step.status.fields.resolution.trim() !== '') || 'resolved without a resolution text';

describe('model-based tests: custom properties', function () {
  this.timeout(60_000);

  it('password-reset: every path that reaches L3 has notified the escalation manager', async () => {
    const model = flowTestModel('flows/password-reset.yaml');
    await model.assertProperty('every path that reaches L3 has notified the escalation manager', l3NotifiesEscalationManager);
    // The property is not vacuous: paths do reach L3.
    const runs = await model.runAllOnEngine();
    expect(runs.filter((run) => reachedTier(run, 'L3')).length).to.be.greaterThan(3);
  });

  it('password-reset: no path reaches resolved without a resolution text', async () => {
    const model = flowTestModel('flows/password-reset.yaml');
    await model.assertProperty('no path reaches resolved without a resolution text', resolvedWithResolution);
    const runs = await model.runAllOnEngine();
    // Both ways in are exercised: RESOLVE with a text, and CONFIRMED, which sets a default text.
    expect(runs.some((run) => run.steps.some((step) => step.actual.state === 'resolved' && step.label.startsWith('CONFIRMED')))).to.equal(true);
    expect(runs.some((run) => run.steps.some((step) => step.actual.state === 'resolved' && step.label.startsWith('RESOLVE')))).to.equal(true);
  });

  it('finds the paths of master-data-change that escalate to L3 without telling the escalation manager', async () => {
    // Its L3 state notifies the team only; only an SLA breach on the way tells the escalation manager.
    const model = flowTestModel('flows/master-data-change.yaml');
    const failures = await model.checkProperty(l3NotifiesEscalationManager);
    expect(failures.length).to.be.greaterThan(0);
    for (const { run, reason } of failures) {
      expect(reason).to.equal('reached L3 without a message to the escalation manager');
      expect(run.steps.some((step) => step.actual.state === 'l3_billing_vendor')).to.equal(true);
      expect(run.steps.some((step) => step.label === '⏱ SLA breach')).to.equal(false);
    }
    const error = await model.assertProperty('L3 notifies the escalation manager', l3NotifiesEscalationManager).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    expect(error?.message).to.match(/^property "L3 notifies the escalation manager" fails for \d+ of \d+ paths of master-data-change:/);
    expect(error?.message).to.contain('→ l3_billing_vendor (L3); notify ');
  });

  it('finds the paths of it-desk-incident that close as resolved without a resolution text', async () => {
    // Confirmation by the user, or three days of silence, resolve the incident with no text.
    const failures = await flowTestModel('flows/it-desk-incident.yaml').checkProperty(resolvedWithResolution);
    const last = failures.map(({ run }) => run.steps.find((step) => step.actual.state === 'resolved')!.label);
    expect(last).to.include('CONFIRMED');
    expect(last).to.include('⏱ after 3d');
  });
});
