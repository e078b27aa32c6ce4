import type { FlowDefinition } from '../flow/definition';
import type { BusinessCalendar } from '../sla/business-calendar';
import type { TicketEventInput, TicketInfo, TimelineEntry } from '../ticket/types';
import { pathLabel, stepLabel } from './model-step';
import type { ModelPath } from './model-step';
import { observationDifferences } from './observation';
import type { Observation } from './observation';
import type { Divergence, PathRun, StepRecord } from './path-run';
import { ModelTicket } from './reference/model-ticket';
import type { TicketUnderTest } from './ticket-under-test';

/** What a path is run with. */
export interface PathRunContext {
  /** The flow the model runs: the one the path was generated from, even when the ticket under test runs another. */
  flow: FlowDefinition;
  calendar: BusinessCalendar;
  ticket: TicketInfo;
  sut: TicketUnderTest;
}

/** Actor recorded on events a model test sends. */
export const MODEL_TEST_ACTOR = 'model-test';

/**
 * Runs a path against a ticket under test in lockstep with the independent model of the path's
 * flow (`ModelTicket`, which shares no code with the engine). Every step happens at the instant
 * the ticket under test reports, so both compute the same due dates; time steps go just past the
 * model's due instant. After every step the model must be where the machine graph said, and the
 * ticket under test must show the model's state, tier, SLA status and due instant, refusal,
 * notifications, owner picks and owner changes. Stops at the first divergence.
 */
export async function runPath(path: ModelPath, context: PathRunContext): Promise<PathRun> {
  const { flow, calendar, ticket, sut } = context;
  const began = performance.now();
  const steps: StepRecord[] = [];
  let model: ModelTicket | undefined;
  const diverge = async (step: number, label: string, kind: Divergence['kind'], differences: string[], expected?: Observation, actual?: Observation): Promise<Divergence> => ({
    flow: flow.id,
    path: path.id,
    pathLabel: pathLabel(path),
    side: sut.side,
    step,
    stepLabel: label,
    kind,
    ...(expected ? { expected } : {}),
    ...(actual ? { actual } : {}),
    differences,
    timeline: await sut.timeline().catch((): TimelineEntry[] => []),
  });
  const finish = (divergence?: Divergence): PathRun => ({
    flow: flow.id,
    path,
    side: sut.side,
    ticket: ticket.number,
    ok: divergence === undefined,
    steps,
    ...(divergence ? { divergence } : {}),
    durationMs: performance.now() - began,
  });

  let index = 0;
  let label = 'ticket opened';
  try {
    const openedAt = await sut.open();
    const opened = ModelTicket.open(flow, calendar, ticket, openedAt);
    model = opened;
    sut.quietUntil(() => opened.quietUntil(eventsUntilTimeStep(path, 0), openedAt));
    let at = openedAt;
    let refusal: string | undefined;
    let sutRefused = false;
    let expectedState = flow.initial;
    let expectRefusal = false;
    for (;;) {
      const transitions = model.takeTransitions();
      const expected = model.observe(at, refusal !== undefined);
      if (expected.state !== expectedState || expected.refused !== expectRefusal) {
        const want = `${expectRefusal ? 'refused, ' : ''}${expectedState}`;
        const got = `${expected.refused ? `refused (${refusal ?? ''}), ` : ''}${expected.state}`;
        return finish(await diverge(index, label, 'model', [`the machine graph expects ${want}; the model is in ${got}`], expected));
      }
      const actual = await sut.observe(expected, sutRefused);
      steps.push({ index, label, at: new Date(at).toISOString(), expected, actual, transitions, status: model.status(at) });
      const differences = observationDifferences(expected, actual);
      if (differences.length > 0) return finish(await diverge(index, label, 'mismatch', differences, expected, actual));

      const next = path.steps[index];
      if (!next) {
        const late = await sut.leftovers();
        if (late.notifications.length === 0 && late.assignments.length === 0) return finish();
        const what = [...late.notifications.map((notification) => `notify ${notification}`), ...late.assignments.map((tier) => `assign ${tier}`)];
        return finish(await diverge(index, `after ${label}`, 'mismatch', [`after the last step the ${sut.side} still requested: ${what.join(', ')}`]));
      }
      index += 1;
      label = stepLabel(next.step);
      expectedState = next.state;
      const step = next.step;
      if (step.kind === 'event') {
        expectRefusal = step.refusal !== undefined;
        const applied = await sut.send({ type: step.event, data: step.data, actor: MODEL_TEST_ACTOR });
        sutRefused = applied.refusal !== undefined;
        at = applied.at;
        refusal = model.send({ type: step.event, data: step.data, actor: MODEL_TEST_ACTOR }, at).refusal;
      } else {
        expectRefusal = false;
        sutRefused = false;
        refusal = undefined;
        const target = model.timeStepTarget(step, at);
        if (target === undefined) {
          const nothing = step.kind === 'after' ? `no 'after ${step.label}' timeout is pending in state '${model.stateName}'` : `no due date is running in state '${model.stateName}'`;
          return finish(await diverge(index, label, 'model', [`the machine graph takes this step, but in the model ${nothing}`]));
        }
        await sut.advanceTo(target);
        model.advanceTo(target);
        at = target;
        const current = model;
        sut.quietUntil(() => current.quietUntil(eventsUntilTimeStep(path, index), target));
      }
    }
  } catch (error) {
    return finish(await diverge(index, label, 'error', [error instanceof Error ? error.message : String(error)]));
  } finally {
    await sut.close().catch(() => undefined);
  }
}

/** The events of the path from step `from` up to its next time step: what runs before the ticket waits for time again. */
function eventsUntilTimeStep(path: ModelPath, from: number): TicketEventInput[] {
  const events: TicketEventInput[] = [];
  for (const { step } of path.steps.slice(from)) {
    if (step.kind !== 'event') break;
    events.push({ type: step.event, data: step.data });
  }
  return events;
}
