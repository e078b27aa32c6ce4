import type { FlowDefinition, StateDefinition } from '../definition';
import { TIERS } from '../tier';
import { flowEdges } from './flow-edges';
import { stateLines, TIER_TITLES } from './state-lines';

/** What a page adds to the diagram: lines under a state's title, and extra node classes (e.g. breach hot spots). */
export interface MermaidOptions {
  annotate?: (state: StateDefinition) => string | string[] | undefined;
  /** Applied after the kinds' classes, so they win; `style` is Mermaid classDef syntax (`fill:#fff1f0,stroke:#cf1322`). */
  classes?: Array<{ name: string; style: string; states: string[] }>;
}

/**
 * A flow as a Mermaid flowchart that GitHub renders in Markdown: states grouped by tier,
 * waiting states dashed, final states green, SLA-breach edges dashed red, every label quoted
 * and escaped so that no text of the flow can break the diagram.
 */
export function flowToMermaid(flow: FlowDefinition, options: MermaidOptions = {}): string {
  const node = (state: StateDefinition): string => stateNode(state, flow, options.annotate?.(state));
  const lines = ['flowchart LR', `  %% ${comment(`${flow.title} (${flow.id} v${flow.version})`)}`];
  lines.push(`  start(("start")) --> ${nodeId(flow.initial)}`);
  for (const tier of TIERS) {
    const states = Object.values(flow.states).filter((state) => state.tier === tier && state.kind === 'working');
    if (states.length === 0) continue;
    lines.push(`  subgraph tier_${tier}["${mermaidText(TIER_TITLES[tier])}"]`);
    for (const state of states) lines.push(`    ${node(state)}`);
    lines.push('  end');
  }
  for (const state of Object.values(flow.states).filter((state) => !isGrouped(state))) lines.push(`  ${node(state)}`);
  const edges = flowEdges(flow);
  const breachLinks: number[] = [];
  edges.forEach((edge, index) => {
    const arrow = edge.kind === 'breach' ? '-.->' : '-->';
    const label = edge.deescalate ? `${edge.label} (de-escalate)` : edge.label;
    lines.push(`  ${nodeId(edge.from)} ${arrow}|"${mermaidText(label)}"| ${nodeId(edge.to)}`);
    // Link 0 is the start arrow.
    if (edge.kind === 'breach') breachLinks.push(index + 1);
  });
  lines.push('  classDef waiting fill:#fff7e6,stroke:#d48806,stroke-dasharray:5 5');
  lines.push('  classDef final fill:#f6ffed,stroke:#389e0d,stroke-width:3px');
  for (const kind of ['waiting', 'final'] as const) {
    const ids = Object.values(flow.states).filter((state) => state.kind === kind).map((state) => nodeId(state.name));
    if (ids.length > 0) lines.push(`  class ${ids.join(',')} ${kind}`);
  }
  for (const extra of options.classes ?? []) {
    const ids = extra.states.filter((name) => flow.states[name]).map(nodeId);
    if (ids.length === 0 || !/^[a-z][a-z0-9_]*$/.test(extra.name) || /[;\n]/.test(extra.style)) continue;
    lines.push(`  classDef ${extra.name} ${extra.style}`);
    lines.push(`  class ${ids.join(',')} ${extra.name}`);
  }
  if (breachLinks.length > 0) lines.push(`  linkStyle ${breachLinks.join(',')} stroke:#cf1322,color:#cf1322`);
  return `${lines.join('\n')}\n`;
}

/** Escapes text for a quoted Mermaid label: entity codes for every character Mermaid or HTML would read. */
export function mermaidText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/#/g, '#35;')
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/`/g, '#96;');
}

/** State names may be Mermaid keywords (`end`, `class`); a prefix keeps them plain ids. */
function nodeId(name: string): string {
  return `s_${name}`;
}

function isGrouped(state: StateDefinition): boolean {
  return state.kind === 'working' && state.tier !== undefined;
}

function stateNode(state: StateDefinition, flow: FlowDefinition, annotation: string | string[] | undefined): string {
  const lines = [...stateLines(state, flow), ...(annotation === undefined ? [] : Array.isArray(annotation) ? annotation : [annotation])];
  const label = `"${lines.map(mermaidText).join('<br/>')}"`;
  if (state.kind === 'waiting') return `${nodeId(state.name)}([${label}])`;
  if (state.kind === 'final') return `${nodeId(state.name)}(${label})`;
  return `${nodeId(state.name)}[${label}]`;
}

function comment(text: string): string {
  return text.replace(/\s+/g, ' ');
}
