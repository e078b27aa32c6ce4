/** One problem found in the config file, pointing at the line and column it comes from. */
export interface ConfigIssue {
  file: string;
  line: number;
  col: number;
  /** Dotted path of the offending key, e.g. `channels.email.port`; empty for file-level problems. */
  path: string;
  message: string;
}

/** Formats one issue the way compilers do, so editors and terminals can jump to it. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.path ? `${issue.path}: ` : '';
  return `${issue.file}:${issue.line}:${issue.col}: ${where}${issue.message}`;
}

/** Thrown by `loadConfig` with every problem of the file at once, not just the first. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly issues: readonly ConfigIssue[]) {
    const first = issues[0];
    const head = first ? `invalid config ${first.file}` : 'invalid config';
    super(`${head} (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${issues.map(formatConfigIssue).join('\n')}`);
  }
}
