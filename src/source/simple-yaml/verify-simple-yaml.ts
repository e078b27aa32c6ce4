import { isDeepStrictEqual } from 'node:util';
import type { Document } from 'yaml';

/**
 * `SOPFLOW_VERIFY_SIMPLE_YAML=1`: every file the simple reader reads is parsed by `yaml` too,
 * and any difference throws. Read once at start-up, because `process.env` reads are slow; meant
 * for running a test suite or a directory of flows to confirm the reader on more inputs.
 */
export const VERIFY_SIMPLE_YAML = process.env.SOPFLOW_VERIFY_SIMPLE_YAML === '1';

/** Throws unless `yaml` finds no problem in `document` and reads it to exactly `value`, key order included. */
export function verifySimpleYaml(value: unknown, document: Document.Parsed, file: string): void {
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) throw new Error(`${file}: the simple YAML reader accepted text yaml reports: ${problems[0]!.message}`);
  const expected: unknown = document.toJS();
  if (!isDeepStrictEqual(value, expected) || JSON.stringify(value) !== JSON.stringify(expected)) {
    throw new Error(`${file}: the simple YAML reader and yaml read different values`);
  }
}
