import { formatDivergence } from './divergence';
import { pathLabel } from './model-step';
import type { FlowTestReport, SideResult } from './run-flow-tests';

/**
 * The report as JUnit XML for CI: a test suite per flow and side (engine, workflow, mutations),
 * a test case per path or mutant, a failure with the readable trace per divergence or survivor.
 */
export function flowTestJunit(report: FlowTestReport): string {
  const suites: string[] = [];
  for (const result of report.flows) {
    for (const [name, side] of [['engine', result.engine], ['workflow', result.workflow]] as const) {
      if (side) suites.push(sideSuite(`${result.flow}.${name}`, side));
    }
    if (result.mutations) {
      const cases = result.mutations.outcomes.map((outcome) => {
        const body = outcome.killed
          ? ''
          : outcome.equivalent
            ? `<skipped message="${escape(`equivalent: ${outcome.equivalent}`)}"/>`
            : `<failure message="${escape(`survived: ${outcome.description}`)}" type="SurvivingMutant">${escape(outcome.description)}</failure>`;
        return testCase(`${result.flow}.mutations`, outcome.id, 0, body);
      });
      const failures = result.mutations.outcomes.filter((outcome) => !outcome.killed && !outcome.equivalent).length;
      const skipped = result.mutations.outcomes.filter((outcome) => outcome.equivalent).length;
      suites.push(suite(`${result.flow}.mutations`, cases, failures, result.mutations.durationMs, skipped));
    }
  }
  const tests = suites.reduce((sum, text) => sum + Number(/tests="(\d+)"/.exec(text)?.[1] ?? 0), 0);
  const failures = suites.reduce((sum, text) => sum + Number(/failures="(\d+)"/.exec(text)?.[1] ?? 0), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sopflow test" tests="${tests}" failures="${failures}" time="${time(report.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function sideSuite(name: string, side: SideResult): string {
  const cases = side.runs.map((run) => {
    const body = run.divergence
      ? `<failure message="${escape(run.divergence.differences[0] ?? 'diverged')}" type="Divergence">${escape(formatDivergence(run.divergence))}</failure>`
      : '';
    return testCase(name, `${run.path.id} ${pathLabel(run.path)}`, run.durationMs, body);
  });
  return suite(name, cases, side.failed, side.durationMs, 0);
}

function suite(name: string, cases: string[], failures: number, ms: number, skipped: number): string {
  return [`  <testsuite name="${escape(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time(ms)}">`, ...cases, '  </testsuite>'].join('\n');
}

function testCase(classname: string, name: string, ms: number, body: string): string {
  const open = `    <testcase classname="${escape(classname)}" name="${escape(name)}" time="${time(ms)}"`;
  return body ? `${open}>${body}</testcase>` : `${open}/>`;
}

function time(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Escapes text for XML attributes and content; drops characters XML 1.0 cannot carry. */
export function escape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
