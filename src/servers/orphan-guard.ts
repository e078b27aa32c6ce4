import { execFile } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { promisify } from 'node:util';

/**
 * Kills, when this process exits, the server child that the SDK started for `port`. The SDK only kills its
 * servers in `teardown()` (or when its native handle is dropped), so a `process.exit()` — mocha `--exit`
 * after a timed-out test — would otherwise leave the JVM or dev server running forever, reparented to init.
 * Returns the function that disarms the guard.
 */
export async function killChildServerOnExit(port: number): Promise<() => void> {
  const pids = await childPidsWithArg(String(port));
  if (pids.length === 0) return () => undefined;
  const kill = (): void => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  process.once('exit', kill);
  return () => process.removeListener('exit', kill);
}

/** Direct children of this process whose command line has `arg` as one of its arguments. */
async function childPidsWithArg(arg: string): Promise<number[]> {
  if (process.platform === 'linux') return childPidsFromProc(arg);
  if (process.platform === 'win32') return []; // Not implemented there: no /proc, and ps differs.
  return childPidsFromPs(arg);
}

// /proc first on Linux: slim containers often have no `ps`.
async function childPidsFromProc(arg: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // Field 4 is the parent pid; the command name before it is in parentheses and may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
      if (args.includes(arg)) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

async function childPidsFromPs(arg: string): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ps', ['-A', '-o', 'pid=,ppid=,command=']).catch(() => ({ stdout: '' }));
  const found: number[] = [];
  for (const line of stdout.split('\n')) {
    const [pid, ppid, ...command] = line.trim().split(/\s+/);
    // Splitting the command on spaces is fine here: the port is a separate argument without spaces.
    if (Number(ppid) === process.pid && command.includes(arg)) found.push(Number(pid));
  }
  return found;
}
