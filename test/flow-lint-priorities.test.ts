import { expect } from 'chai';
import { lintLines } from './helpers/lint-lines';

/*
 * SLA targets per priority, as the priority-target rule reads them: the flow's own priority
 * list (a name listed twice counts once), a target for each of them in every matrix, nothing
 * else, positive durations, and no less time for a less urgent priority. Equal targets are fine.
 */
describe('lint of priority matrices', () => {
  it('reports a repeated priority, missing, unknown and zero targets, and a less urgent priority with less time', () => {
    const text = `id: p
version: 1
title: P
priorities: [P1, P2, P1, P3]
sla:
  first_response: { P1: 1h }
  resolution: { P1: 4h, P2: 4h, P3: 8h, P4: 0m }
events: { GO: {} }
states:
  start:
    tier: L1
    sla: { due: { P1: 8h, P3: 4h }, on_breach: notify }
    on: { GO: done }
  done: { final: true }
`;
    expect(lintLines(text)).to.deep.equal([
      "f.yaml:4:22: priority 'P1' is listed twice",
      'f.yaml:6:19: no target for priorities P2, P3 (give every priority a duration, or write one duration for all)',
      "f.yaml:7:41: unknown priority 'P4' (priorities of this flow: P1, P2, P3)",
      "f.yaml:7:45: a target of '0m' is breached at once (use a positive duration)",
      'f.yaml:12:17: no target for priority P2 (give every priority a duration, or write one duration for all)',
      'f.yaml:12:31: warning: P3 gets less time (4h) than the more urgent P1 (8h) (priorities are listed most urgent first; check the order of the targets)',
    ]);
  });
});
