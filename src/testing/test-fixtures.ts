import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { PositionedYaml } from '../source/positioned-yaml';
import { SourceProblemsError } from '../source/problem';
import { readYamlWithSchema } from '../source/schema-problems';

/** What `flows/<flow>.test.yaml` may add to the generated tests of a flow. */
export const flowFixtureSchema = z.strictObject({
  priority: z.string().optional().meta({ description: 'Priority of the generated tickets; default: the least urgent (longest SLA targets).' }),
  fields: z.record(z.string(), z.unknown()).optional().meta({ description: 'Ticket fields the generated tickets start with.' }),
  payloads: z
    .record(z.string(), z.array(z.record(z.string(), z.unknown())))
    .optional()
    .meta({ description: 'Per event, payloads to try before the generated ones (each distinct outcome is kept once).' }),
});

/** The fixtures of a flow. */
export type FlowFixtures = z.infer<typeof flowFixtureSchema>;

/** Path of the fixture file beside a flow file: `flows/x.yaml` → `flows/x.test.yaml`. */
export function fixtureFileFor(flowFile: string): string {
  return flowFile.replace(/\.ya?ml$/, '') + '.test.yaml';
}

/** Reads a flow's fixture file; no file means no fixtures, a bad file throws its positioned problems. */
export function loadFlowFixtures(flowFile: string): FlowFixtures {
  const file = fixtureFileFor(flowFile);
  if (!existsSync(file)) return {};
  const read = readYamlWithSchema(new PositionedYaml(file, readFileSync(file, 'utf8')), flowFixtureSchema);
  if (!read.ok) throw new SourceProblemsError(read.problems);
  return read.value;
}
