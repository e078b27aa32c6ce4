/** A problem found in a source file, positioned so an editor or a terminal can jump to it. */
export interface SourceProblem {
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
  message: string;
  /** How to fix it, when we can tell. */
  hint?: string;
  severity: 'error' | 'warning';
  /** The rule that found it (`schema`, `yaml`, `reachable`, …), for tools and tests. */
  rule: string;
}

/** Formats a problem as `file:line:col: message (hint)`, the shape compilers and editors understand. */
export function formatProblem(problem: SourceProblem): string {
  const hint = problem.hint ? ` (${problem.hint})` : '';
  const level = problem.severity === 'warning' ? 'warning: ' : '';
  return `${problem.file}:${problem.line}:${problem.col}: ${level}${problem.message}${hint}`;
}

/** Orders problems by file, then position, so output is stable and reads top to bottom. */
export function sortProblems(problems: SourceProblem[]): SourceProblem[] {
  return [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message),
  );
}

/** Thrown where a caller wants an exception rather than a list: carries every problem. */
export class SourceProblemsError extends Error {
  constructor(readonly problems: SourceProblem[]) {
    super(sortProblems(problems).map(formatProblem).join('\n'));
    this.name = 'SourceProblemsError';
  }
}
