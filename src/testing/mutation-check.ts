import type { FlowDefinition } from '../flow/definition';
import type { FlowTestModel } from './flow-test-model';
import { flowMutations, MUTATION_OPERATORS } from './mutations';
import type { MutationOperator } from './mutations';

/** What happened to one mutant. */
export interface MutantOutcome {
  id: string;
  operator: MutationOperator;
  description: string;
  killed: boolean;
  /** The first path that told the mutant apart, and how. */
  killedBy?: { path: string; difference: string };
  /** Why no test can kill it, from the independent model (only set for mutants that survived). */
  equivalent?: string;
}

/** The mutation score of a flow's generated paths. */
export interface MutationReport {
  flow: string;
  /** Always `engine`: mutants run against the pure engine (the workflow runs that same engine). */
  side: 'engine';
  total: number;
  killed: number;
  /** Survivors that are equivalent to the original by construction; not counted against the score. */
  equivalent: number;
  /** Killed out of the mutants that can be killed, 0–100. */
  score: number;
  byOperator: Record<MutationOperator, { killed: number; total: number }>;
  outcomes: MutantOutcome[];
  durationMs: number;
}

/**
 * Runs the paths generated from the original flow against every mutant of it (on the pure
 * engine, in lockstep with the independent model of the original) and counts the mutants some
 * path kills. A survivor counts as equivalent only when the model predicts exactly the same
 * for the original and the mutant on every path generated from either of them.
 */
export async function mutationCheck(model: FlowTestModel): Promise<MutationReport> {
  const began = performance.now();
  const paths = model.paths();
  const outcomes: MutantOutcome[] = [];
  for (const mutation of flowMutations(model.flow)) {
    let killedBy: MutantOutcome['killedBy'];
    for (const path of paths) {
      const run = await model.runOnEngine(path, { flow: mutation.flow });
      if (!run.ok) {
        killedBy = { path: path.id, difference: run.divergence?.differences[0] ?? 'diverged' };
        break;
      }
    }
    outcomes.push({
      id: mutation.id,
      operator: mutation.operator,
      description: mutation.description,
      killed: killedBy !== undefined,
      ...(killedBy ? { killedBy } : {}),
      ...(!killedBy && modelCannotTell(model, mutation.flow) ? { equivalent: 'the model predicts the same as for the original on every path of either flow' } : {}),
    });
  }
  const byOperator = Object.fromEntries(MUTATION_OPERATORS.map((operator) => [operator, { killed: 0, total: 0 }])) as MutationReport['byOperator'];
  for (const outcome of outcomes) {
    if (outcome.equivalent) continue;
    byOperator[outcome.operator].total += 1;
    if (outcome.killed) byOperator[outcome.operator].killed += 1;
  }
  const killed = outcomes.filter((outcome) => outcome.killed).length;
  const equivalent = outcomes.filter((outcome) => outcome.equivalent !== undefined).length;
  const killable = outcomes.length - equivalent;
  return {
    flow: model.flow.id,
    side: 'engine',
    total: outcomes.length,
    killed,
    equivalent,
    score: killable === 0 ? 100 : (100 * killed) / killable,
    byOperator,
    outcomes,
    durationMs: performance.now() - began,
  };
}

/** True when no generated path, of the original or of the mutant, makes the model predict anything different. */
function modelCannotTell(model: FlowTestModel, mutant: FlowDefinition): boolean {
  const paths = [...model.paths(), ...model.pathsFor(mutant)];
  return paths.every((path) => JSON.stringify(model.predict(path)) === JSON.stringify(model.predict(path, { flow: mutant })));
}
