#!/usr/bin/env node
'use strict';
// Starts the compiled CLI in dist/ (built by `npm install` through `prepare`, or `npm run build`).
// When any source file is newer than that build (an edit, a checkout, a merge since), it runs the
// TypeScript sources through tsx instead, slower but never stale. A stat of each source file
// costs a few milliseconds; transpiling them costs seconds.
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');

function builtAt() {
  try {
    return statSync(join(root, 'dist', '.built')).mtimeMs;
  } catch {
    return undefined;
  }
}

function newerThan(dir, time) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() ? newerThan(path, time) : statSync(path).mtimeMs > time) return true;
  }
  return false;
}

const built = builtAt();
if (built !== undefined && !newerThan(join(root, 'src'), built) && process.env.SOPFLOW_FROM_SOURCE !== '1') {
  require('../dist/cli/index.js');
} else {
  require('tsx/cjs');
  require('../src/cli/index.ts');
}
