import { DefaultLogger, Runtime } from '@temporalio/worker';
import { flowTestModel } from '../src/testing/flow-test-model';
import type { FlowTestModel } from '../src/testing/flow-test-model';
import { mutationCheck } from '../src/testing/mutation-check';
import { resolveFlowFiles, runFlowTests } from '../src/testing/run-flow-tests';

/**
 * Model-based testing speed: generated paths per second on the pure engine and on the
 * time-skipping server, and the wall time of `sopflow test` (and of its mutation check) over
 * every example flow. The server figure is what bounds CI time; the engine figure is what a
 * developer's custom properties run at.
 */
export async function runModelBench(): Promise<void> {
  const files = resolveFlowFiles([], 'flows');
  const models: FlowTestModel[] = files.map((file) => flowTestModel(file));
  const paths = models.reduce((sum, model) => sum + model.paths().length, 0);
  const steps = models.reduce((sum, model) => sum + model.paths().reduce((count, path) => count + path.steps.length, 0), 0);

  let best = 0;
  for (let round = 0; round < 5; round++) {
    const began = performance.now();
    for (const model of models) {
      const runs = await model.runAllOnEngine();
      if (runs.some((run) => !run.ok)) throw new Error(`${model.flow.id} diverges on the engine; run sopflow test`);
    }
    best = Math.max(best, paths / ((performance.now() - began) / 1000));
  }
  console.log(`model: engine ${Math.round(best).toLocaleString('en-US')} paths/s (${paths} paths, ${steps} steps of ${files.length} flows; best of 5 rounds)`);

  const report = await runFlowTests({ flows: files, workflow: true });
  if (!report.ok) throw new Error('sopflow test found divergences; run it for the traces');
  const workflowMs = report.flows.reduce((sum, flow) => sum + (flow.workflow?.durationMs ?? 0), 0);
  console.log(`model: time-skipping server ${(paths / (workflowMs / 1000)).toFixed(1)} paths/s (${paths} paths on one server and one worker, 8 at once)`);
  console.log(`model: sopflow test over ${files.length} flows ${(report.durationMs / 1000).toFixed(1)} s (generation, engine, server start, workflow)`);

  const began = performance.now();
  let mutants = 0;
  for (const model of models) mutants += (await mutationCheck(model)).total;
  console.log(`model: sopflow test --mutate adds ${((performance.now() - began) / 1000).toFixed(1)} s (${mutants} mutants on the pure engine)`);
}

if (require.main === module) {
  // Run alone, the worker would log every state change; a benchmark only needs warnings.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  void runModelBench();
}
