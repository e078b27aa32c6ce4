import type { FlowDefinition } from '../definition';
import { conditionText } from './condition-text';

/** An arrow of a flow diagram. */
export interface FlowEdge {
  from: string;
  to: string;
  /** An event, a wall-clock timeout, or an SLA breach (drawn dashed). */
  kind: 'event' | 'after' | 'breach';
  /** `RESOLVE`, `after 5d`, `SLA breach`, with the guard in brackets: `CHECKED [verified = true]`, `CHECKED [otherwise]`. */
  label: string;
  deescalate: boolean;
}

/** Every transition of a flow as a labelled edge, in the order the flow lists them. */
export function flowEdges(flow: FlowDefinition): FlowEdge[] {
  const edges: FlowEdge[] = [];
  const guard = (when: Parameters<typeof conditionText>[0] | undefined): string => (when ? ` [${conditionText(when)}]` : '');
  for (const state of Object.values(flow.states)) {
    for (const [event, transitions] of Object.entries(state.on)) {
      transitions.forEach((transition, index) => {
        // The first transition whose condition holds wins, so an unguarded one after guarded ones is the fallback.
        const fallback = transition.when === undefined && transitions.slice(0, index).some((earlier) => earlier.when !== undefined);
        const label = `${event}${fallback ? ' [otherwise]' : guard(transition.when)}`;
        edges.push({ from: state.name, to: transition.target, kind: 'event', label, deescalate: transition.deescalate });
      });
    }
    for (const timeout of state.after) {
      const { transition } = timeout;
      edges.push({ from: state.name, to: transition.target, kind: 'after', label: `after ${timeout.label}${guard(transition.when)}`, deescalate: transition.deescalate });
    }
    const breach = state.sla?.onBreach;
    if (breach?.kind === 'goto') edges.push({ from: state.name, to: breach.target, kind: 'breach', label: 'SLA breach', deescalate: false });
  }
  return edges;
}
