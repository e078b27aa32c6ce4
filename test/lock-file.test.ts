import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

interface LockedPackage {
  version?: string;
  optionalDependencies?: Record<string, string>;
}

/** The lock entry a package at `path` resolves `name` to: its own node_modules first, then each parent's. */
function resolveInLock(packages: Record<string, LockedPackage>, path: string, name: string): string | undefined {
  let base = path;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const at = base.lastIndexOf('node_modules/');
    base = at <= 0 ? '' : base.slice(0, at - 1);
  }
}

describe('package-lock.json: complete, so that npm ci installs on every platform', () => {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockedPackage> };

  it('records every optional dependency of every locked package (also those of other platforms)', () => {
    // A lock regenerated with node_modules present keeps only this machine's platform packages
    // (npm/cli#4828); npm ci then refuses it with "Missing: @swc/core-darwin-arm64 … from lock file".
    const missing: string[] = [];
    for (const [path, locked] of Object.entries(lock.packages)) {
      for (const name of Object.keys(locked.optionalDependencies ?? {})) {
        if (resolveInLock(lock.packages, path, name) === undefined) missing.push(`${name} (optional dependency of ${path || 'sopflow'})`);
      }
    }
    expect(missing, 'regenerate the lock: rm -rf node_modules && npm install --package-lock-only --ignore-scripts').to.deep.equal([]);
  });

  it('is in sync with package.json: npm ci --dry-run accepts it', function () {
    this.timeout(120_000);
    const dir = mkdtempSync(join(tmpdir(), 'sopflow-lock-'));
    try {
      copyFileSync('package.json', join(dir, 'package.json'));
      copyFileSync('package-lock.json', join(dir, 'package-lock.json'));
      const run = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', timeout: 110_000 });
      expect(run.stderr.split('\n').filter((line) => /EUSAGE|Missing:|Invalid:/.test(line))).to.deep.equal([]);
      expect(run.status).to.equal(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
