import type { SourceProblem } from '../../source/problem';
import { canReach, flowGraph, reachableFrom } from './flow-graph';
import type { LintRule } from './lint-rule';
import { problemAt } from './lint-rule';
import { transitionSites } from './transition-sites';

/**
 * Every state can be reached from the initial state, and from every state a ticket can still
 * reach a final state: seed 003's rule that no ticket stays unanswered, as a graph property.
 */
export const reachability: LintRule = {
  name: 'reachability',
  description: 'Every state is reachable from the initial state, and every state can reach a final state.',
  check(context) {
    const { definition } = context;
    // Until every name resolves (initial-state and dangling-target report it), any answer here would mislead.
    if (!Object.hasOwn(definition.states, definition.initial)) return [];
    if (transitionSites(context.spec).some((site) => !Object.hasOwn(definition.states, site.transition.target))) return [];
    const graph = flowGraph(definition);
    const problems: SourceProblem[] = [];
    const reachable = reachableFrom(graph, definition.initial);
    for (const name of Object.keys(definition.states).filter((state) => !reachable.has(state))) {
      problems.push(
        problemAt(context, this.name, {
          path: ['states', name],
          at: 'key',
          message: `state '${name}' cannot be reached from the initial state '${definition.initial}'`,
          hint: 'add a transition to it, or remove it',
        }),
      );
    }
    const finals = Object.values(definition.states).filter((state) => state.kind === 'final').map((state) => state.name);
    if (finals.length === 0) {
      problems.push(
        problemAt(context, this.name, {
          path: ['states'],
          at: 'key',
          message: 'the flow has no final state, so no ticket could ever be closed',
          hint: 'mark the state that closes a ticket with final: true',
        }),
      );
      return problems;
    }
    const closable = canReach(graph, finals);
    for (const name of Object.keys(definition.states).filter((state) => !closable.has(state))) {
      problems.push(
        problemAt(context, this.name, {
          path: ['states', name],
          at: 'key',
          message: `no final state can be reached from state '${name}'`,
          hint: 'a ticket here could never be closed; add a transition that leads towards a final state',
        }),
      );
    }
    return problems;
  },
};
