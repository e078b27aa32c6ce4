// @ts-check
/**
 * StrykerJS over the runtime. The whole runtime is thousands of mutants, hours on two cores, so a
 * run measures one folder at a time: `SOPFLOW_MUTATION_FOLDER=ticket|sla|flow npm run mutation`
 * mutates that folder only, runs only the fast unit tests that cover it (no Temporal server, no
 * child processes: a mutant in a child process is never active), and keeps its own incremental
 * file and report, so a later run re-tests only the mutants whose code or tests changed. Without
 * the variable every folder is mutated against every listed test (`test/mutation.mocharc.json`).
 *
 * Where the time goes (measured on src/ticket, 1,438 mutants, two cores shared with other work):
 * - A mutant whose code also ran while mocha loaded the test files is "static" to Stryker: the
 *   mocha runner cannot reload files, so Stryker restarted the test process (tsx, every test file:
 *   seconds) for each one; 602 of them in src/ticket. The listed tests therefore build their
 *   fixtures inside the tests (test/helpers/per-test.ts), and every mutant is hot-swapped in the
 *   one test process and runs only the tests that cover it (milliseconds).
 * - What is left is the type check of each mutant, against tsconfig.mutation.json (the three
 *   folders and what they import, direct importers rechecked): 0.8 CPU-seconds a mutant for the
 *   first mutants of src/ticket, where the whole project took 3.8 s, but up to about 4 s later
 *   in the run. The test runner is mostly idle meanwhile, so the default concurrency is 3: two
 *   checker processes and one test runner.
 */

/**
 * The example-based unit tests that exercise each folder, in process. Property tests and the
 * model-based runs over every example flow are left out: they cover nearly every mutant, and
 * at seconds per run they would make a folder take days on two shared cores.
 */
const TESTS = {
  ticket: [
    'test/archive-record.test.ts',
    // The archive record of timers, self-transitions, de-escalations, every kind of reassignment
    // and a breach that ran on: what archive-record's escalation flow never does.
    'test/closed-ticket-record-moves.test.ts',
    // The record at the edges of its rules: escalations out of the initial state, across a wait,
    // twice to one tier and by timers, partial ticket-wide targets, a ticket closed from a wait.
    'test/closed-ticket-record-edges.test.ts',
    // The record's rules the others leave open: a reply that moves the ticket, a waiting start, a timeline
    // without its opening entry, a ticket that ended in a state the flow lacks.
    'test/closed-ticket-record-rest.test.ts',
    'test/condition-payload.test.ts',
    // The engine's own example tests: without them engine.ts scored 17 % (152 survived, 120 not
    // covered). Their load-time code is in src/flow only, which this folder does not mutate.
    'test/customer-question.test.ts',
    'test/model-reference.test.ts',
    'test/reserved-keys.test.ts',
    // Written for the survivors of the first src/ticket run (44.9 %): engine steps, clock rules
    // and the small parts that no listed test covered.
    'test/ticket-clocks-rules.test.ts',
    // A flow's own entry/transition actions, `after:` timers and `on_breach: notify` in the engine:
    // the IT desk flow of ticket-engine-steps has none of them.
    'test/ticket-engine-actions.test.ts',
    // The engine's details left open: refusal words, error names, timer and alarm order, the
    // resolved mail, the customer's mails on the timeline, self-transitions and missing targets.
    'test/ticket-engine-details.test.ts',
    'test/ticket-engine-steps.test.ts',
    'test/ticket-hand-changes.test.ts',
    'test/ticket-small-parts.test.ts',
    // The status view kept for one instant, and the tier a move out of a waiting state compares with.
    'test/ticket-status-view.test.ts',
    // Written for the survivors of the unchecked run over four files: bounces on the notify request, breach
    // alarms, self-transitions and clocks of states a flow no longer has.
    'test/ticket-runtime-mutants.test.ts',
    'test/ticket-tier-through-waiting.test.ts',
  ],
  sla: [
    'test/calendar-read.test.ts',
    'test/sla-business-time.test.ts',
    'test/sla-calendar-math.test.ts',
    'test/sla-clock.test.ts',
    'test/model-reference.test.ts',
    // Written for the survivors and uncovered mutants of the first src/sla run: business days,
    // business time at its edges (zones, overlapping nights, DST gaps), the calendar language's
    // small parts, readCalendars' rules, public holidays and the loader's cache.
    'test/sla-business-day.test.ts',
    'test/sla-business-time-edges.test.ts',
    'test/sla-calendar-parts.test.ts',
    'test/sla-calendar-read-rules.test.ts',
    'test/sla-public-holidays.test.ts',
  ],
  flow: [
    'test/condition-payload.test.ts',
    'test/flow-bad-inputs.test.ts',
    // Written for src/flow's first run: normalizeFlow's defaults, shorthands and breach actions,
    // which the other tests only saw through whole example flows.
    'test/flow-definition.test.ts',
    'test/flow-duration.test.ts',
    'test/flow-examples.test.ts',
    'test/flow-graph.test.ts',
    'test/flow-json-schema.test.ts',
    'test/flow-lint.test.ts',
    // Written for src/flow/lint's first run: the sanitized state graph, the fallback hints,
    // conditions (scopes, nesting, payload choices, fields set by actions), priority matrices,
    // tiers through waiting states, where a transition's problem points, and edge values.
    'test/flow-lint-conditions.test.ts',
    'test/flow-lint-edges.test.ts',
    'test/flow-lint-graph.test.ts',
    'test/flow-lint-hints.test.ts',
    'test/flow-lint-positions.test.ts',
    'test/flow-lint-priorities.test.ts',
    'test/flow-lint-tiers.test.ts',
    'test/flow-localized-text.test.ts',
    // The schema's refinements one rule each (reserved paths, to_customer, a condition's subject
    // and operator, empty all/any): the example flows break none of them.
    'test/flow-schema-rules.test.ts',
    'test/flow-machine.test.ts',
    'test/flow-source.test.ts',
    'test/flow-tier.test.ts',
  ],
};

const folder = process.env.SOPFLOW_MUTATION_FOLDER;
if (folder !== undefined && !(folder in TESTS)) {
  throw new Error(`SOPFLOW_MUTATION_FOLDER must be one of ${Object.keys(TESTS).join(', ')}, not '${folder}'`);
}
const part = /** @type {keyof typeof TESTS | undefined} */ (folder);
const name = part ?? 'runtime';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'mocha',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: part ? [`src/${part}/**/*.ts`] : ['src/ticket/**/*.ts', 'src/sla/**/*.ts', 'src/flow/**/*.ts'],
  mochaOptions: part ? { config: 'test/mutation.mocharc.json', spec: TESTS[part] } : { config: 'test/mutation.mocharc.json' },
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  concurrency: 3,
  timeoutMS: 15000,
  // Without `incremental` Stryker writes and reads no incremental file, and every run starts over.
  incremental: true,
  incrementalFile: `reports/mutation/${name}-incremental.json`,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
