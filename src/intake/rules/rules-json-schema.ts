import { z } from 'zod';
import { intakeRulesSchema } from './rules-schema';

/** The JSON Schema of `flows/intake.yaml` for editors, generated from the zod schema so it cannot drift. */
export function intakeRulesJsonSchemaText(): string {
  const schema = z.toJSONSchema(intakeRulesSchema, { target: 'draft-07', io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'sopflow intake routing rules (flows/intake.yaml)' }, null, 2)}\n`;
}
