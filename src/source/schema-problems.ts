import type { z } from 'zod';
import type { PositionedYaml } from './positioned-yaml';
import { YAML_LIMITS } from './positioned-yaml';
import type { SourceProblem } from './problem';
import { allowedKeysAt } from './schema-keys';
import { closestName, didYouMean } from './suggest';

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
  options: {
    emptyHint?: string;
    /** Turns the checked document into the data the schema sees (default: `source.toJS()`); the config interpolates `${VAR}` here. */
    toData?: (source: PositionedYaml) => unknown;
    /** Leaves out schema problems at these positions (`line:col`), already reported in other words. */
    reportedAt?: ReadonlySet<string>;
  } = {},
): SchemaReadResult<z.infer<S>> {
  const problem = (message: string, hint: string | undefined, position = { line: 1, col: 1 }): SourceProblem => ({
    file: source.file,
    ...position,
    message,
    ...(hint ? { hint } : {}),
    severity: 'error',
    rule: 'yaml',
  });
  const syntax = source.syntaxProblems();
  if (syntax.length > 0) return { ok: false, problems: syntax, source };
  if (source.text.trim() === '' || source.isEmpty()) {
    return { ok: false, source, problems: [problem('file is empty', options.emptyHint)] };
  }
  let data: unknown;
  try {
    data = options.toData ? options.toData(source) : source.toJS();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      source,
      problems: [
        /excessive alias/i.test(message)
          ? problem('aliases expand too far: this looks like a "billion laughs" attack', `at most ${YAML_LIMITS.maxAliasCount} alias expansions are allowed; write the values out`, source.firstAliasPosition())
          : problem(`cannot read YAML: ${message}`, 'check anchors (&name) and aliases (*name)', source.firstAliasPosition()),
      ],
    };
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data, source };
  const context: IssueContext = { source, schema, data, suggested: new Set() };
  const found = parsed.error.issues.flatMap((issue) => issueToProblems(context, issue, []));
  // `targt:` is one mistake, not two: drop "missing 'target'" where a misspelt key suggests it.
  const problems = found.filter(
    (problem) => !(problem.missing && context.suggested.has(problem.missing)) && !options.reportedAt?.has(`${problem.line}:${problem.col}`),
  );
  return { ok: false, source, problems: problems.map(({ missing: _missing, ...problem }) => problem) };
}

interface IssueContext {
  source: PositionedYaml;
  schema: z.ZodType;
  data: unknown;
  /** `path/key` of every key a "did you mean" hint suggested. */
  suggested: Set<string>;
}

/** A problem, plus the `path/key` it reports as missing, if that is what it reports. */
type FoundProblem = SourceProblem & { missing?: string };

type Issue = z.core.$ZodIssue;
type IssuePath = PropertyKey[];

function issueToProblems(context: IssueContext, issue: Issue, prefix: IssuePath): FoundProblem[] {
  const path = [...prefix, ...issue.path];
  const where = path.length ? path.map(String).join('.') : 'top level';
  const problem = (message: string, hint: string | undefined, at: IssuePath, on: 'key' | 'value' = 'value'): FoundProblem => ({
    file: context.source.file,
    ...context.source.positionOf(at as Array<string | number>, on),
    message,
    ...(hint ? { hint } : {}),
    severity: 'error',
    rule: 'schema',
  });
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = allowedKeysAt(context.schema, path);
      return issue.keys.map((key) => {
        const suggestion = closestName(key, known);
        if (suggestion !== undefined) context.suggested.add(keyId(path, suggestion));
        const hint = suggestion !== undefined ? `did you mean '${suggestion}'?` : known.length ? `allowed keys: ${known.join(', ')}` : undefined;
        return problem(`unknown key '${key}'${path.length ? ` in ${where}` : ''}`, hint, [...path, key], 'key');
      });
    }
    case 'invalid_union':
      return unionToProblems(context, issue, path, where, problem);
    case 'invalid_key': {
      const parent = path.slice(0, -1);
      const reason = issue.issues[0]?.message ?? issue.message;
      const inPart = parent.length ? ` in ${parent.map(String).join('.')}` : '';
      return [problem(`invalid key '${String(path[path.length - 1])}'${inPart}: ${reason}`, undefined, path, 'key')];
    }
    case 'invalid_type': {
      const value = valueAt(context.data, path);
      if (value === undefined && path.length > 0) {
        // A missing key: report it on the object that lacks it, by name.
        const parent = path.slice(0, -1);
        const key = String(path[path.length - 1]);
        const message = parent.length ? `${parent.map(String).join('.')}: missing required key '${key}'` : `missing required key '${key}'`;
        return [{ ...problem(message, undefined, parent), missing: keyId(parent, key) }];
      }
      if (path.length === 0 && issue.expected === 'object') {
        return [problem(`the file must hold a map of keys, not ${describe(value)}`, undefined, path)];
      }
      return [problem(`${where}: ${issue.message}`, typeHint(issue.expected, value), path)];
    }
    case 'invalid_value': {
      const value = valueAt(context.data, path);
      const hint = typeof value === 'string' ? didYouMean(value, issue.values.map(String)) : undefined;
      return [problem(`${where}: ${issue.message}`, hint, path)];
    }
    default:
      return [problem(`${where}: ${issue.message}`, undefined, path)];
  }
}

/**
 * A union reports one list of issues per alternative. Alternatives that failed on the value's
 * very type (a string where an object was given) are not what the writer meant; of the rest,
 * the one with the fewest issues is. Without this every mistake inside a transition, an action
 * or a condition would read "Invalid input".
 */
function unionToProblems(
  context: IssueContext,
  issue: Extract<Issue, { code: 'invalid_union' }>,
  path: IssuePath,
  where: string,
  problem: (message: string, hint: string | undefined, at: IssuePath) => FoundProblem,
): FoundProblem[] {
  const plausible = issue.errors.filter((branch) => !branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
  if (plausible.length === 0) {
    const expected = [...new Set(issue.errors.flatMap((branch) => branch.map((inner) => (inner.code === 'invalid_type' ? inner.expected : 'other'))))];
    const got = describe(valueAt(context.data, path));
    return [problem(`${where}: expected ${joinOr(expected.map(article))}, received ${got}`, undefined, path)];
  }
  const fewest = Math.min(...plausible.map((branch) => branch.length));
  const best = plausible.filter((branch) => branch.length === fewest);
  const unknownKeys = best.map((branch) => branch.find((inner) => inner.code === 'unrecognized_keys'));
  if (best.length > 1 && unknownKeys.every((inner) => inner !== undefined && inner.path.length === 0)) {
    // Every alternative stumbles over the same misspelt key: report only that, with a suggestion.
    return issueToProblems(context, unknownKeys[0]!, path);
  }
  return best[0]!.flatMap((inner) => issueToProblems(context, inner, path));
}

function keyId(path: IssuePath, key: string): string {
  return [...path.map(String), key].join('\u0000');
}

function valueAt(data: unknown, path: IssuePath): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function typeHint(expected: string, value: unknown): string | undefined {
  if (expected === 'boolean' && typeof value === 'string' && /^(yes|no|on|off|y|n)$/i.test(value)) {
    return `YAML reads '${value}' as text; write true or false`;
  }
  if (expected === 'number' && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return 'remove the quotes to write a number';
  }
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return `put '${String(value)}' in quotes to write it as text`;
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `text '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  return `${typeof value} ${String(value)}`;
}

function article(type: string): string {
  const words: Record<string, string> = { string: 'text', object: 'a map', array: 'a list', number: 'a number', boolean: 'true/false' };
  return words[type] ?? type;
}

function joinOr(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
