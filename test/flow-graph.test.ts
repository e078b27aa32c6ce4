import { expect } from 'chai';
import type { FlowDefinition } from '../src/flow/definition';
import { conditionText } from '../src/flow/graph/condition-text';
import { dotString, flowToDot } from '../src/flow/graph/dot';
import { flowEdges } from '../src/flow/graph/flow-edges';
import { flowToMermaid, mermaidText } from '../src/flow/graph/mermaid';
import { dueText, stateLines } from '../src/flow/graph/state-lines';
import { loadFlowOrThrow, loadFlowText } from '../src/flow/load-flow';
import { perTest } from './helpers/per-test';

// Loaded per test, not while mocha loads the file (see test/helpers/per-test.ts).
const passwordReset = perTest(() => loadFlowOrThrow('flows/password-reset.yaml'));

/** A flow whose texts contain every character that could break a diagram, and a state named `end`. */
function trickyFlow(): FlowDefinition {
  const result = loadFlowText(
    `
id: tricky
version: 2
title: 'Quotes " and <b>tags</b> | pipes # hashes & ampersands \\ backslashes'
sla: { resolution: 1d }
events:
  GO:
    fields:
      note: { type: text }
  ESCALATE:
  RESOLVE:
states:
  l1_start:
    title: 'Say "hi" -> then [go] {now}; end'
    description: "Line one\\nline two with a backslash \\\\ and \\"quotes\\""
    tier: L1
    on:
      GO: { target: end, when: { event: note, equals: 'a "quoted" <value>' } }
      ESCALATE: l2_work
  end:
    tier: L1
    on: { RESOLVE: done, ESCALATE: l2_work }
  l2_work:
    tier: L2
    on: { RESOLVE: done, ESCALATE: l3_work }
  l3_work:
    tier: L3
    on: { RESOLVE: done }
  done: { final: true, title: 'Done \`for\` good' }
`,
    'tricky.yaml',
  );
  if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('\n'));
  return result.definition;
}

/** Labels in Mermaid source: every `"…"`; none may contain a raw quote, angle bracket or pipe. */
function mermaidLabels(source: string): string[] {
  return [...source.matchAll(/"([^"\n]*)"/g)].map((match) => match[1]!);
}

