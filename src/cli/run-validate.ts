import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, DEFAULT_PATHS } from './commands/validate';
import type { FlowLoadResult } from '../flow/load-flow';
import { loadFlowDirectory, loadFlowFile } from '../flow/load-flow';
import type { Staffing } from '../flow/lint/staffing';
import { staffingOf } from '../flow/lint/staffing';
import { loadConfig } from '../config/load-config';
import { INTAKE_RULES_FILE, loadIntakeRulesFile } from '../intake/rules/load-rules';
import { loadCalendarsFile } from '../sla/load-calendars';
import type { SourceProblem } from '../source/problem';
import { formatProblem, SourceProblemsError, sortProblems } from '../source/problem';

/** How `sopflow validate` prints its findings. */
export type ValidateFormat = 'text' | 'json';

/** What `sopflow validate` was asked. */
export interface ValidateOptions {
  format?: ValidateFormat;
  /** Calendar file to check `calendar:` against; default: `calendars.yaml` beside the flows. */
  calendars?: string;
  /** Config whose pools must staff every `assign:`; default: `sopflow.config.yaml` next to the flows directory. */
  config?: string;
}

/** The printed report and the exit code: 1 when any file has an error. */
export interface ValidateOutcome {
  exitCode: number;
  output: string;
}

/** One checked file, as the JSON report lists it. */
interface CheckedFile {
  file: string;
  ok: boolean;
  flow?: string;
  problems: SourceProblem[];
}


/**
 * Validates flow files and directories (all `*.yaml` but `calendars.yaml`, `intake.yaml` and
 * `*.test.yaml`; a directory's `intake.yaml` routing rules are checked against its flows):
 * YAML, schema and every lint rule, calendar names against the calendar file beside them,
 * `assign:` skills against the pools of the config next to them.
 * Reports every problem of every file; never throws for bad input.
 */
export function runValidate(paths: readonly string[] = DEFAULT_PATHS, options: ValidateOptions = {}): ValidateOutcome {
  const checked: CheckedFile[] = [];
  const calendarFiles = new Map<string, ReadonlySet<string>>();
  const calendarProblems: SourceProblem[] = [];
  const calendarsFor = (dir: string): ReadonlySet<string> => {
    const file = options.calendars ?? join(dir, 'calendars.yaml');
    let names = calendarFiles.get(file);
    if (!names) {
      const read = loadCalendarsFile(file);
      names = new Set(read.calendars.keys());
      calendarFiles.set(file, names);
      calendarProblems.push(...read.problems);
    }
    return names;
  };
  const configs = new Map<string, Staffing | undefined>();
  const configProblems: SourceProblem[] = [];
  const staffingFor = (flowsDir: string): { staffing?: Staffing } => {
    // `flows/` sits next to the config in a project: `sopflow.config.yaml` beside the directory.
    const file = options.config ?? join(dirname(resolve(flowsDir)), DEFAULT_CONFIG_FILE);
    if (!configs.has(file)) {
      if (options.config === undefined && !existsSync(file)) configs.set(file, undefined);
      else {
        try {
          configs.set(file, staffingOf(relativeName(file), loadConfig(file).pools));
        } catch (error) {
          if (!(error instanceof SourceProblemsError)) throw error;
          configs.set(file, undefined);
          configProblems.push(...error.problems);
        }
      }
    }
    const staffing = configs.get(file);
    return staffing ? { staffing } : {};
  };
  for (const path of paths.length > 0 ? paths : DEFAULT_PATHS) {
    if (isDirectory(path)) {
      const loaded = loadFlowDirectory(path, { calendars: calendarsFor(path), ...staffingFor(path) });
      checked.push(...loaded.files.map(({ file, result }) => checkedFile(file, result)));
      const rulesFile = join(path, INTAKE_RULES_FILE);
      if (existsSync(rulesFile)) {
        const rules = loadIntakeRulesFile(rulesFile, loaded.flows);
        checked.push({ file: rulesFile, ok: rules.ok, problems: rules.ok ? [] : rules.problems });
      }
      if (loaded.files.length === 0 && loaded.problems.length === 0) {
        checked.push({ file: path, ok: true, problems: [{ file: path, line: 1, col: 1, message: 'no flow files (*.yaml) here', severity: 'warning', rule: 'file' }] });
      } else if (loaded.files.length === 0) {
        checked.push({ file: path, ok: false, problems: loaded.problems });
      }
    } else if (basename(path) === 'calendars.yaml') {
      calendarsFor(dirname(path));
    } else {
      checked.push(checkedFile(path, loadFlowFile(path, { calendars: calendarsFor(dirname(path)), ...staffingFor(dirname(path)) })));
    }
  }
  for (const file of new Set(configProblems.map((problem) => problem.file))) {
    checked.push({ file, ok: false, problems: configProblems.filter((problem) => problem.file === file) });
  }
  if (calendarProblems.length > 0) {
    const files = [...new Set(calendarProblems.map((problem) => problem.file))];
    for (const file of files) checked.push({ file, ok: false, problems: calendarProblems.filter((problem) => problem.file === file) });
  }
  const problems = sortProblems(checked.flatMap((file) => file.problems));
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.length - errors;
  const exitCode = errors > 0 ? 1 : 0;
  if (options.format === 'json') {
    return { exitCode, output: `${JSON.stringify({ files: checked, errors, warnings }, null, 2)}\n` };
  }
  const flows = checked.filter((file) => file.flow !== undefined || !file.ok).length;
  const summary = `${count(flows, 'file')} checked: ${count(errors, 'error')}, ${count(warnings, 'warning')}`;
  return { exitCode, output: [...problems.map(formatProblem), summary].join('\n') + '\n' };
}

function checkedFile(file: string, result: FlowLoadResult): CheckedFile {
  return result.ok
    ? { file, ok: true, flow: result.definition.id, problems: result.warnings }
    : { file, ok: false, problems: result.problems };
}

/** A path as the user would type it: relative to the working directory when inside it. */
function relativeName(file: string): string {
  const name = relative(process.cwd(), file);
  return name.startsWith('..') || isAbsolute(name) ? file : name;
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
