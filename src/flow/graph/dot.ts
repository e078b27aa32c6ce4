import type { FlowDefinition, StateDefinition } from '../definition';
import { TIERS } from '../tier';
import { flowEdges } from './flow-edges';
import { stateLines, TIER_TITLES } from './state-lines';

/** Fill and border colours of each tier's cluster. */
const TIER_COLOURS = { L1: ['#f0f5ff', '#adc6ff'], L2: ['#f9f0ff', '#d3adf7'], L3: ['#fff0f6', '#ffadd2'] } as const;

/**
 * A flow as a Graphviz DOT digraph (`sopflow graph … --format dot | dot -Tsvg`): one cluster
 * per tier, waiting states dashed, final states with a double border, SLA-breach edges dashed
 * red. Every id and label is a quoted, escaped DOT string.
 */
export function flowToDot(flow: FlowDefinition): string {
  const lines = [
    `digraph ${dotString(flow.id)} {`,
    '  rankdir=LR;',
    `  label=${dotString(`${flow.title} (${flow.id} v${flow.version})`)};`,
    '  labelloc=t;',
    '  fontname="Helvetica";',
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
    '  "__start" [shape=point, width=0.15, label=""];',
    `  "__start" -> ${dotString(flow.initial)};`,
  ];
  for (const tier of TIERS) {
    const states = Object.values(flow.states).filter((state) => state.tier === tier && state.kind === 'working');
    if (states.length === 0) continue;
    const [fill, border] = TIER_COLOURS[tier];
    lines.push(`  subgraph ${dotString(`cluster_${tier}`)} {`);
    lines.push(`    label=${dotString(TIER_TITLES[tier])};`, `    style="rounded,filled";`, `    fillcolor="${fill}";`, `    color="${border}";`);
    for (const state of states) lines.push(`    ${node(state, flow)}`);
    lines.push('  }');
  }
  for (const state of Object.values(flow.states).filter((state) => state.kind !== 'working' || state.tier === undefined)) {
    lines.push(`  ${node(state, flow)}`);
  }
  for (const edge of flowEdges(flow)) {
    const attributes = [`label=${dotString(edge.deescalate ? `${edge.label} (de-escalate)` : edge.label)}`];
    if (edge.kind === 'breach') attributes.push('style=dashed', 'color="#cf1322"', 'fontcolor="#cf1322"');
    if (edge.kind === 'after') attributes.push('style=dotted');
    lines.push(`  ${dotString(edge.from)} -> ${dotString(edge.to)} [${attributes.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** A quoted DOT string; line breaks become DOT's centred `\n`, so a label can never end the string early. */
export function dotString(text: string, lineBreaks: readonly string[] = []): string {
  const escape = (part: string): string => part.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\s+/g, ' ');
  return `"${[text, ...lineBreaks].map(escape).join('\\n')}"`;
}

function node(state: StateDefinition, flow: FlowDefinition): string {
  const [title = state.name, ...rest] = stateLines(state, flow);
  const attributes = [`label=${dotString(title, rest)}`];
  if (state.kind === 'waiting') attributes.push('style="rounded,dashed,filled"', 'fillcolor="#fff7e6"', 'color="#d48806"');
  if (state.kind === 'final') attributes.push('peripheries=2', 'fillcolor="#f6ffed"', 'color="#389e0d"');
  return `${dotString(state.name)} [${attributes.join(', ')}];`;
}
