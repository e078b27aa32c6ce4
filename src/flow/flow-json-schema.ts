import { z } from 'zod';
import { flowSchema } from './schema';

/**
 * The JSON Schema of a flow file, for editors (`# yaml-language-server: $schema=…`). Generated
 * from the zod schema, so it cannot drift from what the loader accepts; draft-07 because that
 * is what YAML editors support best. It describes the input as written, and the cross-checks
 * only the linter can make (targets, tiers, reachability) are not in it.
 */
export function flowJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(flowSchema, { target: 'draft-07', io: 'input', unrepresentable: 'any' });
  // The recursive condition is the one shared definition; give it a readable name.
  const text = JSON.stringify(generated).replaceAll('#/definitions/__schema0', '#/definitions/condition');
  const schema = JSON.parse(text) as Record<string, unknown> & { definitions?: Record<string, unknown> };
  if (schema.definitions && '__schema0' in schema.definitions) {
    const { __schema0: condition, ...rest } = schema.definitions;
    schema.definitions = { ...rest, condition };
  }
  return schema;
}

/** The schema as it is committed to `flows/sopflow.schema.json`: two-space indented, with a final newline. */
export function flowJsonSchemaText(): string {
  return `${JSON.stringify(flowJsonSchema(), null, 2)}\n`;
}
