import { open, readFile, stat, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { logServers } from './log';

const POLL_MS = 1_000;
// A build can take minutes on a cold machine; waiting longer than this means something is wedged.
const MAX_WAIT_MS = 30 * 60_000;

/**
 * Runs `fn` while holding an exclusive lock file (created with O_EXCL, holding our pid), so that
 * concurrent sopflow processes on one machine do not build the same server at the same time.
 */
export async function withFileLock<T>(lockPath: string, purpose: string, fn: () => Promise<T>): Promise<T> {
  await acquire(lockPath, purpose);
  try {
    return await fn();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}

async function acquire(lockPath: string, purpose: string): Promise<void> {
  const started = Date.now();
  let announced = false;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readHolder(lockPath);
    if (holder === 'stale') {
      // The holder died without cleaning up (crash, SIGKILL): take the lock over.
      await unlink(lockPath).catch(() => undefined);
      continue;
    }
    if (!announced) {
      logServers(`waiting for another process (pid ${holder ?? '?'}) that is ${purpose}…`);
      announced = true;
    }
    if (Date.now() - started > MAX_WAIT_MS) {
      throw new Error(`gave up waiting for lock ${lockPath} (held by pid ${holder ?? '?'}); delete it if no build is running`);
    }
    await sleep(POLL_MS);
  }
}

/** The pid holding the lock, 'stale' if that process is gone, undefined if not yet known. */
async function readHolder(lockPath: string): Promise<number | 'stale' | undefined> {
  try {
    const pid = Number.parseInt(await readFile(lockPath, 'utf8'), 10);
    if (Number.isNaN(pid)) {
      // Created but pid not written yet; only an old empty file means its writer died mid-way.
      const age = Date.now() - (await stat(lockPath)).mtimeMs;
      return age > 10_000 ? 'stale' : undefined;
    }
    return isAlive(pid) ? pid : 'stale';
  } catch {
    return undefined; // Released between our open() and read: just retry.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user, so it is alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
