import type { SourceProblem } from '../source/problem';
import { SourceProblemsError, sortProblems } from '../source/problem';

/**
 * Thrown by `loadConfig` with every problem of the file at once. A `SourceProblemsError`, so
 * the CLI prints config problems exactly as flow problems: `file:line:col: message (hint)`.
 */
export class ConfigError extends SourceProblemsError {
  constructor(problems: SourceProblem[]) {
    super(sortProblems(problems));
    this.name = 'ConfigError';
  }
}
