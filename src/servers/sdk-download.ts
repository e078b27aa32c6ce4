import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isExecutable } from './executables';

/** Which SDK-managed server to download. */
export type SdkServerKind = 'dev-server' | 'test-server';

// Without network the SDK fails within a second; this only matters when a connection hangs.
const DEFAULT_STALL_MS = 15_000;

// Runs in a child process so that a hung download can be killed: the SDK's native call cannot be cancelled.
const CHILD_SCRIPT = `
const [testingPath, kind, dir] = process.argv.slice(1);
const { TestWorkflowEnvironment } = require(testingPath);
const server = { executable: { type: 'cached-download', downloadDir: dir } };
const create = kind === 'dev-server' ? TestWorkflowEnvironment.createLocal : TestWorkflowEnvironment.createTimeSkipping;
create.call(TestWorkflowEnvironment, { server })
  .then((env) => env.teardown())
  .then(() => process.exit(0), (err) => { console.error(String(err && err.message || err)); process.exit(3); });
`;

/** Outcome of {@link trySdkDownload}: the downloaded executable, or why there is none. */
export type SdkDownloadResult = { path: string } | { failure: string };

/**
 * Lets the Temporal SDK download `kind` into `dir` (it starts and stops the server to do so), giving up
 * when the download makes no progress for `SOPFLOW_SDK_DOWNLOAD_STALL_MS` (default 15 s).
 */
export async function trySdkDownload(kind: SdkServerKind, dir: string): Promise<SdkDownloadResult> {
  const stallMs = Number(process.env['SOPFLOW_SDK_DOWNLOAD_STALL_MS'] ?? DEFAULT_STALL_MS);
  const child = spawn(process.execPath, ['-e', CHILD_SCRIPT, require.resolve('@temporalio/testing'), kind, dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => {
    child.once('exit', (code) => resolveExit(code));
    child.once('error', () => resolveExit(null));
  });

  let lastSize = -1;
  let lastProgress = Date.now();
  for (;;) {
    const code = await Promise.race([exited, new Promise<'tick'>((r) => setTimeout(() => r('tick'), 500))]);
    if (code !== 'tick') {
      const path = await findDownloaded(dir);
      if (code === 0 && path) return { path };
      return { failure: briefly(stderr.trim().split('\n').pop() || `exit code ${code}`) };
    }
    const size = await dirSize(dir);
    // Only a stalled download is killed: once the binary is complete the child is starting the server,
    // and killing it then could orphan that server process.
    if (size !== lastSize || (await findDownloaded(dir))) {
      lastSize = size;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > stallMs) {
      child.kill('SIGKILL');
      await exited;
      return { failure: `no download progress within ${Math.round(stallMs / 1000)} s` };
    }
  }
}

/** The root cause of a nested Rust error chain, e.g. "…(Connect): dns error: failed to lookup address…". */
function briefly(message: string): string {
  const cut = message.lastIndexOf('): ');
  return cut >= 0 ? message.slice(cut + 3) : message;
}

/** The finished download in `dir` (the SDK writes `<name>.downloading`, then renames it). */
async function findDownloaded(dir: string): Promise<string | undefined> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    if (!name.endsWith('.downloading') && (await isExecutable(path))) return path;
  }
  return undefined;
}

async function dirSize(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    total += (await stat(join(dir, name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}
