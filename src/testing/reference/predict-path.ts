import type { FlowDefinition } from '../../flow/definition';
import type { BusinessCalendar } from '../../sla/business-calendar';
import type { TicketInfo } from '../../ticket/types';
import type { ModelPath } from '../model-step';
import { observationText } from '../observation';
import { ModelTicket } from './model-ticket';

/**
 * What the independent model predicts, step by step, for a ticket of `flow` that takes the
 * steps of `path` from `startAt` on: one line per step (an observation as `observationText`
 * prints it), ending early with a line that says why when a time step cannot happen. Two flows
 * are told apart by a path exactly when their predictions for it differ.
 */
export function predictPath(flow: FlowDefinition, calendar: BusinessCalendar, ticket: TicketInfo, path: ModelPath, startAt: number): string[] {
  const model = ModelTicket.open(flow, calendar, ticket, startAt);
  let at = startAt;
  let refused = false;
  const lines = [observationText(model.observe(at, false))];
  for (const { step } of path.steps) {
    if (step.kind === 'event') {
      refused = model.send({ type: step.event, data: step.data }, at).refusal !== undefined;
    } else {
      refused = false;
      const target = model.timeStepTarget(step, at);
      if (target === undefined) return [...lines, `no ${step.kind === 'after' ? `'after ${step.label}' timeout` : 'due date'} pending in ${model.stateName}`];
      model.advanceTo(target);
      at = target;
    }
    lines.push(observationText(model.observe(at, refused)));
  }
  return lines;
}
