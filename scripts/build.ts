/**
 * `npm run build` (and `npm install`, through `prepare`): compiles `src/` to CommonJS in
 * `dist/`, file by file, so `bin/sopflow.js` starts from JavaScript instead of transpiling
 * TypeScript at every start. Files that are not TypeScript (templates, assets) are copied
 * beside them, so code that reads files next to itself finds them in `dist/` too.
 *
 * esbuild rather than tsc: it only strips types (tsc still checks them, `npm run typecheck`),
 * in well under a second, which an install step can afford. Not bundled: every module keeps
 * its path, so `require.resolve('../workflows')` and the Temporal workflow bundler work as
 * they do on the sources. The one exception is `CLI_BUNDLES`, below.
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

/**
 * Command implementations that a user runs often and expects at once (`sopflow validate` in an
 * editor or a pre-commit hook), written over their file-by-file output as one bundle: one file
 * to read instead of ~600 modules to resolve, and zod's locales and other unused exports
 * dropped (halves the CPU of a start). Their code must not depend on where its files lie.
 */
const CLI_BUNDLES = ['cli/run-validate.ts'];
/**
 * Left to Node: the holiday data set is large and read only until its answers are cached, the
 * CLI's own definitions need commander. A bundle has its own copies of our classes, so a
 * bundled command reports problems in what it returns (runValidate does) rather than throwing
 * them to the CLI's error printer, whose `instanceof` would not know them.
 */
const BUNDLE_EXTERNALS = ['date-holidays', 'commander', '@temporalio/*'];

function bundleCliCommands(): void {
  for (const entry of CLI_BUNDLES) {
    const outfile = join(DIST, entry.replace(/\.ts$/, '.js'));
    buildSync({
      entryPoints: [join(SOURCE, entry)],
      outfile,
      bundle: true,
      allowOverwrite: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: 'linked',
      logLevel: 'warning',
      external: BUNDLE_EXTERNALS,
      // ESM builds of the packages, so that esbuild can leave out what is never used.
      mainFields: ['module', 'main'],
    });
  }
}

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
  bundleCliCommands();
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
