import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeFlow } from '../src/flow/definition';
import { isFlowFileName, loadFlowFile, loadFlowText } from '../src/flow/load-flow';
import { lintFlow } from '../src/flow/lint/lint-flow';
import { compileMachine } from '../src/flow/machine';
import { flowSchema } from '../src/flow/schema';
import { PositionedYaml, YAML_LIMITS } from '../src/source/positioned-yaml';
import { readYamlWithSchema } from '../src/source/schema-problems';

/** Milliseconds a 500-state flow may take from text to compiled machine (load, schema, lint, compile). */
export const FLOW_BENCH_TARGET_MS = 100;

/** States in the generated flow. */
const GENERATED_STATES = 500;

/**
 * Load + validate + lint + compile: a generated 500-state flow (target < 100 ms) and every
 * example flow in `flows/`. Reports the median of several runs after a warm-up, because a
 * worker or `sopflow validate` pays this once per file and the first run includes JIT warm-up.
 */
export async function runFlowBench(): Promise<void> {
  const text = generatedFlow(GENERATED_STATES);
  const large = measure(() => loadAndCompile(text, 'generated.yaml'), 3, 15);
  const ratio = large.median / FLOW_BENCH_TARGET_MS;
  console.log(
    `flow: ${GENERATED_STATES}-state flow (${Math.round(text.length / 1024)} KB) loaded, linted and compiled in ` +
      `${large.median.toFixed(1)} ms (median of ${large.runs}; first run ${large.first.toFixed(1)} ms); ` +
      `target < ${FLOW_BENCH_TARGET_MS} ms: ${ratio.toFixed(2)}× the target, ${ratio < 1 ? 'ok' : 'TOO SLOW'}`,
  );
  console.log(`flow:   of which ${phases(text)}`);
  // The editor case: the file being edited has a mistake most of the time.
  const broken = withOneError(text);
  const failing = measure(() => loadWithProblem(broken, 'generated-with-error.yaml'), 3, 15);
  const failingRatio = failing.median / FLOW_BENCH_TARGET_MS;
  console.log(
    `flow: ${GENERATED_STATES}-state flow with one error (a transition to a state that does not exist) validated with its ` +
      `problem located in ${failing.median.toFixed(1)} ms (median of ${failing.runs}; first run ${failing.first.toFixed(1)} ms); ` +
      `target < ${FLOW_BENCH_TARGET_MS} ms: ${failingRatio.toFixed(2)}× the target, ${failingRatio < 1 ? 'ok' : 'TOO SLOW'}`,
  );
  const fresh = firstRunInFreshProcess();
  console.log(
    `flow: first run in a fresh process (what one \`sopflow validate\` of the file pays): loading the modules ${fresh.importMs.toFixed(0)} ms, ` +
      `then the ${GENERATED_STATES}-state flow ${fresh.validMs.toFixed(1)} ms, the same flow with one error ${fresh.brokenMs.toFixed(1)} ms`,
  );
  const dir = 'flows';
  // The same files the loader takes as flows: not calendars, not test fixtures.
  const examples = readdirSync(dir).filter(isFlowFileName);
  const texts = examples.map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
  const all = measure(() => texts.forEach(({ name, text }) => loadAndCompile(text, name)), 3, 15);
  console.log(
    `flow: all ${examples.length} example flows loaded, linted and compiled in ${all.median.toFixed(1)} ms ` +
      `(${(all.median / examples.length).toFixed(1)} ms per flow, median of ${all.runs})`,
  );
  refusalBench();
  await Promise.resolve();
}

/** Milliseconds within which a 5 MB flow with one mistake must be refused (an editor or the web's flow page waits for it). */
export const REFUSAL_TARGET_MS = 2000;

/**
 * A large flow with one mistake (`events:` missing), refused: at a quarter of the size limit
 * and just under it, to show the time grows with the size and not faster (it once grew with
 * its square: 20,000 states took 7 s, 200,000 states 417 s), and at 5 MB, which the size
 * limit refuses before parsing.
 */
