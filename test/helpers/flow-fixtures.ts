import { parse } from 'yaml';
import { normalizeFlow } from '../../src/flow/definition';
import type { FlowDefinition } from '../../src/flow/definition';
import { flowSchema } from '../../src/flow/schema';

/** Builds a flow definition from YAML text in a test, through the real schema and normalizer. */
export function flowFromYaml(text: string, hash = 'test'): FlowDefinition {
  return normalizeFlow(flowSchema.parse(parse(text)), hash);
}

/**
 * A small escalation flow on the 24x7 calendar with short targets, so time-skipping tests
 * can reason about instants easily.
 */
export const ESCALATION_FLOW = `
id: escalation-test
version: 1
title: Escalation test
calendar: 24x7
sla:
  resolution: { P1: 8h, P2: 24h, P3: 48h, P4: 96h }
  warn_at: [75, 90]
events:
  ACCEPT: {}
  RESOLVE: { fields: { resolution: { type: text, required: true } } }
  ESCALATE: { fields: { reason: { type: text, required: true } } }
  ASK_CUSTOMER: {}
  CUSTOMER_REPLIED: {}
  VERIFIED: { fields: { verified: { type: boolean, required: true } } }
states:
  intake: { tier: L1, on: { ACCEPT: l1_triage } }
  l1_triage:
    tier: L1
    sla: { due: { P1: 30m, P2: 1h, P3: 4h, P4: 8h }, warn_at: [50] }
    on:
      RESOLVE: resolved
      ASK_CUSTOMER: waiting_customer
      ESCALATE: l2_diagnosis
      VERIFIED: { target: resolved, when: { event: verified, equals: true } }
  waiting_customer: { waiting: true, on_customer_reply: CUSTOMER_REPLIED, on: { CUSTOMER_REPLIED: l1_triage }, after: { 5d: closed } }
  l2_diagnosis:
    tier: L2
    sla: { due: { P1: 2h, P2: 4h, P3: 8h, P4: 16h } }
    on: { RESOLVE: resolved, ESCALATE: l3_provider }
  l3_provider:
    tier: L3
    sla: { due: 8h }
    on: { RESOLVE: resolved }
  resolved: { final: true }
  closed: { final: true }
`;

/**
 * A flow that uses what the IT desk and escalation flows do not: entry mails with and without a
 * template, an `assign` action, a transition's own action on a self-transition, `after:` timers,
 * a guarded reply event, a waiting state that takes no event and `on_breach: notify`. 24x7; P2
 * resolution 12h and P1 6h, warning at 50 %; `triage` due 2h; `intake` and `second` untimed.
 */
export const ACTIONS_FLOW = `
id: edge-test
version: 3
title: Edge test
calendar: 24x7
priorities: [P1, P2]
sla:
  resolution: { P1: 6h, P2: 12h }
  warn_at: [50]
events:
  ACCEPT: { title: Take it }
  PICK: { title: Pick a colour, fields: { colour: { type: choice, required: true, choices: [red, blue] }, note: { type: text } } }
  NUDGE: {}
  ASK: {}
  REPLY: { fields: { ok: { type: boolean } } }
  PARK: {}
  ESCALATE: { fields: { reason: { type: text } } }
  BACK: {}
  DONE: {}
states:
  intake:
    tier: L1
    entry: [{ notify: team, template: new_ticket }]
    on: { ACCEPT: triage, PICK: triage }
    after: { 3h: triage }
  triage:
    title: Triage
    tier: L1
    sla: { due: 2h, on_breach: notify }
    entry: [{ notify: customer, template: taken }]
    on:
      NUDGE: { target: triage, actions: [{ notify: team }] }
      ASK: waiting
      PARK: parked
      ESCALATE: second
      DONE: done
  waiting:
    waiting: true
    on_customer_reply: REPLY
    on: { REPLY: { target: triage, when: { event: ok, equals: true } } }
    after: { 2h: triage }
  parked: { waiting: true, after: { 1h: triage } }
  second:
    tier: L2
    entry: [{ assign: L2, skill: net }, { notify: team }]
    on: { BACK: { target: triage, deescalate: true }, DONE: done }
  done: { title: Done, final: true }
`;

/**
 * A flow whose waiting state leads into another tier: L1 -> waiting -> L2 is an escalation, back
 * to L1 a plain change, L2 -> waiting -> L1 a declared de-escalation.
 */
export const THROUGH_WAITING_FLOW = `
id: through-waiting
version: 1
title: Through waiting
calendar: 24x7
sla: { resolution: 24h }
events:
  ASK: {}
  REPLIED: {}
  NEEDS_L2: {}
  BACK_TO_L1: {}
  RESOLVE: {}
states:
  l1:
    tier: L1
    on: { ASK: waiting, NEEDS_L2: l2, RESOLVE: done }
  waiting:
    waiting: true
    on: { REPLIED: l1, NEEDS_L2: l2, BACK_TO_L1: { target: l1, deescalate: true } }
  l2:
    tier: L2
    on: { ASK: waiting, RESOLVE: done }
  done: { final: true }
`;
