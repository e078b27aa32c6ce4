import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from '../scripts/build';

/** Milliseconds `sopflow --help` and `sopflow validate <one flow>` may take, start to exit. */
export const CLI_TARGET_MS = 300;

const BIN = join(__dirname, '..', 'bin', 'sopflow.js');

/**
 * Start-up of the CLI as a user meets it: a fresh `node bin/sopflow.js` process each run, from
 * the compiled `dist/` (built here first, as `npm install` does). Wall-clock time, median of
 * several runs after a warm-up (the first run pays the file system cache and the holiday cache).
 */
export async function runCliBench(): Promise<void> {
  const built = build();
  console.log(`cli: compiled ${built.compiled} files to dist/`);
  for (const [what, args] of [
    ['--help', ['--help']],
    ['validate of one flow', ['validate', 'flows/password-reset.yaml']],
  ] as const) {
    const times: number[] = [];
    for (let run = 0; run < 8; run++) {
      const began = performance.now();
      const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
      times.push(performance.now() - began);
      if (result.status !== 0) throw new Error(`sopflow ${args.join(' ')} failed: ${result.stderr}`);
    }
    const measured = times.slice(2).sort((a, b) => a - b);
    const median = measured[Math.floor(measured.length / 2)]!;
    const ratio = median / CLI_TARGET_MS;
    console.log(
      `cli: sopflow ${what} in ${median.toFixed(0)} ms (median of ${measured.length}; first ${times[0]!.toFixed(0)} ms); ` +
        `target < ${CLI_TARGET_MS} ms: ${ratio.toFixed(2)}× the target, ${ratio < 1 ? 'ok' : 'TOO SLOW'}`,
    );
  }
  await Promise.resolve();
}
