import { Command, Option } from 'commander';
import type { GraphOptions } from '../run-graph';

/** `sopflow graph <flow-file-or-id> [--format mermaid|dot] [--flows <dir>]`. */
export const graphCommand = new Command('graph')
  .description('draw a flow as a Mermaid (GitHub Markdown) or Graphviz DOT diagram')
  .argument('<flow>', 'a flow file, or the id of a flow in the flows directory')
  .addOption(new Option('--format <format>', 'diagram language').choices(['mermaid', 'dot']).default('mermaid'))
  .option('--flows <dir>', 'directory to look flow ids up in', 'flows')
  .action((target: string, options: GraphOptions) => {
    const { runGraph } = require('../run-graph') as typeof import('../run-graph');
    process.stdout.write(runGraph(target, options));
  });
