import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PositionedYaml } from '../source/positioned-yaml';
import type { SourceProblem } from '../source/problem';
import { readYamlWithSchema } from '../source/schema-problems';
import { ConfigError } from './config-error';
import { hasEnvReference, interpolateEnv, scalarAt } from './env-interpolation';
import { SECRET_PATHS, configSchema } from './schema';
import type { SopflowConfig } from './schema';

/**
 * Validates config text through the same pipeline as flows and calendars (limits, YAML syntax
 * at its cause, duplicate keys, schema problems with "did you mean"), plus what only a config
 * has: `${VAR}` references, which must be set, and secrets, which must be references.
 * `fileName` is used in messages, `baseDir` resolves relative paths, `env` supplies the
 * references. Throws a `ConfigError` (a `SourceProblemsError`) listing every problem.
 */
export function parseConfig(
  text: string,
  fileName: string,
  env: NodeJS.ProcessEnv = process.env,
  baseDir = '.',
): SopflowConfig {
  const source = new PositionedYaml(fileName, text);
  const problems: SourceProblem[] = [];
  const problem = (position: { line: number; col: number }, message: string, hint?: string): SourceProblem => ({
    file: fileName,
    ...position,
    message,
    ...(hint ? { hint } : {}),
    severity: 'error',
    rule: 'config',
  });
  const reportedAt = new Set<string>();
  const read = readYamlWithSchema(source, configSchema, {
    emptyHint: 'a config needs at least channels, recipients, pools, portal and languages',
    reportedAt,
    toData: ({ document, lineCounter }) => {
      // On the document, not the text: each scalar keeps its position for the problems below.
      const { originals, missing } = interpolateEnv(document, env);
      for (const variable of missing) {
        const position = lineCounter.linePos(variable.node.range?.[0] ?? 0);
        // A value still holding an unset `${VAR}` fails the schema too; it is reported once, by name.
        reportedAt.add(`${position.line}:${position.col}`);
        problems.push(problem(position, `${variable.path.join('.')}: environment variable ${variable.name} is not set`, `set ${variable.name}, or write a fallback: \${${variable.name}:-value}`));
      }
      for (const path of SECRET_PATHS) {
        const node = scalarAt(document, path);
        if (node && !hasEnvReference(originals.get(node) ?? String(node.value))) {
          problems.push(
            problem(source.positionOf(path), `${path.join('.')}: secrets must come from the environment`, 'write a reference such as ${SMTP_PASSWORD} instead of the value'),
          );
        }
      }
      return document.toJS() ?? {};
    },
  });
  if (!read.ok) problems.push(...read.problems.map((found) => (found.rule === 'schema' ? { ...found, rule: 'config' } : found)).map((found) => withQuotingHint(found, text)));
  if (problems.length > 0 || !read.ok) throw new ConfigError(problems);
  const config = read.value;
  config.notify.outboxDir = resolve(baseDir, config.notify.outboxDir);
  config.notify.templatesDir = resolve(baseDir, config.notify.templatesDir);
  config.web.secretFile = resolve(baseDir, config.web.secretFile);
  if (config.intake) {
    config.intake.attachments.dir = resolve(baseDir, config.intake.attachments.dir);
    config.intake.reviewDir = resolve(baseDir, config.intake.reviewDir);
    if (config.intake.imap) config.intake.imap.stateFile = resolve(baseDir, config.intake.imap.stateFile);
  }
  return config;
}

/** `{` and `}` are YAML flow syntax, so an unquoted ${VAR} inside { … } or [ … ] breaks parsing: say so. */
function withQuotingHint(problem: SourceProblem, text: string): SourceProblem {
  if (problem.rule !== 'yaml' || !text.split('\n')[problem.line - 1]?.includes('${')) return problem;
  const hint = 'quote values containing ${…} inside { } or [ ]';
  return { ...problem, hint: problem.hint ? `${hint}; ${problem.hint}` : hint };
}

/** Reads and validates `sopflow.config.yaml` (or another path); throws `ConfigError` listing every problem. */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): SopflowConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([
      { file: path, line: 1, col: 1, message: `cannot read the config file: ${(err as Error).message}`, hint: 'pass the file with --config or SOPFLOW_CONFIG', severity: 'error', rule: 'file' },
    ]);
  }
  return parseConfig(text, path, env, dirname(resolve(path)));
}
