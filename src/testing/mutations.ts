import type { FlowDefinition, StateDefinition, TransitionDefinition } from '../flow/definition';

/**
 * Mutations of a flow definition: small, plausible mistakes in an SOP. A test suite that is
 * worth its name notices each of them (kills the mutant). Whether a survivor could be noticed at
 * all is not decided here: `mutationCheck` asks the independent model.
 */

/** The kinds of mistake. */
export type MutationOperator = 'drop-transition' | 'retarget' | 'skip-escalation' | 'swap-guards' | 'negate-guard' | 'lengthen-sla' | 'drop-entry-notify';

/** Every operator, in report order. */
export const MUTATION_OPERATORS: readonly MutationOperator[] = ['drop-transition', 'retarget', 'skip-escalation', 'swap-guards', 'negate-guard', 'lengthen-sla', 'drop-entry-notify'];

/** One mutant. */
export interface Mutation {
  /** `retarget:l1_identity_check.ESCALATE#0`. */
  id: string;
  operator: MutationOperator;
  description: string;
  flow: FlowDefinition;
}

/** A place in a state where a transition lives. */
type Site = { state: StateDefinition; label: string; get: (flow: FlowDefinition) => TransitionDefinition; remove: (flow: FlowDefinition) => void };

/** Every mutant of a flow, each on its own deep copy of the definition. */
export function flowMutations(flow: FlowDefinition): Mutation[] {
  const mutations: Mutation[] = [];
  const add = (operator: MutationOperator, where: string, description: string, change: (copy: FlowDefinition) => void): void => {
    const copy = structuredClone(flow);
    change(copy);
    mutations.push({ id: `${operator}:${where}`, operator, description, flow: copy });
  };
  const names = Object.keys(flow.states);
  const l3 = Object.values(flow.states).find((state) => state.tier === 'L3' && state.kind === 'working');

  for (const site of transitionSites(flow)) {
    const transition = site.get(flow);
    add('drop-transition', site.label, `drop ${site.label} → ${transition.target}`, site.remove);
    const other = names[(names.indexOf(transition.target) + 1) % names.length]!;
    if (other !== transition.target) add('retarget', site.label, `retarget ${site.label} from ${transition.target} to ${other}`, (copy) => (site.get(copy).target = other));
    const target = flow.states[transition.target];
    if (l3 && site.state.tier === 'L1' && target?.tier === 'L2' && target.kind === 'working') {
      add('skip-escalation', site.label, `skip L2: ${site.label} goes to ${l3.name} instead of ${transition.target}`, (copy) => (site.get(copy).target = l3.name));
    }
  }
  for (const state of Object.values(flow.states)) {
    const breach = state.sla?.onBreach;
    if (breach?.kind === 'goto') {
      const where = `${state.name}.sla.breach`;
      add('drop-transition', where, `an SLA breach in ${state.name} no longer escalates`, (copy) => delete copy.states[state.name]!.sla!.onBreach);
      const other = names[(names.indexOf(breach.target) + 1) % names.length]!;
      add('retarget', where, `an SLA breach in ${state.name} goes to ${other} instead of ${breach.target}`, (copy) => {
        const mutated = copy.states[state.name]!.sla!.onBreach;
        if (mutated?.kind === 'goto') mutated.target = other;
      });
      const target = flow.states[breach.target];
      if (l3 && state.tier === 'L1' && target?.tier === 'L2') {
        add('skip-escalation', where, `skip L2: an SLA breach in ${state.name} goes to ${l3.name}`, (copy) => {
          const mutated = copy.states[state.name]!.sla!.onBreach;
          if (mutated?.kind === 'goto') mutated.target = l3.name;
        });
      }
    }
    for (const [event, candidates] of Object.entries(state.on)) {
      candidates.forEach((candidate, index) => {
        const where = `${state.name}.${event}#${index}`;
        if (candidate.when) {
          add('negate-guard', where, `negate the guard of ${where}`, (copy) => {
            const mutated = copy.states[state.name]!.on[event]![index]!;
            mutated.when = { not: mutated.when! };
          });
        }
        const next = candidates[index + 1];
        if (next && (candidate.when || next.when) && JSON.stringify(candidate.when) !== JSON.stringify(next.when)) {
          add('swap-guards', where, `swap the guards of ${where} and #${index + 1}`, (copy) => {
            const list = copy.states[state.name]!.on[event]!;
            const first = list[index]!;
            const second = list[index + 1]!;
            const when = first.when;
            if (second.when) first.when = second.when;
            else delete first.when;
            if (when) second.when = when;
            else delete second.when;
          });
        }
      });
    }
    if (state.sla) {
      add('lengthen-sla', state.name, `double the due date of ${state.name}`, (copy) => {
        const due = copy.states[state.name]!.sla!.due;
        for (const priority of Object.keys(due)) due[priority] = due[priority]! * 2;
      });
    }
    state.entry.forEach((action, index) => {
      if (!('notify' in action)) return;
      const where = `${state.name}.entry#${index}`;
      add('drop-entry-notify', where, `drop the entry notification ${action.notify}${action.template ? `/${action.template}` : ''} of ${state.name}`, (copy) => {
        copy.states[state.name]!.entry.splice(index, 1);
      });
    });
  }
  return mutations;
}

/** Every event candidate and `after` timeout, with accessors that work on any copy of the flow. */
function transitionSites(flow: FlowDefinition): Site[] {
  const sites: Site[] = [];
  for (const state of Object.values(flow.states)) {
    for (const [event, candidates] of Object.entries(state.on)) {
      candidates.forEach((_candidate, index) => {
        sites.push({
          state,
          label: `${state.name}.${event}#${index}`,
          get: (copy) => copy.states[state.name]!.on[event]![index]!,
          remove: (copy) => {
            const list = copy.states[state.name]!.on[event]!;
            list.splice(index, 1);
            if (list.length === 0) delete copy.states[state.name]!.on[event];
          },
        });
      });
    }
    state.after.forEach((timeout, index) => {
      sites.push({
        state,
        label: `${state.name}.after.${timeout.label}`,
        get: (copy) => copy.states[state.name]!.after[index]!.transition,
        remove: (copy) => copy.states[state.name]!.after.splice(index, 1),
      });
    });
  }
  return sites;
}
