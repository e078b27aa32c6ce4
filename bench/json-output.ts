/*
 * `npm run bench -- <section> --json`: each section that supports it hands in one JSON object,
 * printed as one line after everything else, so runs can be compared by a script.
 */

/** Whether `--json` was given. */
export const jsonRequested = process.argv.includes('--json');

const lines: string[] = [];

/** Records a section's figures; printed last by `bench/index.ts` when `--json` was given. */
export function emitJson(figures: { bench: string } & Record<string, unknown>): void {
  if (jsonRequested) lines.push(JSON.stringify(figures));
}

/** The JSON lines recorded so far. */
export function jsonLines(): readonly string[] {
  return lines;
}
