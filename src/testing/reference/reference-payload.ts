import type { FlowDefinition } from '../../flow/definition';

/**
 * The model's own reading of the README's payload rule ("everything that can happen to a
 * ticket, with its payload"): an event takes only the fields it declares, a required field must
 * have a value, and a value must have the declared type. Written apart from
 * `src/ticket/payload.ts` on purpose: the model must not share the rule it checks. Returns the
 * first problem in a few words, or undefined when the payload is acceptable.
 */
export function payloadRefusal(flow: FlowDefinition, event: string, data: Readonly<Record<string, unknown>>): string | undefined {
  const declared = flow.events[event]?.fields ?? {};
  for (const name of Object.keys(data)) if (!(name in declared)) return `undeclared field ${name}`;
  for (const [name, field] of Object.entries(declared)) {
    const value = data[name];
    if (value === undefined || value === null || value === '') {
      if (field.required) return `missing required field ${name}`;
      continue;
    }
    if (!fits(field.type, field.choices, value)) return `field ${name} is not a ${field.type}`;
  }
  return undefined;
}

function fits(type: string, choices: ReadonlyArray<string | number> | undefined, value: unknown): boolean {
  switch (type) {
    case 'text':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}/.test(value);
    case 'email':
      return typeof value === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value);
    case 'choice':
      return (choices ?? []).includes(value as string | number);
    default:
      return false;
  }
}
