/**
 * Runs the mocha suite programmatically so the run ends with one plain summary line,
 * `N passed, N failed`, that any CI system can read, and exits non-zero on any failure, on a
 * pending or skipped test, on a `.only` left in a file, or when no test ran at all.
 */
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
// Quiets worker logs before any test creates a worker.
import '../test/setup';

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? testFiles(join(dir, entry.name)) : entry.name.endsWith('.test.ts') ? [join(dir, entry.name)] : [],
  );
}

// A skipped test proves nothing and a forgotten `.only` hides every other test: both fail the run.
const mocha = new Mocha({ timeout: 120_000, reporter: 'spec', forbidOnly: true, forbidPending: true });
const files = process.argv.slice(2).length ? process.argv.slice(2) : testFiles('test').sort();
for (const file of files) mocha.addFile(file);

const runner = mocha.run(() => {
  const { passes, failures, pending } = runner.stats ?? { passes: 0, failures: 1, pending: 0 };
  const skipped = pending ? `, ${pending} skipped (not allowed)` : '';
  process.stdout.write(`\nmocha: ${passes} passed, ${failures} failed${skipped}\n`);
  process.exit(failures > 0 || pending > 0 || passes === 0 ? 1 : 0);
});
