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