function refusalBench(): void {
  const limit = YAML_LIMITS.maxBytes;
  const perState = generatedFlow(1005).length / 1000;
  const sizes = [0.25, 0.95].map((share) => ({ share, text: withoutEvents(generatedFlow(Math.floor((limit * share) / perState))) }));
  const timings = sizes.map(({ share, text }) => {
    const time = measure(() => expectRefused(loadFlowText(text, 'large.yaml')), 1, 3).median;
    const mb = Buffer.byteLength(text) / 1024 / 1024;
    return { share, mb, time, perMb: time / mb };
  });
  for (const { share, mb, time, perMb } of timings) {
    console.log(`flow: a ${mb.toFixed(2)} MB flow (${Math.round(share * 100)}% of the size limit) with one mistake refused in ${time.toFixed(0)} ms (${perMb.toFixed(0)} ms per MB)`);
  }
  const growth = timings[1]!.perMb / timings[0]!.perMb;
  console.log(`flow:   time per MB just under the limit is ${growth.toFixed(2)}× that at a quarter of it (linear: about 1; quadratic: about 4)`);
  const dir = mkdtempSync(join(tmpdir(), 'sopflow-bench-'));
  try {
    const huge = withoutEvents(generatedFlow(Math.ceil((5 * 1024 * 1024) / perState)));
    const file = join(dir, 'huge.yaml');
    writeFileSync(file, huge);
    const fromFile = measure(() => expectRefused(loadFlowFile(file)), 1, 3).median;
    const fromText = measure(() => expectRefused(loadFlowText(huge, 'huge.yaml')), 1, 3).median;
    const worst = Math.max(fromFile, fromText);
    console.log(
      `flow: a ${(Buffer.byteLength(huge) / 1024 / 1024).toFixed(1)} MB flow refused in ${fromFile.toFixed(1)} ms as a file, ${fromText.toFixed(1)} ms as text ` +
        `(over the ${limit / 1024 / 1024} MB limit); target < ${REFUSAL_TARGET_MS} ms: ${worst < REFUSAL_TARGET_MS ? 'ok' : 'TOO SLOW'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function withoutEvents(text: string): string {
  return text.replace(/^events:\n(?: {2}.*\n)*/m, '');
}

function expectRefused(result: ReturnType<typeof loadFlowText>): void {
  if (result.ok || result.problems.length !== 1) throw new Error('the large flow with one mistake was not refused with one problem');
}

/** Median time of each phase of the loader, to show where the time goes. */
function phases(text: string): string {
  const source = new PositionedYaml('generated.yaml', text);
  const read = readYamlWithSchema(source, flowSchema);
  if (!read.ok) throw new Error('the generated flow does not load');
  const definition = normalizeFlow(read.value, 'hash');
  const times = {
    // A fresh source each run: the flow is in the simple subset, so this is the limits check and the simple reader.
    'YAML read': measure(() => new PositionedYaml('generated.yaml', text).toJS(), 2, 7).median,
    'YAML checks + schema': measure(() => readYamlWithSchema(source, flowSchema), 2, 7).median,
    normalize: measure(() => normalizeFlow(read.value, 'hash'), 2, 7).median,
    // A fresh definition each run, so the machine the reachability rule compiles is not reused.
    'lint (incl. compiling the machine once)': measure(() => lintFlow({ spec: read.value, definition: { ...definition }, source }), 2, 7).median,
  };
  // Not part of a clean load: what the `yaml` library's positioned parse costs, which a file in
  // the simple subset no longer pays for a problem (the simple reader positions it), and a file
  // outside the subset still does.
  const positions = measure(() => new PositionedYaml('generated.yaml', text).document, 2, 7).median;
  const split = Object.entries(times)
    .map(([phase, ms]) => `${phase} ${ms.toFixed(1)} ms`)
    .join(', ');
  return `${split}; a full parse with the yaml library (files outside the simple subset): ${positions.toFixed(1)} ms`;
}

/** The generated flow with one mistake an editor sees while typing: a transition to a state that does not exist. */
export function withOneError(text: string): string {
  const broken = text.replace('      RESOLVE: done\n', '      RESOLVE: dnoe\n');
  if (broken === text) throw new Error('the generated flow has no RESOLVE transition to break');
  return broken;
}

function loadWithProblem(text: string, file: string): void {
  const result = loadFlowText(text, file);
  if (result.ok || !result.problems.some((problem) => problem.severity === 'error' && problem.line > 0)) {
    throw new Error(`${file} should fail with a located error`);
  }
}

/** Times the first load of the valid and of the broken flow in a new Node process (modules loaded cold, no JIT warm-up). */
function firstRunInFreshProcess(): { importMs: number; validMs: number; brokenMs: number } {
  const output = execFileSync(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'flow-first-run.ts'), String(GENERATED_STATES)], { encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').at(-1)!) as { importMs: number; validMs: number; brokenMs: number };
}

function loadAndCompile(text: string, file: string): void {
  const result = loadFlowText(text, file);
  if (!result.ok) throw new Error(`${file} does not load: ${result.problems[0]?.message ?? 'no problem reported'}`);
  compileMachine(result.definition);
}

function measure(run: () => void, warmup: number, runs: number): { median: number; first: number; runs: number } {
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const began = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - began) / 1e6);
  }
  const measured = times.slice(warmup).sort((a, b) => a - b);
  return { median: measured[Math.floor(measured.length / 2)]!, first: times[0]!, runs };
}

/**
 * A valid flow of `count` states shaped like the real ones, only longer: chains of L1, L2 and
 * L3 work steps with per-priority due dates, guarded transitions, entry actions, a waiting
 * state per tier with a timeout, and escalation from every step to the next tier.
 */
export function generatedFlow(count: number): string {
  const perTier = Math.floor((count - 5) / 3);
  const tiers = [
    { tier: 'L1', steps: perTier },
    { tier: 'L2', steps: perTier },
    { tier: 'L3', steps: count - 5 - 2 * perTier },
  ];
  const name = (tier: string, step: number): string => `${tier.toLowerCase()}_step_${step}`;
  const lines = [
    'id: generated',
    'version: 1',
    'title: Generated flow for the benchmark',
    'calendar: office-hours',
    'sla:',
    '  first_response: { P1: 15m, P2: 30m, P3: 1h, P4: 4h }',
    '  resolution: { P1: 4h, P2: 1d, P3: 2d, P4: 5d }',
    'events:',
    '  NEXT:',
    '    fields:',
    '      ok: { type: boolean, required: true }',
    '  ESCALATE:',
    '    fields:',
    '      reason: { type: text, required: true }',
    '  ASK_CUSTOMER:',
    '  CUSTOMER_REPLIED:',
    '  RESOLVE:',
    '    fields:',
    '      resolution: { type: text, required: true }',
    'states:',
  ];
  tiers.forEach(({ tier, steps }, index) => {
    const next = tiers[index + 1];
    for (let step = 0; step < steps; step++) {
      const last = step === steps - 1;
      lines.push(
        `  ${name(tier, step)}:`,
        `    title: ${tier} step ${step}`,
        `    tier: ${tier}`,
        '    sla:',
        '      due: { P1: 30m, P2: 1h, P3: 4h, P4: 1d }',
        '    entry:',
        `      - assign: ${tier}`,
        '      - notify: customer',
        '    on:',
        '      NEXT:',
        `        - target: ${last ? 'done' : name(tier, step + 1)}`,
        '          when: { event: ok, equals: true }',
        `        - target: ${name(tier, step)}`,
        `      ASK_CUSTOMER: ${tier.toLowerCase()}_waiting`,
        '      RESOLVE: done',
      );
      lines.push(`      ESCALATE: ${next ? name(next.tier, 0) : 'done'}`);
    }
    lines.push(
      `  ${tier.toLowerCase()}_waiting:`,
      '    waiting: true',
      '    on:',
      `      CUSTOMER_REPLIED: ${name(tier, 0)}`,
      '    after:',
      '      5d: closed',
    );
  });
  lines.push('  done:', '    final: true', '  closed:', '    final: true', '');
  return lines.join('\n');
}
