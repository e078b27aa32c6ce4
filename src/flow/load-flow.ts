import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PositionedYaml, TOO_LARGE, YAML_LIMITS } from '../source/positioned-yaml';
import type { SourceProblem } from '../source/problem';
import { SourceProblemsError, sortProblems } from '../source/problem';
import { readYamlWithSchema } from '../source/schema-problems';
import type { FlowDefinition } from './definition';
import { normalizeFlow } from './definition';
import { lintFlow } from './lint/lint-flow';
import type { Staffing } from './lint/staffing';
import { flowSchema } from './schema';

/*
 * The edge where flow files become trusted definitions: parse → schema → normalize → lint.
 * The only flow module that does I/O or uses Node built-ins; everything it hands on is plain
 * JSON that workflow code may use.
 */

/** What the loader may check beyond the file itself. */
export interface FlowLoadOptions {
  /** Names of the known business calendars; the flow's `calendar:` must be one of them. */
  calendars?: ReadonlySet<string>;
  /** Who can be assigned (from the config); every `assign:` skill must be staffed. */
  staffing?: Staffing;
}

/** A loaded flow and its warnings, or every problem (errors and warnings) that stopped it. */
export type FlowLoadResult =
  | { ok: true; definition: FlowDefinition; warnings: SourceProblem[] }
  | { ok: false; problems: SourceProblem[] };

/** Every flow of a directory that loaded, and every problem of every file, sorted. */
export interface FlowDirectoryResult {
  flows: FlowDefinition[];
  problems: SourceProblem[];
  /** Each flow file read, with its own result. */
  files: Array<{ file: string; result: FlowLoadResult }>;
}

/** What a new flow file must at least contain; the hint for an empty file. */
const EMPTY_FLOW_HINT = 'a flow needs at least id, version, title, events and states';

/** Files in a flows directory that are not flows. */
// `intake.yaml` holds the routing rules of src/intake, validated by its own loader.
const NOT_FLOWS = /(^calendars\.yaml$|^intake\.yaml$|\.test\.yaml$)/;

/** Loads a flow from its text. Never throws for bad input: anything wrong comes back as positioned problems. */
export function loadFlowText(text: string, file: string, options: FlowLoadOptions = {}): FlowLoadResult {
  return loadText(text, file, options).result;
}

/** Loads a flow file; a missing, unreadable or oversized file is a problem, not an exception. */
export function loadFlowFile(path: string, options: FlowLoadOptions = {}): FlowLoadResult {
  return loadFile(path, options).result;
}

/** Loads a flow file, or throws a `SourceProblemsError` with every error. */
export function loadFlowOrThrow(path: string, options: FlowLoadOptions = {}): FlowDefinition {
  const result = loadFlowFile(path, options);
  if (!result.ok) throw new SourceProblemsError(result.problems.filter((problem) => problem.severity === 'error'));
  return result.definition;
}

/**
 * Loads every `*.yaml` flow of a directory (not `calendars.yaml`, not `*.test.yaml`), in name
 * order. Flow ids must be unique across the directory; a file named after a different id gets
 * a warning, because `sopflow graph <id>` and people look flows up by file name.
 */
export function loadFlowDirectory(dir: string, options: FlowLoadOptions = {}): FlowDirectoryResult {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => name.endsWith('.yaml') && !NOT_FLOWS.test(name))
      .sort();
  } catch (error) {
    return { flows: [], problems: [fileProblem(dir, `cannot read flows directory: ${ioReason(error)}`)], files: [] };
  }
  const files: FlowDirectoryResult['files'] = [];
  const byId = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    const loaded = loadFile(file, options);
    let result = loaded.result;
    if (result.ok) {
      const { id } = result.definition;
      // Only asked for when there is a problem: a position may mean parsing the file with `yaml`.
      const at = (): Pick<SourceProblem, 'file' | 'line' | 'col' | 'rule'> => ({
        file,
        ...(loaded.source?.positionOf(['id']) ?? { line: 1, col: 1 }),
        rule: 'flow-id',
      });
      const first = byId.get(id);
      if (first !== undefined) {
        const duplicate: SourceProblem = { ...at(), message: `flow id '${id}' is already used by ${first}`, hint: 'give every flow its own id', severity: 'error' };
        result = { ok: false, problems: sortProblems([...result.warnings, duplicate]) };
      } else {
        byId.set(id, file);
        if (basename(name, '.yaml') !== id) {
          const warning: SourceProblem = { ...at(), message: `flow id '${id}' differs from the file name '${name}'`, hint: `rename the file to ${id}.yaml`, severity: 'warning' };
          result = { ...result, warnings: sortProblems([...result.warnings, warning]) };
        }
      }
    }
    files.push({ file, result });
  }
  return {
    flows: files.flatMap(({ result }) => (result.ok ? [result.definition] : [])),
    problems: sortProblems(files.flatMap(({ result }) => (result.ok ? result.warnings : result.problems))),
    files,
  };
}

/** A result, with the parsed source when there is one (to position problems found later). */
interface Loaded {
  result: FlowLoadResult;
  source?: PositionedYaml;
}

function loadText(text: string, file: string, options: FlowLoadOptions): Loaded {
  try {
    const source = new PositionedYaml(file, text);
    const read = readYamlWithSchema(source, flowSchema, { emptyHint: EMPTY_FLOW_HINT });
    if (!read.ok) return { result: { ok: false, problems: sortProblems(read.problems) }, source };
    const definition = normalizeFlow(read.value, flowHash(text));
    const problems = lintFlow({
      spec: read.value,
      definition,
      source,
      ...(options.calendars ? { calendars: options.calendars } : {}),
      ...(options.staffing ? { staffing: options.staffing } : {}),
    });
    if (problems.some((problem) => problem.severity === 'error')) return { result: { ok: false, problems }, source };
    return { result: { ok: true, definition, warnings: problems }, source };
  } catch (error) {
    return { result: { ok: false, problems: [internalProblem(file, error)] } };
  }
}

function loadFile(path: string, options: FlowLoadOptions): Loaded {
  let text: string;
  try {
    // Refuse oversized files before reading them into memory.
    if (statSync(path).size > YAML_LIMITS.maxBytes) {
      return { result: { ok: false, problems: [fileProblem(path, TOO_LARGE.message, TOO_LARGE.hint)] } };
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { result: { ok: false, problems: [fileProblem(path, `cannot read flow file: ${ioReason(error)}`)] } };
  }
  return loadText(text, path, options);
}

/** SHA-256 (hex) of a flow file's text: pins a running ticket to exactly the text it started with. */
export function flowHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function fileProblem(file: string, message: string, hint?: string): SourceProblem {
  return { file, line: 1, col: 1, message, ...(hint ? { hint } : {}), severity: 'error', rule: 'file' };
}

function internalProblem(file: string, error: unknown): SourceProblem {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return fileProblem(file, `internal error while loading the flow: ${reason}`, 'please report this with the flow file');
}

function ioReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EISDIR: 'it is a directory',
    ENOTDIR: 'not a directory',
    EACCES: 'permission denied',
  };
  return (typeof code === 'string' && reasons[code]) || (error instanceof Error ? error.message : String(error));
}
