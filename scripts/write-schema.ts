/**
 * Writes `flows/sopflow.schema.json` and `flows/intake.schema.json` from the zod schemas. Run it
 * after changing `src/flow/schema.ts` or `src/intake/rules/rules-schema.ts`:
 * `npx tsx scripts/write-schema.ts`. A test fails while a file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flowJsonSchemaText } from '../src/flow/flow-json-schema';
import { intakeRulesJsonSchemaText } from '../src/intake/rules/rules-json-schema';

/** Where the editor schema of flow files lives. */
export const FLOW_SCHEMA_FILE = join(__dirname, '..', 'flows', 'sopflow.schema.json');
/** Where the editor schema of the routing rules lives. */
export const INTAKE_SCHEMA_FILE = join(__dirname, '..', 'flows', 'intake.schema.json');

if (require.main === module) {
  writeFileSync(FLOW_SCHEMA_FILE, flowJsonSchemaText());
  writeFileSync(INTAKE_SCHEMA_FILE, intakeRulesJsonSchemaText());
  console.log(`wrote ${FLOW_SCHEMA_FILE} and ${INTAKE_SCHEMA_FILE}`);
}
