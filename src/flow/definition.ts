import type { Action, Condition, EventSpec, FieldSpec, FlowSpec, StateSpec, Target, Tier, TransitionSpec } from './schema';
import { DEFAULT_PRIORITIES } from './schema';
import { parseDurationMinutes, parseDurationMs } from './duration';
import { defaultText, localizedTexts } from './localized-text';
import type { LocalizedTexts } from './localized-text';
import { isEscalation, isTopTier, nextTier } from './tier';

/**
 * A flow as the runtime sees it: every default filled in, every shorthand expanded, durations
 * in numbers. Plain JSON, so it can be handed to a Temporal workflow as its input and pinned
 * by `hash` to exactly the text the ticket started with.
 */
export interface FlowDefinition {
  id: string;
  version: number;
  /** SHA-256 of the flow file's content; set by the loader. */
  hash: string;
  title: string;
  description?: string;
  owner?: string;
  calendar: string;
  priorities: string[];
  initial: string;
  fields: Record<string, FieldSpec>;
  events: Record<string, EventDefinition>;
  sla: FlowSlaDefinition;
  states: Record<string, StateDefinition>;
}

/** One event: its title expanded as a state's is (a default and one per language), the rest as written. */
export interface EventDefinition extends Omit<EventSpec, 'title'> {
  /** The title for tools without a language: as written, or English, else the first language written; unset when the flow writes none. */
  title?: string;
  /** The title per language, when the flow writes one per language. */
  titles?: LocalizedTexts;
}

/** Kinds of state: people work on it, it waits on someone outside (clock paused), or it is done. */
export type StateKind = 'working' | 'waiting' | 'final';

/** Minutes of business time allowed, per priority. */
export type TargetMinutes = Record<string, number>;

/** Ticket-wide SLA targets. */
export interface FlowSlaDefinition {
  firstResponse?: TargetMinutes;
  resolution?: TargetMinutes;
  warnAt: number[];
}

/** What a breach of a state's due date does, resolved to something the runtime can execute. */
export type BreachDefinition =
  | { kind: 'goto'; target: string; escalation: boolean }
  | { kind: 'notify'; audience: 'team' | 'escalation_manager' };

/** The due date of a working state. */
export interface StateSlaDefinition {
  due: TargetMinutes;
  warnAt: number[];
  /** Unset only when the flow asks to escalate and there is no next tier to go to (the linter reports it). */
  onBreach?: BreachDefinition;
}

/** One state, expanded. */
export interface StateDefinition {
  name: string;
  /** The title for tools without a language: as written, or English, else the first language written. */
  title: string;
  /** The title per language, when the flow writes one per language. */
  titles?: LocalizedTexts;
  description?: string;
  /** The description per language, when the flow writes one per language. */
  descriptions?: LocalizedTexts;
  /** What the agent must do in this state, for tools without a language; agents only, never a customer. */
  instructions?: string;
  /** The instructions per language, when the flow writes one per language. */
  instructionsByLanguage?: LocalizedTexts;
  kind: StateKind;
  tier?: Tier;
  sla?: StateSlaDefinition;
  entry: Action[];
  /** Per event, the candidate transitions in order; the first whose condition holds is taken. */
  on: Record<string, TransitionDefinition[]>;
  /** Wall-clock timeouts. */
  after: AfterDefinition[];
  /** The event a customer's reply sends in this state; without it a reply is a message only. */
  onCustomerReply?: string;
}

/** One transition, expanded. */
export interface TransitionDefinition {
  target: string;
  when?: Condition;
  deescalate: boolean;
  description?: string;
  actions: Action[];
}

/** A wall-clock timeout of a state. */
export interface AfterDefinition {
  /** As written, e.g. `5d`, for diagrams. */
  label: string;
  delayMs: number;
  transition: TransitionDefinition;
}

/** Warning thresholds used when a flow declares none. */
export const DEFAULT_WARN_AT = [75, 90];

/** Name of the business calendar used when a flow names none. */
export const DEFAULT_CALENDAR = '24x7';

/**
 * Expands a schema-valid flow into its definition. Assumes the schema passed; cross-references
 * (targets, events) are the linter's job, so this never throws on a dangling name.
 */
export function normalizeFlow(spec: FlowSpec, hash: string): FlowDefinition {
  const priorities = spec.priorities ?? [...DEFAULT_PRIORITIES];
  const stateNames = Object.keys(spec.states);
  const warnAt = spec.sla?.warn_at ?? DEFAULT_WARN_AT;
  const states: Record<string, StateDefinition> = {};
  for (const [name, state] of Object.entries(spec.states)) {
    states[name] = normalizeState(name, state, priorities, warnAt);
  }
  for (const state of Object.values(states)) resolveBreach(state, spec.states[state.name]!, states);
  const sla: FlowSlaDefinition = { warnAt };
  if (spec.sla?.first_response !== undefined) sla.firstResponse = targetMinutes(spec.sla.first_response, priorities);
  if (spec.sla?.resolution !== undefined) sla.resolution = targetMinutes(spec.sla.resolution, priorities);
  const events: Record<string, EventDefinition> = {};
  for (const [name, event] of Object.entries(spec.events)) events[name] = normalizeEvent(event);
  return {
    id: spec.id,
    version: spec.version,
    hash,
    title: spec.title,
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(spec.owner !== undefined ? { owner: spec.owner } : {}),
    calendar: spec.calendar ?? DEFAULT_CALENDAR,
    priorities,
    initial: spec.initial ?? stateNames[0] ?? '',
    fields: spec.fields ?? {},
    events,
    sla,
    states,
  };
}

