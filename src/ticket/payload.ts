import type { FieldSpec } from '../flow/schema';
import type { FlowDefinition } from '../flow/definition';
import { isReservedKey, RESERVED_KEY_REASON } from '../source/reserved-keys';

/**
 * Checks an event's payload against the fields its flow declares; returns every problem, in
 * words. Only own keys count on both sides: `__proto__`, `constructor` and `prototype` are
 * undeclared like any other name (`in` would find them on every object).
 */
export function payloadProblems(flow: FlowDefinition, eventType: string, data: Record<string, unknown> | undefined): string[] {
  const spec = Object.hasOwn(flow.events, eventType) ? flow.events[eventType] : undefined;
  if (!spec) return [`event '${eventType}' is not declared by flow '${flow.id}'`];
  const declared = spec.fields ?? {};
  const payload = data ?? {};
  const problems: string[] = [];
  for (const key of Object.keys(payload)) {
    if (!Object.hasOwn(declared, key)) {
      const known = Object.keys(declared);
      problems.push(`field '${key}' is not declared for ${eventType}${known.length ? ` (declared: ${known.join(', ')})` : ' (it takes no fields)'}`);
    }
  }
  for (const [name, field] of Object.entries(declared)) {
    const value = Object.hasOwn(payload, name) ? payload[name] : undefined;
    if (value === undefined || value === null || value === '') {
      if (field.required) problems.push(`field '${name}' is required for ${eventType}`);
      continue;
    }
    const typeProblem = fieldTypeProblem(field, value);
    if (typeProblem) problems.push(`field '${name}' ${typeProblem}`);
  }
  return problems;
}

/**
 * Problems of the fields a ticket is opened with: reserved names (see `RESERVED_KEYS`) are
 * refused, declared fields must fit their type; other names are the caller's own data (a
 * customer's language, for skill matching) and pass. Every surface that opens tickets calls it.
 */
export function ticketFieldProblems(flow: FlowDefinition, fields: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(fields)) {
    if (isReservedKey(name)) {
      problems.push(`ticket field '${name}' is not allowed (${RESERVED_KEY_REASON})`);
      continue;
    }
    const spec = Object.hasOwn(flow.fields, name) ? flow.fields[name] : undefined;
    const problem = spec ? fieldTypeProblem(spec, fields[name]) : undefined;
    if (problem) problems.push(`ticket field '${name}' ${problem}`);
  }
  return problems;
}

/** Why a value does not fit a field, or undefined when it fits. */
export function fieldTypeProblem(field: FieldSpec, value: unknown): string | undefined {
  switch (field.type) {
    case 'text':
      return typeof value === 'string' ? undefined : `must be text, got ${describe(value)}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `must be a number, got ${describe(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${describe(value)}`;
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(value)
        ? undefined
        : `must be an ISO date such as 2026-11-22, got ${describe(value)}`;
    case 'email':
      return typeof value === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value) ? undefined : `must be an e-mail address, got ${describe(value)}`;
    case 'choice':
      return (field.choices ?? []).some((choice) => choice === value)
        ? undefined
        : `must be one of ${(field.choices ?? []).join(', ')}, got ${describe(value)}`;
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

/** Parses `k=v` pairs from the command line into typed values using the event's declared field types. */
export function coerceFieldValue(field: FieldSpec | undefined, text: string): unknown {
  if (field?.type === 'number') return Number(text);
  if (field?.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  if (field?.type === 'choice' && field.choices?.some((choice) => typeof choice === 'number')) {
    const number = Number(text);
    if (field.choices.includes(number)) return number;
  }
  return text;
}
