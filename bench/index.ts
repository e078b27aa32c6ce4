import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sectionNames } from './bench-options';
import { runBurstBench } from './burst-bench';
import { runCliBench } from './cli-bench';
import { runFlowBench } from './flow-bench';
import { runIntakeBench } from './intake-bench';
import { jsonLines } from './json-output';
import { runReplayBench } from './replay-bench';
import { runReportBench } from './report-bench';
import { runScaleBench } from './scale-bench';
import { runSlaBench } from './sla-bench';
import { quietTemporalRuntime, takeSdkWarnings } from './temporal-support';
import { runTicketThroughputBench } from './ticket-throughput';
import { runTimerLatenessBench } from './timer-lateness';
import { runWebBench } from './web-bench';

/*
 * `npm run bench`: every benchmark in sequence, each printing its figures, its target and the
 * ratio to it. A missed target is printed, never failed: the exit code is 0 unless a section
 * could not run at all. `npm run bench -- <section>…` (or `node --require tsx/cjs
 * bench/index.ts <section>…`) runs only the sections named.
 */

interface Section {
  name: string;
  what: string;
  run: () => Promise<void>;
}

const SECTIONS: Section[] = [
  { name: 'flow', what: 'flow load + lint + compile', run: runFlowBench },
  { name: 'cli', what: 'CLI start-up: --help and validate of one flow', run: runCliBench },
  { name: 'sla', what: 'business-calendar deadline computations', run: runSlaBench },
  { name: 'model', what: 'model-based engine runs', run: runModelBenchIfPresent },
  { name: 'tickets', what: 'ticket throughput on the dev server, sopflow vs a plain and an expert hand-written workflow', run: runTicketThroughputBench },
  { name: 'timers', what: 'SLA timer lateness of 1,000 tickets on the dev server', run: runTimerLatenessBench },
  { name: 'web', what: 'the web poller on the dev server with 2,000 open tickets (--tickets N): full load, one poll, dashboard and queue, a change to 50 SSE viewers, server memory', run: runWebBench },
  { name: 'burst', what: 'owner assignment for 1,000 tickets opened and escalated at once on the dev server', run: runBurstBench },
  { name: 'scale', what: 'open tickets on one worker: its memory as they grow, events to evicted tickets, list and queue (--tickets N, --cache N, --events N)', run: runScaleBench },
  { name: 'replay', what: 'replaying a recorded ticket history, as an event to an evicted ticket does first', run: runReplayBench },
  { name: 'intake', what: 'mail over SMTP to ticket or message on the dev server', run: runIntakeBench },
  { name: 'report', what: 'archive writes/s, PGlite start-up, sopflow report over 100,000 tickets on PostgreSQL and PGlite', run: runReportBench },
];

/** `bench/model-bench.ts` is optional: it is loaded at run time when it is there. */
async function runModelBenchIfPresent(): Promise<void> {
  const file = join(__dirname, 'model-bench.ts');
  if (!existsSync(file)) {
    console.log('model: not available (bench/model-bench.ts does not exist)');
    return;
  }
  // Through the CommonJS loader tsx hooks, because a native import() of a .ts file fails.
  const loaded = module.require(file) as { runModelBench?: unknown };
  if (typeof loaded.runModelBench !== 'function') {
    console.log('model: not available (bench/model-bench.ts does not export runModelBench)');
    return;
  }
  await (loaded.runModelBench as () => Promise<void> | void)();
}

async function main(argv: string[]): Promise<number> {
  argv = sectionNames(argv);
  const unknown = argv.filter((name) => !SECTIONS.some((section) => section.name === name));
  if (unknown.length > 0) {
    console.error(`unknown bench section: ${unknown.join(', ')}; sections are ${SECTIONS.map((section) => section.name).join(', ')}`);
    return 2;
  }
  const chosen = argv.length > 0 ? SECTIONS.filter((section) => argv.includes(section.name)) : SECTIONS;
  // Before any section creates a worker: every worker of the run then logs warnings only, counted.
  quietTemporalRuntime();
  const summary: string[] = [];
  let failed = 0;
  const began = performance.now();
  for (const section of chosen) {
    console.log(`\n=== ${section.name}: ${section.what} ===`);
    const sectionBegan = performance.now();
    try {
      await section.run();
      summary.push(`${section.name.padEnd(8)} done in ${seconds(sectionBegan)}`);
    } catch (error) {
      failed += 1;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`${section.name}: FAILED: ${message}`);
      summary.push(`${section.name.padEnd(8)} FAILED after ${seconds(sectionBegan)}`);
    }
    const warnings = takeSdkWarnings();
    if (warnings) console.log(`${section.name}:   ${warnings}`);
  }
  console.log(`\n=== bench summary (${seconds(began)} in all) ===`);
  for (const line of summary) console.log(line);
  console.log('targets that were missed are marked BELOW TARGET / ABOVE TARGET / TOO SLOW / MISSED above; they do not fail the run');
  for (const line of jsonLines()) console.log(line);
  return failed > 0 ? 1 : 0;
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

main(process.argv.slice(2)).then(
  // Explicit exit: Temporal's native runtime keeps handles open after the last worker stopped.
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
