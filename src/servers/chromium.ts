import { spawnSync } from 'node:child_process';
import { findOnPath, isExecutable } from './executables';
import { logServers } from './log';

/** Debian's package with the browser the web tests drive (never `playwright install`, which downloads). */
export const CHROMIUM_PACKAGE = 'chromium';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/**
 * The system Chromium for the browser tests: `SOPFLOW_CHROMIUM` if set, else the first of the
 * usual names on PATH; when none is there and we are root, `apt-get install -y chromium` (from
 * the distribution's package registry); otherwise a clear message naming the package.
 */
export async function ensureChromium(): Promise<string> {
  const configured = process.env.SOPFLOW_CHROMIUM;
  if (configured) {
    if (await isExecutable(configured)) return configured;
    throw new Error(`SOPFLOW_CHROMIUM=${configured} is not an executable file`);
  }
  const found = await findChromium();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(`no Chromium found on PATH (${NAMES.join(', ')}); install the Debian package: sudo apt-get install -y ${CHROMIUM_PACKAGE} (or set SOPFLOW_CHROMIUM to a Chromium executable)`);
  }
  logServers(`installing ${CHROMIUM_PACKAGE} for the browser tests (apt-get, once)…`);
  let install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', CHROMIUM_PACKAGE], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (install.status !== 0) {
    // A fresh machine has no package lists yet.
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', CHROMIUM_PACKAGE], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  const installed = await findChromium();
  if (install.status !== 0 || !installed) {
    throw new Error(`apt-get install -y ${CHROMIUM_PACKAGE} failed (exit ${install.status}): ${(install.stderr ?? '').trim().split('\n').slice(-5).join(' | ')}`);
  }
  logServers(`installed ${installed}`);
  return installed;
}

async function findChromium(): Promise<string | undefined> {
  for (const name of NAMES) {
    const path = await findOnPath(name);
    if (path) return path;
  }
  return undefined;
}
