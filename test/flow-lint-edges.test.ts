import { expect } from 'chai';
import { normalizeFlow } from '../src/flow/definition';
import { lintFlow } from '../src/flow/lint/lint-flow';
import { staffingOf } from '../src/flow/lint/staffing';
import { warningThresholds } from '../src/flow/lint/warning-thresholds';
import type { FlowSpec } from '../src/flow/schema';
import { PositionedYaml } from '../src/source/positioned-yaml';
import { formatProblem } from '../src/source/problem';
import { lintLines } from './helpers/lint-lines';

/* Values just inside what the lint rules accept, which a rule off by one would refuse. */
describe('lint at the edges of what it accepts', () => {
  it('accepts warning thresholds of 1 and 99 %, and a final state that says it is not waiting', () => {
    const text = `id: e
version: 1
title: E
sla: { resolution: 1d, warn_at: [1, 99] }
events: { GO: {} }
states:
  start:
    tier: L1
    sla: { due: 1h, warn_at: [1, 99], on_breach: notify }
    on: { GO: done }
  done: { final: true, waiting: false }
`;
    expect(lintLines(text)).to.deep.equal([]);
  });

  it('refuses warning thresholds of 0 and 100 % in the rule itself, not only in the schema', () => {
    // The schema refuses them before lint runs, so the rule is handed the unchecked YAML; it
    // keeps its own range for a spec that did not come through the loader.
    const text = `id: e
version: 1
title: E
sla: { resolution: 1d, warn_at: [0, 50, 100] }
events: { GO: {} }
states:
  start: { tier: L1, on: { GO: done } }
  done: { final: true }
`;
    const source = new PositionedYaml('f.yaml', text);
    const spec = source.toJS() as FlowSpec;
    const problems = lintFlow({ spec, definition: normalizeFlow(spec, 'hash'), source }, [warningThresholds]);
    const hint = '(the breach itself is reported at 100%)';
    expect(problems.map(formatProblem)).to.deep.equal([
      `f.yaml:4:34: warning threshold 0% is outside 1–99 ${hint}`,
      `f.yaml:4:41: warning threshold 100% is outside 1–99 ${hint}`,
    ]);
  });

  describe('skills of assign:', () => {
    const staffing = () => staffingOf('c.yaml', { L1: { agents: [{ skills: ['  Network ', 'SAP'] }, { skills: [] }] } });

    it('are read from the config trimmed and in lower case, as agent picking compares them', () => {
      expect([...(staffing().skillsByTier.get('L1') ?? [])]).to.deep.equal(['network', 'sap']);
    });

    it('match whatever their case and spacing, and a skill nobody has is warned about', () => {
      const text = `id: e
version: 1
title: E
sla: { resolution: 1d }
events: { GO: {} }
states:
  start:
    tier: L1
    entry:
      - { assign: L1, skill: NETWORK }
      - { assign: L1, skill: ' sap' }
      - { assign: L1, skill: portal }
    on: { GO: done }
  done: { final: true }
`;
      expect(lintLines(text, { staffing: staffing() })).to.deep.equal([
        "f.yaml:12:30: warning: no L1 agent in c.yaml has skill 'portal' (add 'portal' to the skills of an agent of pools.L1; until then the ticket keeps its owner and the team is told nobody could be assigned)",
      ]);
    });
  });
});
