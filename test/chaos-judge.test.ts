import { expect } from 'chai';
import { judgeChaosRun } from '../chaos/judge';
import type { TicketOutcome } from '../chaos/judge';
import type { ReceivedMail } from '../chaos/mail-recorder';
import type { RequestRecord } from '../chaos/patient-client';
import type { TimelineEntry } from '../src/ticket/types';

const script = {
  name: 'escalate',
  events: [{ type: 'ACCEPT' }, { type: 'ESCALATE', data: { reason: 'x' } }, { type: 'RESOLVE', data: { resolution: 'y' } }],
  states: ['l1_classify', 'l2_specialists', 'resolved'],
};
const at = (second: number): string => new Date(Date.UTC(2026, 11, 2, 1, 0, second)).toISOString();
let seq = 0;
const entry = (second: number, over: Partial<TimelineEntry>): TimelineEntry => ({ seq: ++seq, at: at(second), kind: 'transition', ...over });
const mail = (ticket: string, to: string, kind: string, second: number, id = `<${ticket}-${kind}>`): ReceivedMail => ({ messageId: id, to: [to], ticket, kind, receivedAt: Date.parse(at(second)) });

describe('chaos: judging a run from timelines and received mails', () => {
  it('counts an event the timeline shows twice as doubled, one it lacks as lost, and the mails by Message-ID', () => {
    const clean: TicketOutcome = {
      number: 'T-1',
      customerEmail: 'a@kunde.example',
      script,
      kind: 'final',
      closed: true,
      timeline: [
        entry(0, { kind: 'created', customerMessages: ['received'] }),
        entry(1, { kind: 'assigned', agent: 'a.schmidt' }),
        entry(2, { event: 'ACCEPT', from: 'new', to: 'l1_classify' }),
        entry(3, { event: 'ESCALATE', from: 'l1_classify', to: 'l2_specialists', customerMessages: ['escalated'] }),
        entry(4, { event: 'RESOLVE', from: 'l2_specialists', to: 'resolved', customerMessages: ['resolved'] }),
      ],
    };
    const doubled: TicketOutcome = {
      number: 'T-2',
      customerEmail: 'b@kunde.example',
      script,
      kind: 'final',
      closed: false,
      timeline: [
        entry(0, { kind: 'created', customerMessages: ['received'] }),
        entry(2, { event: 'ACCEPT', from: 'new', to: 'l1_classify' }),
        entry(3, { event: 'ESCALATE', from: 'l1_classify', to: 'l2_specialists' }),
        entry(3, { event: 'ESCALATE', from: 'l2_specialists', to: 'l3_vendor' }),
        entry(9, { event: 'RESOLVE', from: 'l3_vendor', to: 'resolved' }),
        entry(10, { kind: 'assigned', agent: 'm.schulz' }),
      ],
    };
    const stuck: TicketOutcome = { number: 'T-3', customerEmail: 'c@kunde.example', script, kind: 'working', closed: false, timeline: [entry(0, { kind: 'created' }), entry(2, { event: 'ACCEPT', from: 'new', to: 'l1_classify' })] };
    const mails = [
      mail('T-1', 'a@kunde.example', 'received', 1),
      mail('T-1', 'a@kunde.example', 'escalated', 70),
      mail('T-1', 'a@kunde.example', 'escalated', 71),
      mail('T-1', 'a@kunde.example', 'resolved', 72),
      mail('T-1', 'first-level@musterfirma.example', 'assigned', 2),
    ];
    const requests: RequestRecord[] = [
      { ticket: 'T-1', what: 'ESCALATE', tries: 3, latencyMs: 12_000, alreadyApplied: true },
      { ticket: 'T-3', what: 'ESCALATE', tries: 1, latencyMs: 100, alreadyApplied: false, refused: "ESCALATE is not accepted in state 'x'" },
    ];
    // Closed (its result says final) but its history no longer answers a query: counted apart, never as lost.
    const unreadable: TicketOutcome = { number: 'T-4', customerEmail: 'd@kunde.example', script, kind: 'final', closed: true, unreadable: 'query failed' };
    const figures = judgeChaosRun([clean, doubled, stuck, unreadable], mails, requests, Date.parse(at(60)));
    expect(figures).to.include({
      tickets: 4,
      ticketsFinal: 3,
      ticketsStuck: 1,
      ticketsStillRunning: 1,
      eventsSent: 9,
      eventsAppliedOnce: 7,
      eventsDoubled: 1,
      eventsLost: 2,
      eventsRefused: 1,
      retriesAlreadyApplied: 1,
      clientRetries: 2,
      mailsExpected: 4,
      mailsReceived: 4,
      mailsDuplicated: 1,
      mailsLost: 1,
      ownersAfterResolution: 1,
      ticketsNeverAssigned: 1,
      ticketsWorkedWithoutOwner: 0,
      timelinesUnreadable: 1,
      maxMailDelaySeconds: 68,
      maxMailDelayAfterSmtpBackSeconds: 12,
      maxEventLatencySeconds: 12,
    });
  });
});
