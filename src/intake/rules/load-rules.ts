import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowDefinition } from '../../flow/definition';
import { PositionedYaml } from '../../source/positioned-yaml';
import type { SourceProblem } from '../../source/problem';
import { SourceProblemsError, sortProblems } from '../../source/problem';
import { readYamlWithSchema } from '../../source/schema-problems';
import { lintIntakeRules } from './lint-rules';
import { IntakeRules } from './match-rule';
import { intakeRulesSchema } from './rules-schema';

/** The routing rules file's name inside the flows directory. */
export const INTAKE_RULES_FILE = 'intake.yaml';

/** Loaded routing rules, or every problem (positioned) that stopped them. */
export type IntakeRulesLoad = { ok: true; rules: IntakeRules } | { ok: false; problems: SourceProblem[] };

/** Validates routing rules text: YAML, schema (with positions and hints), then lint against the flows. */
export function loadIntakeRulesText(text: string, file: string, flows: readonly FlowDefinition[]): IntakeRulesLoad {
  const source = new PositionedYaml(file, text);
  const read = readYamlWithSchema(source, intakeRulesSchema, { emptyHint: 'routing rules need at least `rules:` with a default rule' });
  if (!read.ok) return { ok: false, problems: sortProblems(read.problems) };
  const problems = lintIntakeRules(read.value, flows, source);
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, rules: new IntakeRules(read.value) };
}

/** Reads `intake.yaml` (default: in the flows directory); a missing file is a problem, not an exception. */
export function loadIntakeRulesFile(file: string, flows: readonly FlowDefinition[]): IntakeRulesLoad {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [{ file, line: 1, col: 1, message: `cannot read routing rules: ${(error as Error).message}`, severity: 'error', rule: 'file' }] };
  }
  return loadIntakeRulesText(text, file, flows);
}

/** Loads the routing rules of a flows directory, or throws `SourceProblemsError` with every problem. */
export function loadIntakeRulesOrThrow(flowsDir: string, flows: readonly FlowDefinition[]): IntakeRules {
  const result = loadIntakeRulesFile(join(flowsDir, INTAKE_RULES_FILE), flows);
  if (!result.ok) throw new SourceProblemsError(result.problems);
  return result.rules;
}
