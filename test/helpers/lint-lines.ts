import { loadFlowText } from '../../src/flow/load-flow';
import type { FlowLoadOptions } from '../../src/flow/load-flow';
import { formatProblem } from '../../src/source/problem';

/**
 * What the loader says about a flow text, named `f.yaml`, as the lines `sopflow lint` prints:
 * every problem of a flow that does not load, the warnings of one that does.
 */
export function lintLines(text: string, options: FlowLoadOptions = {}): string[] {
  const result = loadFlowText(text, 'f.yaml', options);
  return (result.ok ? result.warnings : result.problems).map(formatProblem);
}
