import type { FieldSpec } from '../flow/schema';
import { coerceFieldValue } from '../ticket/payload';
import { SopflowError } from '../errors/sopflow-error';

/** Collects repeated `--field k=v` options (commander's accumulator). */
export function collectField(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Turns `k=v` pairs and an optional JSON object into a payload, typed by the declared fields. */
export function parseFields(pairs: string[] | undefined, json: string | undefined, declared: Record<string, FieldSpec> = {}): Record<string, unknown> {
  let data: Record<string, unknown> = {};
  if (json) {
    try {
      const parsed: unknown = JSON.parse(json);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      data = parsed as Record<string, unknown>;
    } catch (error) {
      throw new SopflowError(`--data is not a JSON object: ${(error as Error).message}`, { code: 'BAD_ARGUMENT', suggestion: `e.g. --data '{"reason":"DNS"}'` });
    }
  }
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new SopflowError(`--field '${pair}' is not key=value`, { code: 'BAD_ARGUMENT', suggestion: '--field reason="customer asked"' });
    const key = pair.slice(0, at);
    data[key] = coerceFieldValue(declared[key], pair.slice(at + 1));
  }
  return data;
}
