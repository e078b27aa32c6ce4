/**
 * Writes `flows/sopflow.schema.json` from the zod flow schema. Run it after changing
 * `src/flow/schema.ts`: `npx tsx scripts/write-schema.ts`. A test fails while the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flowJsonSchemaText } from '../src/flow/flow-json-schema';

/** Where the editor schema of flow files lives. */
export const FLOW_SCHEMA_FILE = join(__dirname, '..', 'flows', 'sopflow.schema.json');

if (require.main === module) {
  writeFileSync(FLOW_SCHEMA_FILE, flowJsonSchemaText());
  console.log(`wrote ${FLOW_SCHEMA_FILE}`);
}
