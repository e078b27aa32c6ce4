import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { FlowTestOptions } from '../../testing/run-flow-tests';
import { DEFAULT_CONCURRENCY, DEFAULT_DEPTH, DEFAULT_MAX_PATHS, DEFAULT_RECORD_LIMIT } from '../../testing/test-defaults';
import { installCliRuntime } from '../cli-runtime';

/** What `sopflow test` was asked on the command line. */
export interface TestCommandOptions {
  flows?: string;
  maxPaths?: number;
  depth?: number;
  engineOnly?: boolean;
  concurrency?: number;
  mutate?: boolean;
  record?: string;
  recordLimit?: number;
  format?: 'text' | 'json';
  junit?: string;
}

/** The printed report and the exit code: 1 on any divergence or surviving mutant. */
export interface TestCommandOutcome {
  exitCode: number;
  output: string;
}

/** Runs model-based tests of flows (files or ids) and renders the report; writes JUnit XML when asked. */
export async function runTestCommand(flows: readonly string[], options: TestCommandOptions = {}, log?: (line: string) => void): Promise<TestCommandOutcome> {
  const testOptions: FlowTestOptions = {
    flows,
    flowsDir: options.flows ?? 'flows',
    workflow: !options.engineOnly,
    mutate: options.mutate ?? false,
    ...(options.maxPaths !== undefined ? { maxPaths: options.maxPaths } : {}),
    ...(options.depth !== undefined ? { depth: options.depth } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.record !== undefined ? { record: options.record } : {}),
    ...(options.recordLimit !== undefined ? { recordLimit: options.recordLimit } : {}),
    ...(log ? { log } : {}),
  };
  if (options.engineOnly && options.record) throw new InvalidArgumentError('--record needs the workflow run; drop --engine-only');
  // The test tools load the Temporal SDK: only when tests are run.
  if (!options.engineOnly) await installCliRuntime();
  const { runFlowTests } = require('../../testing/run-flow-tests') as typeof import('../../testing/run-flow-tests');
  const { flowTestJunit } = require('../../testing/junit') as typeof import('../../testing/junit');
  const { flowTestReportJson, formatFlowTestReport } = require('../../testing/test-report') as typeof import('../../testing/test-report');
  const report = await runFlowTests(testOptions);
  if (options.junit) writeFileSync(options.junit, flowTestJunit(report));
  const output = options.format === 'json' ? `${JSON.stringify(flowTestReportJson(report), null, 2)}\n` : formatFlowTestReport(report);
  return { exitCode: report.ok ? 0 : 1, output };
}

/** `sopflow test [flows…]`: generated paths through every flow, run on the engine and on the real workflow. */
export const testCommand = new Command('test')
  .description('model-based tests: generate paths through each flow and run them on the ticket engine and the real workflow (time-skipping server)')
  .argument('[flows...]', 'flow files or ids (default: every flow in the flows directory)')
  .option('--flows <dir>', 'directory of flows and calendars.yaml', 'flows')
  .option('--max-paths <n>', `simple paths to add beyond those needed for coverage, per flow (default ${DEFAULT_MAX_PATHS})`, wholeNumber)
  .option('--depth <n>', `most steps of a simple path (default ${DEFAULT_DEPTH})`, wholeNumber)
  .option('--engine-only', 'run against the pure engine only (no Temporal server)')
  .option('--concurrency <n>', `paths run at once on the server (default ${DEFAULT_CONCURRENCY})`, wholeNumber)
  .option('--mutate', 'mutation check: run the paths against mutants of each flow (pure engine) and report the score')
  .option('--record <dir>', 'record workflow histories for replay tests as <dir>/<flow>/<path>.json')
  .option('--record-limit <n>', `histories recorded per flow (default ${DEFAULT_RECORD_LIMIT})`, wholeNumber)
  .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
  .option('--junit <file>', 'also write the report as JUnit XML')
  .action(async (flows: string[], options: TestCommandOptions) => {
    const log = options.format === 'json' ? undefined : (line: string): void => void process.stderr.write(`${line}\n`);
    const outcome = await runTestCommand(flows, options, log);
    process.stdout.write(outcome.output);
    process.exitCode = outcome.exitCode;
  });

function wholeNumber(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new InvalidArgumentError('expected a whole number');
  return value;
}
