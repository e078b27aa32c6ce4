import type { z } from 'zod';
import type { PositionedYaml } from './positioned-yaml';
import { YAML_LIMITS } from './positioned-yaml';
import type { SourceProblem } from './problem';
import { allowedKeysAt } from './schema-keys';
import { didYouMean } from './suggest';

/** Result of reading a YAML file against a schema: the typed value, or every problem found. */
export type SchemaReadResult<T> =
  | { ok: true; value: T; source: PositionedYaml }
  | { ok: false; problems: SourceProblem[]; source?: PositionedYaml };

/**
 * Reads YAML text against a zod schema and reports every problem at its position.
 * Never throws for bad input: size limits, syntax errors, alias bombs and schema issues all
 * come back as problems.
 */
export function readYamlWithSchema<S extends z.ZodType>(
  source: PositionedYaml,
  schema: S,
): SchemaReadResult<z.infer<S>> {
  const problem = (message: string, hint?: string): SourceProblem => ({
    file: source.file,
    line: 1,
    col: 1,
    message,
    severity: 'error',
    rule: 'yaml',
    ...(hint ? { hint } : {}),
  });
  if (source.text.length > YAML_LIMITS.maxBytes) {
    return { ok: false, problems: [problem(`file is larger than ${YAML_LIMITS.maxBytes} bytes`, 'split it into smaller flows')] };
  }
  if (source.text.trim() === '') {
    return { ok: false, problems: [problem('file is empty', 'a flow needs at least id, version, title, events and states')] };
  }
  const syntax = source.syntaxProblems();
  if (syntax.length > 0) return { ok: false, problems: syntax, source };
  let data: unknown;
  try {
    data = source.toJS();
  } catch (error) {
    return {
      ok: false,
      source,
      problems: [problem(`cannot expand YAML: ${(error as Error).message}`, `at most ${YAML_LIMITS.maxAliasCount} aliases are allowed`)],
    };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data, source };
  return { ok: false, source, problems: parsed.error.issues.flatMap((issue) => issueToProblems(source, schema, issue)) };
}

function issueToProblems(source: PositionedYaml, schema: z.ZodType, issue: z.core.$ZodIssue): SourceProblem[] {
  const where = issue.path.length ? issue.path.join('.') : 'top level';
  if (issue.code === 'unrecognized_keys') {
    const known = allowedKeysAt(schema, issue.path);
    return issue.keys.map((key) => {
      const position = source.positionOf([...issue.path, key], 'key');
      const hint = didYouMean(key, known);
      return {
        file: source.file,
        ...position,
        message: `unknown key '${key}' in ${where}`,
        ...(hint ? { hint } : known.length ? { hint: `allowed keys: ${known.join(', ')}` } : {}),
        severity: 'error' as const,
        rule: 'schema',
      };
    });
  }
  const position = source.positionOf(issue.path, 'value');
  return [{ file: source.file, ...position, message: `${where}: ${issue.message}`, severity: 'error', rule: 'schema' }];
}
