import { performance } from 'node:perf_hooks';
// Type-only: erased, so nothing is loaded before the clock starts.
import type * as LoadFlow from '../src/flow/load-flow';
import type * as Machine from '../src/flow/machine';
import type * as FlowBench from './flow-bench';

/*
 * Run by the flow bench in a fresh Node process: how long the first validation of the 500-state
 * flow takes when nothing is loaded or warm yet (one `sopflow validate`, an editor's first
 * check). Prints one JSON line: module loading, the valid flow, the flow with one error.
 */
const began = performance.now();
// Loaded here, not imported above, so their loading time is measured.
/* eslint-disable @typescript-eslint/no-require-imports */
const { loadFlowText } = require('../src/flow/load-flow') as typeof LoadFlow;
const { compileMachine } = require('../src/flow/machine') as typeof Machine;
const { generatedFlow, withOneError } = require('./flow-bench') as typeof FlowBench;
/* eslint-enable @typescript-eslint/no-require-imports */
const importMs = performance.now() - began;

const states = Number(process.argv[2] ?? 500);
const text = generatedFlow(states);
const broken = withOneError(text);
const valid = performance.now();
const loaded = loadFlowText(text, 'generated.yaml');
if (!loaded.ok) throw new Error('the generated flow does not load');
compileMachine(loaded.definition);
const validMs = performance.now() - valid;
const failing = performance.now();
if (loadFlowText(broken, 'generated-with-error.yaml').ok) throw new Error('the broken flow loads');
const brokenMs = performance.now() - failing;
console.log(JSON.stringify({ importMs, validMs, brokenMs }));
