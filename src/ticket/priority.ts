import type { FlowDefinition } from '../flow/definition';

/**
 * Why `priority` is not one of the flow's priorities, or undefined when it is: the one check
 * behind opening a ticket with a priority and changing a ticket's priority, whatever the door.
 */
export function priorityProblem(flow: Pick<FlowDefinition, 'id' | 'priorities'>, priority: unknown): string | undefined {
  if (typeof priority === 'string' && flow.priorities.includes(priority)) return undefined;
  return `unknown priority '${String(priority)}' for flow '${flow.id}'; use one of ${flow.priorities.join(', ')}`;
}
