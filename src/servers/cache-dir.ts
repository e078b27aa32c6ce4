import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Root of sopflow's machine-local cache: `SOPFLOW_CACHE_DIR`, else `~/.cache/sopflow` (never inside the repo). */
export function cacheDir(): string {
  const fromEnv = process.env['SOPFLOW_CACHE_DIR'];
  return fromEnv ? resolve(fromEnv) : join(homedir(), '.cache', 'sopflow');
}

/** Returns `cacheDir()/...parts`, creating that directory first. */
export async function ensureCacheSubdir(...parts: string[]): Promise<string> {
  const dir = join(cacheDir(), ...parts);
  await mkdir(dir, { recursive: true });
  return dir;
}
