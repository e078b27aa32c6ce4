import { assign, setup } from 'xstate';
import type { Action, Condition } from './schema';
import type { FlowDefinition, StateDefinition, TransitionDefinition } from './definition';
import { plainFields } from '../source/reserved-keys';
import { evaluateCondition } from './condition';
import type { Tier } from './tier';

/**
 * Compiles a flow definition into an XState v5 machine. The machine is pure: assignments to
 * ticket fields are the only effects it applies itself; `notify` and `assign` are named
 * actions that the host (the Temporal workflow, a test) finds in the action list returned by
 * `transition()` and executes. Nothing here reads a clock or does I/O.
 */

/** What the machine remembers about a ticket. */
export interface TicketContext {
  priority: string;
  fields: Record<string, unknown>;
}

/** Input when a ticket's machine starts. */
export interface TicketMachineInput {
  priority: string;
  fields?: Record<string, unknown>;
}

/** An event sent to a ticket: a declared flow event, or the SLA breach the runtime raises. */
export interface TicketEvent {
  type: string;
  data?: Record<string, unknown>;
}

/** The event the runtime sends when a state's due date passes. */
export const SLA_BREACH_EVENT = 'sla.breach';

/** Parameters of the named `notify` action. */
export interface NotifyParams {
  audience: 'customer' | 'team' | 'assignee' | 'escalation_manager';
  template?: string;
}

/** Parameters of the named `assign` action. */
export interface AssignParams {
  tier: Tier;
  skill?: string;
}

/** Metadata every compiled state carries, for hosts and diagrams. */
export interface StateMeta {
  kind: StateDefinition['kind'];
  tier?: StateDefinition['tier'];
  title: string;
}

const ticketMachineSetup = setup({
  types: {
    context: {} as TicketContext,
    events: {} as TicketEvent,
    input: {} as TicketMachineInput,
  },
  actions: {
    // Executed by the host, not here: see the module comment.
    notify: (_args, _params: NotifyParams) => undefined,
    assign: (_args, _params: AssignParams) => undefined,
    setField: assign(({ context }, params: { field: string; value: unknown }) => ({
      fields: plainFields(context.fields, { [params.field]: params.value }),
    })),
    // Payload fields of an accepted event become ticket fields, so later conditions can read them.
    recordEventData: assign(({ context, event }) =>
      event.data && Object.keys(event.data).length > 0 ? { fields: plainFields(context.fields, event.data) } : {},
    ),
  },
  guards: {
    condition: ({ context, event }, params: { when: Condition }) =>
      evaluateCondition(params.when, { fields: context.fields, event: event.data ?? {} }),
  },
});

/** The machine type the compiler produces. */
export type TicketMachine = ReturnType<typeof buildMachine>;

/**
 * Compiles a flow definition to its XState machine. Deterministic: same definition, same
 * machine; the machine of a definition object is built once and shared (the loader's linter
 * compiles it, the caller gets it for free). Definitions are treated as immutable.
 */
export function compileMachine(flow: FlowDefinition) {
  const known = COMPILED.get(flow);
  if (known) return known;
  // Hosts that deserialise flows (clients, tests, the replay command) hand in fresh copies of
  // one flow, so the object alone would recompile it each time; its content is a stable key.
  // The content, not the hash: tests and mutation checks build different flows under one hash.
  // Inside a worker's sandbox every ticket run has its own instance of this module (the SDK
  // isolates workflow modules), so a run compiles its flow once, and a replay once more; XState
  // cannot be a shared module there (see src/runtime/workflow-bundle.ts).
  const content = JSON.stringify(flow);
  let machine = COMPILED_BY_CONTENT.get(content);
  if (!machine) {
    machine = buildMachine(flow);
    COMPILED_BY_CONTENT.set(content, machine);
    if (COMPILED_BY_CONTENT.size > MAX_COMPILED) COMPILED_BY_CONTENT.delete(COMPILED_BY_CONTENT.keys().next().value as string);
  }
  COMPILED.set(flow, machine);
  return machine;
}

const COMPILED = new WeakMap<FlowDefinition, ReturnType<typeof buildMachine>>();
/** Flows compiled per process: every version of every flow a worker runs, with room to spare. */
const MAX_COMPILED = 256;
const COMPILED_BY_CONTENT = new Map<string, ReturnType<typeof buildMachine>>();

function buildMachine(flow: FlowDefinition) {
  const states: Record<string, object> = {};
  for (const state of Object.values(flow.states)) states[state.name] = compileState(state);
  return ticketMachineSetup.createMachine({
    id: flow.id,
    initial: flow.initial,
    context: ({ input }) => ({ priority: input.priority, fields: plainFields(input.fields) }),
    // The cast is the one place where a runtime-built config meets XState's static typing.
    states: states as never,
  });
}

function compileState(state: StateDefinition): object {
  const meta: StateMeta = { kind: state.kind, title: state.title, ...(state.tier ? { tier: state.tier } : {}) };
  const on: Record<string, object[]> = {};
  for (const [event, transitions] of Object.entries(state.on)) on[event] = transitions.map(compileTransition);
  const breach = state.sla?.onBreach;
  if (breach?.kind === 'goto') {
    on[SLA_BREACH_EVENT] = [{ target: breach.target, actions: [] }];
  } else if (breach?.kind === 'notify') {
    on[SLA_BREACH_EVENT] = [{ actions: [{ type: 'notify', params: { audience: breach.audience, template: 'sla_breached' } }] }];
  }
  const after: Record<number, object> = {};
  for (const timeout of state.after) after[timeout.delayMs] = compileTransition(timeout.transition);
  return {
    meta,
    ...(state.description ? { description: state.description } : {}),
    ...(state.kind === 'final' ? { type: 'final' } : {}),
    entry: state.entry.map(compileAction),
    on,
    ...(state.after.length ? { after } : {}),
  };
}

function compileTransition(transition: TransitionDefinition): object {
  return {
    target: transition.target,
    ...(transition.when ? { guard: { type: 'condition', params: { when: transition.when } } } : {}),
    actions: [{ type: 'recordEventData' }, ...transition.actions.map(compileAction)],
    ...(transition.description ? { description: transition.description } : {}),
  };
}

/** Maps a flow action to the named XState action that implements it. */
export function compileAction(action: Action): { type: string; params: object } {
  if ('notify' in action) {
    return { type: 'notify', params: { audience: action.notify, ...(action.template ? { template: action.template } : {}) } };
  }
  if ('assign' in action) return { type: 'assign', params: { tier: action.assign, ...(action.skill ? { skill: action.skill } : {}) } };
  return { type: 'setField', params: { field: action.set.field, value: action.set.value } };
}
