import type { TicketEventInput } from '../src/ticket/types';
import type { SeededRandom } from './seeded-random';

/** The flow every chaos ticket runs. */
export const CHAOS_FLOW = 'it-desk-incident';

/** One path through `flows/it-desk-incident.yaml`: the events an agent sends, in order, and the states they lead to. */
export interface TicketScript {
  name: string;
  events: TicketEventInput[];
  /** The state each event leads to (same length as `events`). */
  states: string[];
}

const reason = { reason: 'Fehler im Fachverfahren' };
const resolution = { resolution: 'Behoben' };

/**
 * The paths, weighted as the run that found the faults: half of the tickets go ACCEPT ->
 * ESCALATE -> RESOLVE (a doubled ESCALATE there moves a ticket on to the vendor), the rest
 * through classification, the vendor and the user's confirmation.
 */
const PATHS: readonly TicketScript[] = [
  { name: 'escalate', events: [{ type: 'ACCEPT' }, { type: 'ESCALATE', data: reason }, { type: 'RESOLVE', data: resolution }], states: ['l1_classify', 'l2_specialists', 'resolved'] },
  { name: 'escalate', events: [{ type: 'ACCEPT' }, { type: 'ESCALATE', data: reason }, { type: 'RESOLVE', data: resolution }], states: ['l1_classify', 'l2_specialists', 'resolved'] },
  {
    name: 'first-level',
    events: [{ type: 'ACCEPT' }, { type: 'CLASSIFIED', data: { category: 'workplace', affected_users: 1 } }, { type: 'RESOLVE', data: resolution }],
    states: ['l1_classify', 'l1_solve', 'resolved'],
  },
  {
    name: 'vendor',
    events: [{ type: 'ACCEPT' }, { type: 'CLASSIFIED', data: { category: 'server', affected_users: 40 } }, { type: 'ESCALATE', data: reason }, { type: 'RESOLVE', data: resolution }],
    states: ['l1_classify', 'l2_specialists', 'l3_vendor', 'resolved'],
  },
  {
    name: 'remote-fix',
    events: [{ type: 'ACCEPT' }, { type: 'CLASSIFIED', data: { category: 'application', affected_users: 2 } }, { type: 'REMOTE_FIX_DONE' }, { type: 'CONFIRMED' }],
    states: ['l1_classify', 'l1_solve', 'l1_waiting_for_confirmation', 'resolved'],
  },
];

/** A path for the next ticket. */
export function pickScript(random: SeededRandom): TicketScript {
  return random.pick(PATHS);
}
