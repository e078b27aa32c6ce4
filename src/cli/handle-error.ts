import { SourceProblemsError } from '../source/problem';
import { SopflowError } from '../errors/sopflow-error';

/** Prints any error as one clear line (never a stack trace) and returns the exit code. */
export function handleError(error: unknown, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): number {
  if (error instanceof SopflowError) {
    write(`error: ${error.message}`);
    if (error.suggestion) write(`  hint: ${error.suggestion}`);
    return error.exitCode;
  }
  if (error instanceof SourceProblemsError) {
    write(error.message);
    return 1;
  }
  if (error && typeof error === 'object' && 'code' in error && (error as { code: unknown }).code === 'commander.helpDisplayed') return 0;
  const message = error instanceof Error ? error.message : String(error);
  write(`error: ${message.split('\n')[0]}`);
  if (process.env.SOPFLOW_DEBUG && error instanceof Error && error.stack) write(error.stack);
  return 1;
}