describe('flow diagrams', () => {
  describe('edges', () => {
    it('lists every transition with its event, guard, fallback, timeout and breach', () => {
      const labels = flowEdges(passwordReset()).map((edge) => `${edge.from} ${edge.kind === 'breach' ? '-.->' : '-->'} ${edge.to}: ${edge.label}`);
      expect(labels).to.include.members([
        'new --> l1_identity_check: ACCEPT',
        'l1_identity_check --> l1_reset_password: IDENTITY_CHECKED [verified = true]',
        'l1_identity_check --> l1_waiting_for_customer: IDENTITY_CHECKED [otherwise]',
        'l1_waiting_for_customer --> closed_without_reply: after 5d',
        'l1_identity_check -.-> l2_account_analysis: SLA breach',
      ]);
      const transitions = Object.values(passwordReset().states).reduce(
        (count, state) => count + Object.values(state.on).flat().length + state.after.length + (state.sla?.onBreach?.kind === 'goto' ? 1 : 0),
        0,
      );
      expect(flowEdges(passwordReset())).to.have.length(transitions);
    });

    it('renders conditions as short readable text', () => {
      expect(conditionText({ event: 'verified', equals: true })).to.equal('verified = true');
      expect(conditionText({ any: [{ event: 'users', gte: 20 }, { event: 'category', in: ['server', 'network'] }] })).to.equal(
        'users ≥ 20 or category in [server, network]',
      );
      expect(conditionText({ all: [{ field: 'a', not_equals: 1 }, { not: { any: [{ field: 'b', exists: true }, { field: 'c', lt: 3 }] } }] })).to.equal(
        'a ≠ 1 and not (b is set or c < 3)',
      );
      expect(conditionText({ field: 'd', not_in: ['x'] })).to.equal('d not in [x]');
      expect(conditionText({ field: 'e', exists: false })).to.equal('e is not set');
    });

    it('writes due dates once when all priorities share them, else per priority', () => {
      expect(dueText({ P1: 30, P2: 30 }, ['P1', 'P2'])).to.equal('due 30m');
      expect(dueText({ P1: 15, P2: 90, P3: 2880 }, ['P1', 'P2', 'P3'])).to.equal('due P1 15m · P2 1h30m · P3 2d');
    });
  });

  describe('Mermaid', () => {
    const source = perTest(() => flowToMermaid(passwordReset()));

    it('is a left-to-right flowchart with one subgraph per tier', () => {
      expect(source().split('\n')[0]).to.equal('flowchart LR');
      expect(source()).to.include('subgraph tier_L1["L1 · first level"]');
      expect(source()).to.include('subgraph tier_L2["L2 · second level"]');
      expect(source()).to.include('subgraph tier_L3["L3 · third level"]');
      expect(source().match(/^\s*subgraph /gm)).to.have.length(source().match(/^\s*end$/gm)!.length);
    });

    it('puts each working state in its tier and shows titles, descriptions and due dates', () => {
      const l2 = source().slice(source().indexOf('subgraph tier_L2'), source().indexOf('subgraph tier_L3'));
      expect(l2).to.include(
        's_l2_account_analysis["Analysing the account<br/>Second-level specialists check locks, single sign-on and the identity provider.<br/>due P1 2h · P2 4h · P3 1d · P4 2d"]',
      );
      expect(l2).to.not.include('s_l1_');
    });

    it('styles waiting and final states and dashes SLA-breach edges', () => {
      expect(source()).to.include('s_l1_waiting_for_customer(["Waiting for your reply<br/>We need some information from you; simply reply to our message.<br/>waiting · clocks paused"])');
      expect(source()).to.match(/^ {2}class s_l1_waiting_for_customer,s_l1_waiting_for_confirmation,s_l2_waiting_for_customer waiting$/m);
      expect(source()).to.match(/^ {2}class s_resolved,s_closed_without_reply final$/m);
      expect(source()).to.include('s_l1_identity_check -.->|"SLA breach"| s_l2_account_analysis');
      expect(source()).to.include('s_l1_waiting_for_customer -->|"after 5d"| s_closed_without_reply');
      expect(source()).to.include('s_l2_account_analysis -->|"HAND_BACK (de-escalate)"| s_l1_reset_password');
      expect(source()).to.match(/^ {2}linkStyle [\d,]+ stroke:#cf1322,color:#cf1322$/m);
    });

    it('styles exactly the breach edges, counting the start arrow as link 0', () => {
      const links = source().split('\n').filter((line) => /^\s+\S+ (-->|-\.->)/.test(line));
      const styled = /linkStyle ([\d,]+)/.exec(source())![1]!.split(',').map(Number);
      expect(styled.map((index) => links[index])).to.satisfy((lines: string[]) => lines.every((line) => line.includes('-.->|"SLA breach"|')));
      expect(styled).to.have.length(links.filter((line) => line.includes('SLA breach')).length);
    });

    it('escapes every label so that no text of the flow can break the diagram', () => {
      const tricky = flowToMermaid(trickyFlow());
      for (const label of mermaidLabels(tricky)) expect(label.replaceAll('<br/>', '')).to.not.match(/[<>|`]|#(?!\d+;|quot;|lt;|gt;|amp;)/);
      expect(tricky).to.include('#quot;hi#quot; -#gt; then [go] {now}; end');
      expect(tricky).to.include('s_end["End"]');
      expect(tricky).to.include('note = a #quot;quoted#quot; #lt;value#gt;');
      expect(mermaidText('a\nb   c')).to.equal('a b c');
    });
  });

  describe('Graphviz DOT', () => {
    const source = perTest(() => flowToDot(passwordReset()));

    it('is one digraph with a cluster per tier and balanced braces', () => {
      expect(source().split('\n')[0]).to.equal('digraph "password-reset" {');
      expect(source().trimEnd().endsWith('}')).to.equal(true);
      for (const tier of ['L1', 'L2', 'L3']) expect(source()).to.include(`subgraph "cluster_${tier}" {`);
      expect(source().split('{').length).to.equal(source().split('}').length);
    });

    it('ends every statement line with a semicolon, or opens or closes a block', () => {
      for (const line of source().split('\n').filter((text) => text.trim() !== '')) expect(line).to.match(/(;|\{|\})$/);
    });

    it('styles waiting, final and breach elements and labels edges', () => {
      expect(source()).to.include('"l1_waiting_for_customer" [label="Waiting for your reply\\nWe need some information from you; simply reply to our message.\\nwaiting · clocks paused", style="rounded,dashed,filled"');
      expect(source()).to.include('"resolved" [label="Resolved\\nYour request is solved; you can log in again.", peripheries=2');
      expect(source()).to.include('"l1_identity_check" -> "l2_account_analysis" [label="SLA breach", style=dashed, color="#cf1322", fontcolor="#cf1322"];');
      expect(source()).to.include('"l1_waiting_for_customer" -> "closed_without_reply" [label="after 5d", style=dotted];');
      expect(source()).to.include('"l1_identity_check" -> "l1_reset_password" [label="IDENTITY_CHECKED [verified = true]"];');
      expect(source()).to.include('"__start" -> "new";');
    });

    it('escapes quotes and backslashes in every string', () => {
      const tricky = flowToDot(trickyFlow());
      // Every quoted string is closed on its own line: no raw quote or newline escapes it.
      for (const line of tricky.split('\n')) {
        const unescaped = line.replace(/\\\\/g, '').replace(/\\"/g, '');
        expect(unescaped.split('"').length % 2, line).to.equal(1);
      }
      expect(tricky).to.include('label="Say \\"hi\\" -> then [go] {now}; end\\nLine one line two with a backslash \\\\ and \\"quotes\\"');
      expect(dotString('a\\b"c', ['second line'])).to.equal('"a\\\\b\\"c\\nsecond line"');
    });
  });
});

/**
 * A small flow with one of everything a diagram draws: two tiers, a waiting and a final state, a
 * guard with its fallback, a timeout, a de-escalation, a breach edge, a breach that only notifies,
 * per-priority and shared due dates, and a description too long for a box. `ask` is how its ASK
 * event is written (bare, or with a title).
 */
function miniFlow(ask = 'ASK:'): FlowDefinition {
  const result = loadFlowText(
    `
id: mini
version: 4
title: Mini  flow
priorities: [P1, P2]
events:
  GO:
    fields:
      n: { type: number }
  ${ask}
  BACK:
states:
  l1_triage:
    title: Triage
    description: " Read the ticket,  sort it by product and\\nurgency, and ask the customer for info that is missing before the work starts."
    tier: L1
    sla: { due: { P1: 15m, P2: 1h }, on_breach: { goto: l2_fix } }
    on:
      GO:
        - { target: l2_fix, when: { event: n, gt: 3 } }
        - { target: done }
      ASK: waiting
  waiting:
    title: Waiting
    waiting: true
    on: { BACK: l1_triage }
    after: { 2d: done }
  l2_fix:
    title: Fix
    tier: L2
    sla: { due: 2h, on_breach: notify }
    on:
      BACK: { target: l1_triage, deescalate: true }
      GO: done
  done: { final: true, title: Done }
`,
    'mini.yaml',
  );
  if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('\n'));
  return result.definition;
}

describe('a small flow, drawn exactly', () => {
  const triageLines = ['Triage', 'Read the ticket, sort it by product and urgency, and ask the customer for info…', 'due P1 15m · P2 1h'];

  it('lists its boxes line by line: title, shortened description, waiting or due date and what a breach does', () => {
    const { states } = miniFlow();
    expect(stateLines(states.l1_triage!, miniFlow())).to.deep.equal(triageLines);
    expect(stateLines(states.waiting!, miniFlow())).to.deep.equal(['Waiting', 'waiting · clocks paused']);
    expect(stateLines(states.l2_fix!, miniFlow())).to.deep.equal(['Fix', 'due 2h · breach: notify team']);
    expect(stateLines(states.done!, miniFlow())).to.deep.equal(['Done']);
  });

  it('draws it in Mermaid, with the annotations and extra classes a page adds', () => {
    const source = flowToMermaid(miniFlow(), {
      annotate: (state) => (state.name === 'l1_triage' ? ['2 open', '1 late'] : state.name === 'l2_fix' ? '3 open' : undefined),
      classes: [
        { name: 'hot', style: 'fill:#fff1f0,stroke:#cf1322', states: ['l2_fix', 'not_a_state'] },
        { name: 'Bad-name', style: 'fill:#fff', states: ['done'] },
        { name: 'injected', style: 'fill:#fff;stroke:#000', states: ['done'] },
        { name: 'lines', style: 'fill:#fff\nclass x', states: ['done'] },
        { name: 'nobody', style: 'fill:#fff', states: ['not_a_state'] },
      ],
    });
    expect(source).to.equal(
      [
        'flowchart LR',
        '  %% Mini flow (mini v4)',
        '  start(("start")) --> s_l1_triage',
        '  subgraph tier_L1["L1 · first level"]',
        '    s_l1_triage["Triage<br/>Read the ticket, sort it by product and urgency, and ask the customer for info…<br/>due P1 15m · P2 1h<br/>2 open<br/>1 late"]',
        '  end',
        '  subgraph tier_L2["L2 · second level"]',
        '    s_l2_fix["Fix<br/>due 2h · breach: notify team<br/>3 open"]',
        '  end',
        '  s_waiting(["Waiting<br/>waiting · clocks paused"])',
        '  s_done("Done")',
        '  s_l1_triage -->|"GO [n #gt; 3]"| s_l2_fix',
        '  s_l1_triage -->|"GO [otherwise]"| s_done',
        '  s_l1_triage -->|"ASK"| s_waiting',
        '  s_l1_triage -.->|"SLA breach"| s_l2_fix',
        '  s_waiting -->|"BACK"| s_l1_triage',
        '  s_waiting -->|"after 2d"| s_done',
        '  s_l2_fix -->|"BACK (de-escalate)"| s_l1_triage',
        '  s_l2_fix -->|"GO"| s_done',
        '  classDef waiting fill:#fff7e6,stroke:#d48806,stroke-dasharray:5 5',
        '  classDef final fill:#f6ffed,stroke:#389e0d,stroke-width:3px',
        '  class s_waiting waiting',
        '  class s_done final',
        '  classDef hot fill:#fff1f0,stroke:#cf1322',
        '  class s_l2_fix hot',
        '  linkStyle 4 stroke:#cf1322,color:#cf1322',
        '',
      ].join('\n'),
    );
  });

  it('draws it in Graphviz DOT', () => {
    expect(flowToDot(miniFlow())).to.equal(
      [
        'digraph "mini" {',
        '  rankdir=LR;',
        '  label="Mini flow (mini v4)";',
        '  labelloc=t;',
        '  fontname="Helvetica";',
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9];',
        '  "__start" [shape=point, width=0.15, label=""];',
        '  "__start" -> "l1_triage";',
        '  subgraph "cluster_L1" {',
        '    label="L1 · first level";',
        '    style="rounded,filled";',
        '    fillcolor="#f0f5ff";',
        '    color="#adc6ff";',
        '    "l1_triage" [label="Triage\\nRead the ticket, sort it by product and urgency, and ask the customer for info…\\ndue P1 15m · P2 1h"];',
        '  }',
        '  subgraph "cluster_L2" {',
        '    label="L2 · second level";',
        '    style="rounded,filled";',
        '    fillcolor="#f9f0ff";',
        '    color="#d3adf7";',
        '    "l2_fix" [label="Fix\\ndue 2h · breach: notify team"];',
        '  }',
        '  "waiting" [label="Waiting\\nwaiting · clocks paused", style="rounded,dashed,filled", fillcolor="#fff7e6", color="#d48806"];',
        '  "done" [label="Done", peripheries=2, fillcolor="#f6ffed", color="#389e0d"];',
        '  "l1_triage" -> "l2_fix" [label="GO [n > 3]"];',
        '  "l1_triage" -> "done" [label="GO [otherwise]"];',
        '  "l1_triage" -> "waiting" [label="ASK"];',
        '  "l1_triage" -> "l2_fix" [label="SLA breach", style=dashed, color="#cf1322", fontcolor="#cf1322"];',
        '  "waiting" -> "l1_triage" [label="BACK"];',
        '  "waiting" -> "done" [label="after 2d", style=dotted];',
        '  "l2_fix" -> "l1_triage" [label="BACK (de-escalate)"];',
        '  "l2_fix" -> "done" [label="GO"];',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('draws a flow without breach edges or extra classes without their lines', () => {
    const flow = miniFlow();
    delete flow.states.l1_triage!.sla!.onBreach;
    const source = flowToMermaid(flow);
    expect(source).to.not.include('linkStyle');
    expect(source).to.not.include('classDef hot');
    expect(source).to.include('    s_l1_triage["Triage<br/>Read the ticket, sort it by product and urgency, and ask the customer for info…<br/>due P1 15m · P2 1h"]\n');
  });

  it('writes each comparison operator, and brackets only a group of several inside another', () => {
    expect(conditionText({ field: 'a', gt: 1 })).to.equal('a > 1');
    expect(conditionText({ field: 'a', gte: '2026-01-01' })).to.equal('a ≥ 2026-01-01');
    expect(conditionText({ field: 'a', lt: 3 })).to.equal('a < 3');
    expect(conditionText({ field: 'a', lte: 4 })).to.equal('a ≤ 4');
    expect(conditionText({ event: 'b', in: [1, true, 'x'] })).to.equal('b in [1, true, x]');
    expect(conditionText({ all: [{ field: 'a', equals: 1 }, { field: 'b', equals: 2 }] })).to.equal('a = 1 and b = 2');
    expect(conditionText({ not: { all: [{ field: 'a', equals: 1 }] } })).to.equal('not a = 1');
    expect(conditionText({ any: [{ all: [{ field: 'a', equals: 1 }, { field: 'b', equals: 2 }] }, { field: 'c', equals: false }] })).to.equal(
      '(a = 1 and b = 2) or c = false',
    );
  });

  it('writes a due date per priority when a matrix leaves a priority out, and shows a mixed matrix in priority order', () => {
    expect(dueText({ P1: 30 }, ['P1', 'P2'])).to.equal('due P1 30m');
    expect(dueText({ P2: 60, P1: 30 }, ['P1', 'P2'])).to.equal('due P1 30m · P2 1h');
    expect(dueText({ P1: 30, P2: 30, P3: 60 }, ['P1', 'P2', 'P3'])).to.equal('due P1 30m · P2 30m · P3 1h');
  });

  it('escapes each character Mermaid or HTML would read as an entity code, the hash first', () => {
    expect(mermaidText('# & " < > | ` \t\n x')).to.equal('#35; #amp; #quot; #lt; #gt; #124; #96; x');
  });

  // Arrows are labelled with event names: a title, in whatever language, leaves the drawing as it was.
  it('draws a flow with event titles, plain or one per language, exactly as without them', () => {
    const plain = miniFlow('ASK: { title: Ask the customer }');
    const localized = miniFlow('ASK: { title: { de: Beim Kunden nachfragen, en: Ask the customer, pl: Zapytaj klienta } }');
    expect(localized.events.ASK?.titles?.de).to.equal('Beim Kunden nachfragen');
    for (const draw of [flowToMermaid, flowToDot]) {
      expect(draw(plain)).to.equal(draw(miniFlow()));
      expect(draw(localized)).to.equal(draw(miniFlow()));
    }
  });

  it('edges carry their kind and de-escalation flag', () => {
    expect(flowEdges(miniFlow()).map(({ from, to, kind, deescalate }) => `${from}>${to}:${kind}${deescalate ? ':down' : ''}`)).to.deep.equal([
      'l1_triage>l2_fix:event',
      'l1_triage>done:event',
      'l1_triage>waiting:event',
      'l1_triage>l2_fix:breach',
      'waiting>l1_triage:event',
      'waiting>done:after',
      'l2_fix>l1_triage:event:down',
      'l2_fix>done:event',
    ]);
  });
});
