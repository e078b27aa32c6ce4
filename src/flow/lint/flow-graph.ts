import type { FlowDefinition, StateDefinition, TransitionDefinition } from '../definition';
import { compileMachine } from '../machine';

/** The states of a flow and, per state, the states its transitions lead to. */
export type StateGraph = Map<string, Set<string>>;

/**
 * The state graph of a flow as XState sees it: the compiled machine's own transition table,
 * with every edge, guarded or not (`on`, `after` timeouts, SLA breach). Transitions to unknown
 * states and unparsable timeouts are dropped first, because XState refuses to build such a
 * machine and other rules report them anyway.
 */
export function flowGraph(definition: FlowDefinition): StateGraph {
  // A clean definition is compiled as it is, so the machine is built once for lint and caller.
  const machine = compileMachine(needsSanitizing(definition) ? sanitize(definition) : definition);
  const graph: StateGraph = new Map(Object.keys(definition.states).map((name) => [name, new Set<string>()]));
  // The edges `@xstate/graph`'s toDirectedGraph would list (a transition without a target
  // stays in its state), read directly: building its labelled edge objects cost more than
  // the rest of this rule.
  for (const node of Object.values(machine.root.states)) {
    const targets = graph.get(node.key);
    for (const transitions of node.transitions.values()) {
      for (const transition of transitions) for (const target of transition.target ?? [node]) targets?.add(target.key);
    }
  }
  return graph;
}

/** States reachable from `start` (itself included). */
export function reachableFrom(graph: StateGraph, start: string): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const target of graph.get(next) ?? []) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return seen;
}

/** States from which one of `goals` can be reached (the goals included). */
export function canReach(graph: StateGraph, goals: Iterable<string>): Set<string> {
  const reverse: StateGraph = new Map([...graph.keys()].map((name) => [name, new Set<string>()]));
  for (const [from, targets] of graph) for (const target of targets) reverse.get(target)?.add(from);
  const result = new Set<string>();
  for (const goal of goals) for (const state of reachableFrom(reverse, goal)) result.add(state);
  return result;
}

function needsSanitizing(definition: FlowDefinition): boolean {
  const known = (target: string): boolean => Object.hasOwn(definition.states, target);
  return Object.values(definition.states).some((state) => {
    const delays = state.after.map((timeout) => timeout.delayMs);
    return (
      (state.kind === 'final' && (Object.keys(state.on).length > 0 || state.after.length > 0)) ||
      delays.some((delay) => !Number.isFinite(delay)) ||
      new Set(delays).size < delays.length ||
      Object.values(state.on).some((transitions) => transitions.some((transition) => !known(transition.target))) ||
      state.after.some((timeout) => !known(timeout.transition.target)) ||
      (state.sla?.onBreach?.kind === 'goto' && !known(state.sla.onBreach.target))
    );
  });
}

function sanitize(definition: FlowDefinition): FlowDefinition {
  const known = (transition: TransitionDefinition): boolean => Object.hasOwn(definition.states, transition.target);
  const states: Record<string, StateDefinition> = {};
  for (const [name, state] of Object.entries(definition.states)) {
    const on: Record<string, TransitionDefinition[]> = {};
    if (state.kind !== 'final') for (const [event, transitions] of Object.entries(state.on)) on[event] = transitions.filter(known);
    // The machine keys timeouts by delay, so `1d` and `24h` would share one edge; keep both.
    const delays = new Set<number>();
    const after = state.kind === 'final' ? [] : state.after.filter((timeout) => Number.isFinite(timeout.delayMs) && known(timeout.transition));
    const copy: StateDefinition = {
      ...state,
      on,
      after: after.map((timeout) => {
        let delayMs = timeout.delayMs;
        while (delays.has(delayMs)) delayMs++;
        delays.add(delayMs);
        return { ...timeout, delayMs };
      }),
    };
    const breach = state.sla?.onBreach;
    if (state.sla && breach?.kind === 'goto' && !Object.hasOwn(definition.states, breach.target)) {
      copy.sla = { due: state.sla.due, warnAt: state.sla.warnAt };
    }
    states[name] = copy;
  }
  return { ...definition, states };
}
