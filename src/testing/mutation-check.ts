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
  /** Why no test can kill it (only set for mutants that survived). */
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
 * engine, in lockstep with the original as the model) and counts the mutants some path kills.
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
      ...(!killedBy && mutation.equivalent ? { equivalent: mutation.equivalent } : {}),
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