/** Kind of a state as written. */
export function stateKind(state: StateSpec): StateKind {
  if (state.final) return 'final';
  if (state.waiting) return 'waiting';
  return 'working';
}

/** Expands a target into minutes per priority; a priority missing from a matrix gets no target. */
export function targetMinutes(target: Target, priorities: readonly string[]): TargetMinutes {
  const minutes: TargetMinutes = {};
  if (typeof target === 'string') {
    for (const priority of priorities) minutes[priority] = parseDurationMinutes(target);
  } else {
    for (const [priority, duration] of Object.entries(target)) minutes[priority] = parseDurationMinutes(duration);
  }
  return minutes;
}

/** Expands the three ways of writing a transition into a list. */
export function transitionList(spec: TransitionSpec): TransitionDefinition[] {
  const objects = typeof spec === 'string' ? [{ target: spec }] : Array.isArray(spec) ? spec : [spec];
  return objects.map((object) => ({
    target: object.target,
    ...('when' in object && object.when !== undefined ? { when: object.when } : {}),
    deescalate: ('deescalate' in object && object.deescalate) || false,
    ...('description' in object && object.description !== undefined ? { description: object.description } : {}),
    actions: ('actions' in object && object.actions) || [],
  }));
}

/** An event's title the way a state's is expanded (`title` + `titles`); `null` (`RESOLVE:` alone) is an event with nothing declared. */
function normalizeEvent(event: EventSpec | null): EventDefinition {
  const { title, ...rest } = event ?? {};
  if (title === undefined) return rest;
  const titles = localizedTexts(title);
  // Spread first, so that the title keeps its place among the keys as written.
  return { ...event, title: defaultText(title), ...(titles ? { titles } : {}) };
}

function normalizeState(name: string, state: StateSpec, priorities: readonly string[], warnAt: number[]): StateDefinition {
  const on: Record<string, TransitionDefinition[]> = {};
  for (const [event, transition] of Object.entries(state.on ?? {})) on[event] = transitionList(transition);
  const after: AfterDefinition[] = Object.entries(state.after ?? {}).map(([label, transition]) => ({
    label,
    delayMs: safeDurationMs(label),
    transition: transitionList(transition)[0]!,
  }));
  const definition: StateDefinition = {
    name,
    title: state.title !== undefined ? defaultText(state.title) : humanize(name),
    kind: stateKind(state),
    entry: state.entry ?? [],
    on,
    after,
  };
  const titles = localizedTexts(state.title);
  if (titles) definition.titles = titles;
  if (state.description !== undefined) definition.description = defaultText(state.description);
  const descriptions = localizedTexts(state.description);
  if (descriptions) definition.descriptions = descriptions;
  if (state.instructions !== undefined) definition.instructions = defaultText(state.instructions);
  const instructionsByLanguage = localizedTexts(state.instructions);
  if (instructionsByLanguage) definition.instructionsByLanguage = instructionsByLanguage;
  if (state.tier !== undefined) definition.tier = state.tier;
  if (state.on_customer_reply !== undefined) definition.onCustomerReply = state.on_customer_reply;
  if (state.sla !== undefined) {
    definition.sla = { due: targetMinutes(state.sla.due, priorities), warnAt: state.sla.warn_at ?? warnAt };
  }
  return definition;
}

/**
 * Turns `on_breach` into an executable action. `escalate` (the default) takes the state's
 * unguarded transition into the next tier; at L3 there is no next tier, so the escalation
 * manager is told instead.
 */
function resolveBreach(state: StateDefinition, spec: StateSpec, states: Record<string, StateDefinition>): void {
  if (!state.sla) return;
  const action = spec.sla?.on_breach ?? 'escalate';
  if (action === 'notify') {
    state.sla.onBreach = { kind: 'notify', audience: 'team' };
  } else if (typeof action === 'object') {
    state.sla.onBreach = { kind: 'goto', target: action.goto, escalation: isEscalation(state.tier, states[action.goto]?.tier) };
  } else if (isTopTier(state.tier)) {
    state.sla.onBreach = { kind: 'notify', audience: 'escalation_manager' };
  } else {
    const target = escalationTarget(state, states);
    if (target) state.sla.onBreach = { kind: 'goto', target, escalation: true };
  }
}

/** The state a breach escalates to: the target of the first unguarded transition into the next tier. */
export function escalationTarget(state: StateDefinition, states: Record<string, StateDefinition>): string | undefined {
  const next = nextTier(state.tier);
  if (!next) return undefined;
  for (const transitions of Object.values(state.on)) {
    for (const transition of transitions) {
      if (transition.when === undefined && states[transition.target]?.tier === next) return transition.target;
    }
  }
  return undefined;
}

function safeDurationMs(label: string): number {
  try {
    return parseDurationMs(label);
  } catch {
    return Number.NaN;
  }
}

/** `l2_identity_check` -> `L2 identity check`: a readable default title. */
export function humanize(name: string): string {
  const words = name.split('_').map((word) => (/^l[123]$/.test(word) ? word.toUpperCase() : word));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
