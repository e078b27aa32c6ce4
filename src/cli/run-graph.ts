import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowDefinition } from '../flow/definition';
import { flowToDot } from '../flow/graph/dot';
import { flowToMermaid } from '../flow/graph/mermaid';
import { loadFlowDirectory, loadFlowFile } from '../flow/load-flow';
import { SourceProblemsError } from '../source/problem';
import { didYouMean } from '../source/suggest';
import { SopflowError } from '../errors/sopflow-error';

/** Diagram languages `sopflow graph` writes. */
export type GraphFormat = 'mermaid' | 'dot';

/** What `sopflow graph` was asked. */
export interface GraphOptions {
  format?: GraphFormat;
  /** Where flows are looked up by id; default `flows`. */
  flows?: string;
}

/**
 * The diagram of a flow, given as a file path or as a flow id (looked up in the flows
 * directory). A flow with errors is not drawn: its problems are thrown instead.
 */
export function runGraph(target: string, options: GraphOptions = {}): string {
  const flow = findFlow(target, options.flows ?? 'flows');
  return options.format === 'dot' ? flowToDot(flow) : flowToMermaid(flow);
}

function findFlow(target: string, flowsDir: string): FlowDefinition {
  const byName = join(flowsDir, `${target}.yaml`);
  const file = isFile(target) ? target : isFile(byName) ? byName : undefined;
  if (file !== undefined) {
    const result = loadFlowFile(file);
    if (!result.ok) throw new SourceProblemsError(result.problems.filter((problem) => problem.severity === 'error'));
    return result.definition;
  }
  const loaded = loadFlowDirectory(flowsDir);
  const flow = loaded.flows.find((candidate) => candidate.id === target);
  if (flow) return flow;
  const ids = loaded.flows.map((candidate) => candidate.id);
  throw new SopflowError(`unknown flow '${target}'`, {
    code: 'UNKNOWN_FLOW',
    suggestion: didYouMean(target, ids) ?? (ids.length ? `flows in ${flowsDir}: ${ids.join(', ')}` : `no flows in ${flowsDir}; give a file path`),
  });
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
