/**
 * Makes sure both Temporal servers, GreenMail (the intake tests' IMAP server) and the system Chromium of the browser tests are available (building them into the cache on first run) and prints
 * their paths. Run as `node --require tsx/cjs scripts/ensure-servers.ts`; the test command runs it first
 * so that a slow first build happens visibly, outside any test timeout.
 */
import { ensureChromium, ensureDevServerBinary, ensureGreenMailJar, ensureTestServerBinary } from '../src/servers';

async function main(): Promise<void> {
  const started = Date.now();
  // Sequential on purpose: each may print a multi-minute progress story, and interleaving would muddle them.
  const devServer = await ensureDevServerBinary();
  const testServer = await ensureTestServerBinary();
  const chromium = await ensureChromium();
  const greenMail = await ensureGreenMailJar();
  process.stdout.write(`dev server (temporal CLI): ${devServer}\n`);
  process.stdout.write(`time-skipping test server: ${testServer}\n`);
  process.stdout.write(`chromium (browser tests): ${chromium}\n`);
  process.stdout.write(`GreenMail (IMAP for intake tests): ${greenMail}\n`);
  process.stderr.write(`[sopflow servers] ready in ${Date.now() - started} ms\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`[sopflow servers] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
