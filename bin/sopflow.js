#!/usr/bin/env node
// The CLI runs from the TypeScript sources through tsx, so there is no build step to forget.
require('tsx/cjs');
require('../src/cli/index.ts');
