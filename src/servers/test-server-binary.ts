import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheDir, ensureCacheSubdir } from './cache-dir';
import { isExecutable } from './executables';
import { withFileLock } from './file-lock';
import { logServers } from './log';
import { trySdkDownload } from './sdk-download';
import { buildTestServerWrapper, isScript, isUsableWrapper } from './test-server-wrapper';

const BINARY_NAME = process.platform === 'win32' ? 'temporal-test-server.exe' : 'temporal-test-server';

let pending: Promise<string> | undefined;

/**
 * Path of a time-skipping test server executable: `TEMPORAL_TEST_SERVER_PATH`, else the cached one, else the
 * SDK's download, else a wrapper script around the Java test server resolved with Maven.
 */
export function ensureTestServerBinary(): Promise<string> {
  // Memoised so that concurrent callers in one process share one lookup (and one build).
  pending ??= locate().catch((err: unknown) => {
    pending = undefined;
    throw err;
  });
  return pending;
}

/** Where the cached test server (native download or our wrapper script) lives. */
export function cachedTestServerPath(): string {
  return join(cacheDir(), BINARY_NAME);
}

async function locate(): Promise<string> {
  const fromEnv = process.env['TEMPORAL_TEST_SERVER_PATH'];
  if (fromEnv) {
    // An explicit setting that is wrong should fail loudly, not silently fall back to something else.
    if (!(await isExecutable(fromEnv))) throw new Error(`TEMPORAL_TEST_SERVER_PATH=${fromEnv} is not an executable file`);
    logServers(`using test server from TEMPORAL_TEST_SERVER_PATH (${fromEnv})`);
    return fromEnv;
  }
  const cached = cachedTestServerPath();
  if (await isCachedUsable(cached)) {
    logServers(`using cached test server (${cached})`);
    return cached;
  }
  const locks = await ensureCacheSubdir('locks');
  return withFileLock(join(locks, 'test-server.lock'), 'obtaining the test server', () => obtain(cached));
}

async function isCachedUsable(path: string): Promise<boolean> {
  if (!(await isExecutable(path))) return false;
  return !(await isScript(path)) || isUsableWrapper(path);
}

async function obtain(target: string): Promise<string> {
  // Another process may have finished while we waited for the lock.
  if (await isCachedUsable(target)) {
    logServers(`using cached test server (${target})`);
    return target;
  }
  if (process.env['SOPFLOW_SKIP_SDK_DOWNLOAD'] !== '1') {
    logServers('trying the Temporal SDK download of the test server…');
    const result = await trySdkDownload('test-server', await ensureCacheSubdir('sdk-download', 'test-server'));
    if ('path' in result) {
      // Moved out of the SDK's folder because the SDK deletes its downloads after a TTL.
      await rename(result.path, target);
      logServers(`downloaded test server to ${target}`);
      return target;
    }
    logServers(`SDK download unavailable (${result.failure})`);
  }
  await buildTestServerWrapper(target);
  return target;
}
