/**
 * `npm run build` (and `npm install`, through `prepare`): compiles `src/` to CommonJS in
 * `dist/`, file by file, so `bin/sopflow.js` starts from JavaScript instead of transpiling
 * TypeScript at every start. Files that are not TypeScript (templates, assets) are copied
 * beside them, so code that reads files next to itself finds them in `dist/` too.
 *
 * esbuild rather than tsc: it only strips types (tsc still checks them, `npm run typecheck`),
 * in well under a second, which an install step can afford. Not bundled: every module keeps
 * its path, so `require.resolve('../workflows')` and the Temporal workflow bundler work as
 * they do on the sources.
 */
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(__dirname, '..');
const SOURCE = join(ROOT, 'src');
/** Where the compiled CLI goes; `bin/sopflow.js` runs it when it is newer than every source. */
export const DIST = join(ROOT, 'dist');
/** Written last: its time is when the build read the sources. */
export const BUILD_STAMP = join(DIST, '.built');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** Compiles every source file; returns how many were compiled and copied. */
export function build(): { compiled: number; copied: number } {
  const started = new Date();
  rmSync(DIST, { recursive: true, force: true });
  const files = filesUnder(SOURCE);
  const scripts = files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
  buildSync({ entryPoints: scripts, outdir: DIST, outbase: SOURCE, format: 'cjs', platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning' });
  const assets = files.filter((file) => !file.endsWith('.ts'));
  for (const file of assets) {
    const target = join(DIST, relative(SOURCE, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
  writeFileSync(BUILD_STAMP, `${started.toISOString()}\n`);
  // The stamp's time is the moment the sources were read: an edit during the build counts as newer.
  utimesSync(BUILD_STAMP, started, started);
  return { compiled: scripts.length, copied: assets.length };
}

if (require.main === module) {
  const began = Date.now();
  const { compiled, copied } = build();
  console.log(`sopflow: compiled ${compiled} files to ${relative(ROOT, DIST)}/ (${copied} copied) in ${Date.now() - began} ms`);
  statSync(BUILD_STAMP);
}
