import { evaluateCondition } from '../flow/condition';
import type { FlowDefinition, TransitionDefinition } from '../flow/definition';
import { payloadProblems } from '../ticket/payload';
import { comparisonsReading, interestingValues, sampleValue } from './sample-values';

/** A payload for an event in some state, and which of the state's transitions for it the payload takes. */
export interface PayloadVariant {
  data: Record<string, unknown>;
  /** Index into the state's transitions for the event, or -1 when no guard holds and the event must be refused. */
  outcome: number;
}

/** Options of payload generation. */
export interface PayloadOptions {
  /** Ticket field paths that conditions anywhere in the flow read (`field:`); payload fields of these names are varied. */
  relevantFields: readonly string[];
  /** Payloads from the flow's fixture file, tried before generated ones. */
  fixtures?: ReadonlyArray<Record<string, unknown>>;
}

/** At most this many candidate payloads per event and state: guards read few fields, so this is never reached by the examples. */
const MAX_CANDIDATES = 4096;

/**
 * One payload per distinct outcome of an event in a state, given the ticket's fields: a payload
 * that makes each guarded transition the first whose condition holds, one for the fallback,
 * one that violates every guard (refused) when there is no fallback — and, for fields later
 * conditions read, one per value they can take. Only payloads that pass the event's declared
 * field types are returned; fixture payloads come first.
 */
export function payloadVariants(
  flow: FlowDefinition,
  transitions: readonly TransitionDefinition[],
  event: string,
  fields: Readonly<Record<string, unknown>>,
  options: PayloadOptions,
): PayloadVariant[] {
  const declared = flow.events[event]?.fields ?? {};
  const conditions = transitions.flatMap((transition) => (transition.when ? [transition.when] : []));
  const varied = Object.keys(declared).filter((name) => comparisonsReading(conditions, name).length > 0 || options.relevantFields.includes(name));
  const base: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(declared)) {
    if (field.required && !varied.includes(name)) base[name] = sampleValue(name, field);
  }
  const choices = varied.map((name) => {
    const field = declared[name]!;
    const values = interestingValues(name, field, comparisonsReading(conditions, name));
    return field.required ? values : [...values, undefined];
  });
  const variants = new Map<string, PayloadVariant>();
  const consider = (data: Record<string, unknown>): void => {
    if (payloadProblems(flow, event, data).length > 0) return;
    const outcome = transitions.findIndex((transition) => !transition.when || evaluateCondition(transition.when, { fields, event: data }));
    const key = JSON.stringify([outcome, ...options.relevantFields.map((name) => (outcome >= 0 ? data[name] : undefined))]);
    if (!variants.has(key)) variants.set(key, { data, outcome });
  };
  for (const fixture of options.fixtures ?? []) consider({ ...fixture });
  let count = 0;
  for (const combination of product(choices)) {
    if (++count > MAX_CANDIDATES) break;
    const data = { ...base };
    combination.forEach((value, index) => {
      if (value !== undefined) data[varied[index]!] = value;
    });
    consider(data);
  }
  return [...variants.values()];
}

/** A payload the event refuses for its declared fields: the first required field left out. */
export function missingFieldPayload(flow: FlowDefinition, event: string): Record<string, unknown> | undefined {
  const declared = Object.entries(flow.events[event]?.fields ?? {});
  const required = declared.find(([, field]) => field.required);
  if (!required) return undefined;
  const data: Record<string, unknown> = {};
  for (const [name, field] of declared) if (field.required && name !== required[0]) data[name] = sampleValue(name, field);
  return data;
}

/** Every combination of one value from each list, first list varying slowest. */
function* product(lists: readonly unknown[][]): Generator<unknown[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [first, ...rest] = lists;
  for (const value of first!) for (const tail of product(rest)) yield [value, ...tail];
}
