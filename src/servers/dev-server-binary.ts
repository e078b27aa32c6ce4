import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheDir, ensureCacheSubdir } from './cache-dir';
import { findOnPath, isExecutable } from './executables';
import { withFileLock } from './file-lock';
import { logServers } from './log';
import { runLogged } from './run-logged';
import { trySdkDownload } from './sdk-download';
import { TEMPORAL_CLI_VERSION } from './versions';

const BINARY_NAME = process.platform === 'win32' ? 'temporal.exe' : 'temporal';

let pending: Promise<string> | undefined;

/**
 * Path of a `temporal` CLI (for `temporal server start-dev`): `TEMPORAL_CLI_PATH`, else `temporal` on PATH,
 * else the cached one, else the SDK's download, else a `go install` build into the cache.
 */
export function ensureDevServerBinary(): Promise<string> {
  // Memoised so that concurrent callers in one process share one lookup (and one build).
  pending ??= locate().catch((err: unknown) => {
    pending = undefined;
    throw err;
  });
  return pending;
}

/** Where the cached CLI lives; `GOBIN` for the `go install` fallback. */
export function cachedDevServerPath(): string {
  return join(cacheDir(), 'bin', BINARY_NAME);
}

async function locate(): Promise<string> {
  const fromEnv = process.env['TEMPORAL_CLI_PATH'];
  if (fromEnv) {
    // An explicit setting that is wrong should fail loudly, not silently fall back to something else.
    if (!(await isExecutable(fromEnv))) throw new Error(`TEMPORAL_CLI_PATH=${fromEnv} is not an executable file`);
    logServers(`using temporal from TEMPORAL_CLI_PATH (${fromEnv})`);
    return fromEnv;
  }
  const onPath = await findOnPath('temporal');
  if (onPath) {
    logServers(`using temporal from PATH (${onPath})`);
    return onPath;
  }
  const cached = cachedDevServerPath();
  if (await isExecutable(cached)) {
    logServers(`using cached temporal (${cached})`);
    return cached;
  }
  const locks = await ensureCacheSubdir('locks');
  return withFileLock(join(locks, 'dev-server.lock'), `obtaining the temporal CLI`, () => obtain(cached));
}

async function obtain(target: string): Promise<string> {
  // Another process may have finished while we waited for the lock.
  if (await isExecutable(target)) {
    logServers(`using cached temporal (${target})`);
    return target;
  }
  const binDir = await ensureCacheSubdir('bin');
  if (process.env['SOPFLOW_SKIP_SDK_DOWNLOAD'] !== '1') {
    logServers('trying the Temporal SDK download of the temporal CLI…');
    const result = await trySdkDownload('dev-server', await ensureCacheSubdir('sdk-download', 'dev-server'));
    if ('path' in result) {
      // Moved out of the SDK's folder because the SDK deletes its downloads after a TTL.
      await rename(result.path, target);
      logServers(`downloaded temporal to ${target}`);
      return target;
    }
    logServers(`SDK download unavailable (${result.failure})`);
  }
  const go = await findOnPath('go');
  if (!go) {
    throw new Error(
      'no temporal CLI: set TEMPORAL_CLI_PATH, put `temporal` on PATH, or install Go so sopflow can build it',
    );
  }
  logServers(`building temporal CLI ${TEMPORAL_CLI_VERSION} with go install (first run only, a few minutes)…`);
  const started = Date.now();
  await runLogged(go, ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
    // Run outside any Go module/workspace so that only the pinned CLI module decides the build.
    cwd: binDir,
    env: { ...process.env, GOBIN: binDir },
    logFile: join(await ensureCacheSubdir('logs'), 'go-install-temporal.log'),
    label: `building temporal CLI ${TEMPORAL_CLI_VERSION}`,
  });
  if (!(await isExecutable(target))) throw new Error(`go install finished but ${target} is missing`);
  logServers(`built temporal CLI in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
  return target;
}
