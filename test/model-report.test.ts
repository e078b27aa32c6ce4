import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runTestCommand } from '../src/cli/commands/test';
import { flowMutations, flowTestJunit, flowTestModel, flowTestReportJson, formatFlowTestReport, runFlowTests } from '../src/testing';
import type { FlowTestReport } from '../src/testing';

/**
 * A small XML 1.0 well-formedness check: one root, tags nest and close in order, attributes are
 * quoted, and text and attribute values contain no raw `<` and only the five predefined entities.
 */
function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const match of body.matchAll(token)) {
    const [, closing, name, attributes, selfClosing, text, stray] = match;
    if (stray) throw new Error(`stray '<' at ${match.index}: ${body.slice(match.index, match.index + 40)}`);
    const checkEntities = (value: string): void => {
      for (const entity of value.matchAll(/&[^;\s]*;?/g)) {
        if (!/^&(amp|lt|gt|quot|apos);$/.test(entity[0])) throw new Error(`bad entity ${entity[0]} at ${match.index}`);
      }
    };
    if (text !== undefined) {
      if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root: ${text.slice(0, 40)}`);
      checkEntities(text);
      continue;
    }
    checkEntities(attributes ?? '');
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open ?? 'nothing'}>`);
    } else {
      if (stack.length === 0) roots += 1;
      if (!selfClosing) stack.push(name!);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}

describe('model-based tests: reports', function () {
  this.timeout(120_000);
  let report: FlowTestReport;

  before(async () => {
    report = await runFlowTests({ flows: ['password-reset', 'flows/demo-express.yaml'], workflow: false, mutate: true });
  });

  it('reports coverage, paths, times and the mutation score per flow as text', () => {
    const text = formatFlowTestReport(report);
    expect(text).to.match(/^password-reset \(flows\/password-reset\.yaml\)$/m);
    expect(text).to.match(/^ {2}states {7}10\/10 \(100%\)$/m);
    expect(text).to.match(/^ {2}transitions {2}26\/26 \(100%\)$/m);
    expect(text).to.match(/guarded branches 2\/2 \(100%\), SLA breaches 5\/5 \(100%\), after timeouts 3\/3 \(100%\); \d+ refusals checked/);
    expect(text).to.match(/^ {2}engine {7}\d+\/\d+ paths green in \d+/m);
    expect(text).to.match(/^ {2}mutations {4}\d+\/\d+ killed \(100%\) on the pure engine/m);
    expect(text).to.match(/^✓ 2 flows, \d+ paths, 0 divergent runs/m);
  });

  it('writes JSON with every path, the coverage and the mutation outcomes', () => {
    const json = JSON.parse(JSON.stringify(flowTestReportJson(report))) as {
      ok: boolean;
      flows: Array<{ flow: string; coverage: { states: { covered: number; total: number } }; engine: { paths: Array<{ id: string; ok: boolean; label: string }> }; mutations: { score: number; outcomes: unknown[] } }>;
    };
    expect(json.ok).to.equal(true);
    expect(json.flows.map((flow) => flow.flow)).to.deep.equal(['password-reset', 'demo-express']);
    const [passwordReset] = json.flows;
    expect(passwordReset!.coverage.states).to.deep.include({ covered: 10, total: 10 });
    expect(passwordReset!.engine.paths.length).to.be.greaterThan(10);
    expect(passwordReset!.engine.paths.every((path) => path.ok && /^p\d+$/.test(path.id) && path.label.length > 0)).to.equal(true);
    expect(passwordReset!.mutations.score).to.equal(100);
  });

  it('writes well-formed JUnit XML, with a test case per path and per mutant', () => {
    const xml = flowTestJunit(report);
    assertWellFormedXml(xml);
    const paths = report.flows.reduce((sum, flow) => sum + flow.engine.runs.length + (flow.mutations?.outcomes.length ?? 0), 0);
    expect(xml.match(/<testcase /g)).to.have.length(paths);
    expect(xml).to.match(/<testsuites name="sopflow test" tests="\d+" failures="0"/);
    expect(xml).to.contain('<testsuite name="password-reset.engine"');
    expect(xml).to.contain('<testsuite name="password-reset.mutations"');
  });

  it('puts each divergence into JUnit as a failure with the escaped trace', async () => {
    const model = flowTestModel('flows/password-reset.yaml');
    const mutant = flowMutations(model.flow).find((mutation) => mutation.id === 'retarget:new.ACCEPT#0')!.flow;
    const runs = await Promise.all(model.paths().slice(0, 6).map(async (path) => model.runOnEngine(path, { flow: mutant })));
    const failed = runs.filter((run) => !run.ok).length;
    expect(failed).to.be.greaterThan(0);
    const broken: FlowTestReport = { ok: false, durationMs: 5, flows: [{ ...report.flows[0]!, engine: { runs, passed: runs.length - failed, failed, durationMs: 5 } }] };
    delete broken.flows[0]!.mutations;
    const xml = flowTestJunit(broken);
    assertWellFormedXml(xml);
    expect(xml.match(/<failure /g)).to.have.length(failed);
    expect(xml).to.contain('type="Divergence"');
    expect(xml).to.contain('state: expected l1_identity_check, got ');
    expect(xml).to.contain('&quot;');
    expect(formatFlowTestReport(broken)).to.match(/✗ password-reset — path p\d+ \(engine\): engine differs from the model/);
  });

  it('sopflow test --engine-only --format json --junit <file> prints JSON and writes the XML; exit code 0 when all agree', async () => {
    const junit = join(mkdtempSync(join(tmpdir(), 'sopflow-junit-')), 'report.xml');
    const outcome = await runTestCommand(['demo-express'], { engineOnly: true, format: 'json', junit, flows: 'flows' });
    expect(outcome.exitCode).to.equal(0);
    const json = JSON.parse(outcome.output) as { ok: boolean; flows: Array<{ flow: string; workflow?: unknown }> };
    expect(json.ok).to.equal(true);
    expect(json.flows.map((flow) => flow.flow)).to.deep.equal(['demo-express']);
    expect(json.flows[0]!.workflow).to.equal(undefined);
    assertWellFormedXml(readFileSync(junit, 'utf8'));
  });

  it('sopflow test names an unknown flow', async () => {
    const error = await runTestCommand(['no-such-flow'], { engineOnly: true }).then(
      () => undefined,
      (thrown: unknown) => thrown as Error,
    );
    expect(error?.message).to.equal("unknown flow 'no-such-flow'");
  });
});
