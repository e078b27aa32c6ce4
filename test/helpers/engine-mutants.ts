/**
 * Deliberate mistakes in the ticket engine and its clocks, as text replacements in a copy of
 * the sources. `sopflow test --engine-only` over the example flows must notice every one of
 * them: the model it compares with is written apart from the engine, so a wrong engine rule is
 * not also the model's. Each replacement must match its file exactly once; when the engine's
 * text changes, the mutant says so instead of passing silently.
 */
export interface EngineMutant {
  id: string;
  /** The mistake in words. */
  description: string;
  replacements: Array<{ file: string; from: string; to: string }>;
  /** What the readable divergence must show. */
  divergence: RegExp;
}

const ENGINE = 'src/ticket/engine.ts';
const CLOCKS = 'src/ticket/ticket-clocks.ts';
const CLOCK = 'src/sla/clock.ts';

export const ENGINE_MUTANTS: readonly EngineMutant[] = [
  {
    id: 'wrong-escalation-template',
    description: 'an escalation mails the customer the plain status template',
    replacements: [{ file: ENGINE, from: "escalated ? 'escalated' : 'status_changed'", to: "escalated ? 'status_changed' : 'status_changed'" }],
    divergence: /notifications: expected \[[^\]]*escalated\/customer/,
  },
  {
    id: 'no-waiting-mail',
    description: 'entering a waiting state sends the customer no "waiting for you" mail',
    replacements: [{ file: ENGINE, from: "to.kind === 'waiting' ? 'waiting_for_you'", to: "to.kind === 'waiting' ? undefined" }],
    divergence: /notifications: expected \[[^\]]*waiting_for_you\/customer/,
  },
  {
    id: 'no-breach-mail-to-escalation-manager',
    description: 'a breach is not mailed to the escalation manager',
    replacements: [{ file: ENGINE, from: "      { kind: 'notify', seq, template: 'sla_breached', audience: 'escalation_manager', reason: alarm.clockLabel },\n", to: '' }],
    divergence: /notifications: expected \[[^\]]*sla_breached\/escalation_manager/,
  },
  {
    id: 'tier-lags-a-step',
    description: 'the tier shown is the one of the step before',
    replacements: [
      { file: ENGINE, from: '      this.routedTier = tier;\n      this.lastTier = tier;', to: '      this.lastTier = this.routedTier ?? tier;\n      this.routedTier = tier;' },
      { file: ENGINE, from: 'return this.state.tier ?? this.lastTier;', to: 'return this.lastTier ?? this.state.tier;' },
    ],
    divergence: /tier: expected L\d, got L\d/,
  },
  {
    id: 'no-default-status-mail',
    description: 'a plain status change sends the customer no mail unless the flow says so',
    replacements: [{ file: ENGINE, from: 'if (customerMail && !customerNotified) {', to: "if (customerMail && !customerNotified && customerMail.template !== 'status_changed') {" }],
    divergence: /notifications: expected \[[^\]]*status_changed\/customer/,
  },
  {
    id: 'no-pause-in-waiting-states',
    description: 'the clocks keep running while the ticket waits for the customer',
    replacements: [{ file: CLOCKS, from: 'this.update((clock) => pauseClock(clock, at));', to: 'this.update((clock) => clock);' }],
    divergence: /SLA status: expected paused, got (ok|warning|breached)/,
  },
  {
    id: 'first-response-never-met',
    description: 'leaving the first state does not stop the first-response clock',
    replacements: [{ file: ENGINE, from: '        this.clocks.responded(now);\n', to: '' }],
    divergence: /due at: expected \S+, got \S+|notifications: expected/,
  },
  {
    id: 'breach-does-not-escalate',
    description: "a state's due date passing does not perform its breach action",
    replacements: [{ file: ENGINE, from: "if (alarm.clockKind === 'state_due' && this.snapshot.can(", to: "if (alarm.clockKind === 'resolution' && this.snapshot.can(" }],
    divergence: /state: expected \w+, got \w+/,
  },
  {
    id: 'no-sla-warnings',
    description: 'warning thresholds tell the team nothing',
    replacements: [{ file: ENGINE, from: "      return [{ kind: 'notify', seq, template: 'sla_warning', audience: 'team', reason: alarm.clockLabel }];", to: '      return [];' }],
    divergence: /notifications: expected \[[^\]]*sla_warning\/team/,
  },
  {
    id: 'wrong-assignment-reason',
    description: 'an escalation is recorded as a handover and the other way round',
    replacements: [{ file: ENGINE, from: "isEscalation(from.tier, tier) ? 'escalation' : 'handover'", to: "isEscalation(from.tier, tier) ? 'handover' : 'escalation'" }],
    divergence: /owner changes: expected \[[^\]]*(escalation|handover)/,
  },
  {
    id: 'no-reassigned-mail',
    description: 'the customer is not told that someone else has the ticket now',
    replacements: [{ file: ENGINE, from: "    if (previous) effects.push({ kind: 'notify', seq, template: 'reassigned', audience: 'customer', reason });\n", to: '' }],
    divergence: /notifications: expected \[[^\]]*reassigned\/customer/,
  },
  {
    id: 'entry-template-ignored',
    description: "a notify action's template loses to the step's default",
    replacements: [{ file: ENGINE, from: "template: notify.template ?? customerMail?.template ?? 'status_changed'", to: "template: customerMail?.template ?? notify.template ?? 'status_changed'" }],
    divergence: /notifications: expected/,
  },
  {
    id: 'no-owner-on-tier-change',
    description: 'entering a tier without an assign action picks no owner',
    replacements: [{ file: ENGINE, from: 'if (!assigned && tier !== (this.routedTier ?? this.assigneeTier)) {', to: 'if (!assigned && tier !== (this.routedTier ?? this.assigneeTier) && false) {' }],
    divergence: /assignments: expected \[L\d/,
  },
  {
    id: 'wrong-first-mail',
    description: 'a new ticket mails the customer a status change instead of the receipt',
    replacements: [{ file: ENGINE, from: "{ template: 'received' }", to: "{ template: 'status_changed' }" }],
    divergence: /notifications: expected \[[^\]]*received\/customer/,
  },
  {
    id: 'same-tier-is-escalation',
    description: 'a move within a tier counts as an escalation',
    replacements: [{ file: ENGINE, from: 'const escalated = changed && isEscalation(fromTier, to.tier);', to: 'const escalated = changed && fromTier !== undefined && to.tier !== undefined && to.tier >= fromTier;' }],
    divergence: /notifications: expected \[[^\]]*status_changed\/customer/,
  },
  {
    id: 'resumed-clock-restarts',
    description: "coming back from waiting restarts a state's due date instead of resuming it",
    replacements: [{ file: CLOCKS, from: "clock.kind !== 'state_due' || clock.state === to.name ? resumeClock(clock, at) : stopClock(clock, this.calendar, at),", to: "clock.kind !== 'state_due' || (clock.state === to.name && clock.pausedSince === undefined) ? resumeClock(clock, at) : stopClock(clock, this.calendar, at)," }],
    divergence: /due at: expected \S+, got \S+/,
  },
  {
    id: 'clocks-run-after-close',
    description: 'a final state stops only the due dates, not the ticket-wide clocks',
    replacements: [{ file: CLOCKS, from: '      this.update((clock) => stopClock(clock, this.calendar, at));\n      return;', to: "      this.update((clock) => (clock.kind === 'state_due' ? stopClock(clock, this.calendar, at) : clock));\n      return;" }],
    divergence: /due at: expected none, got \S+/,
  },
  {
    id: 'warnings-at-the-wrong-threshold',
    description: 'warning thresholds are taken as twice their percentage',
    replacements: [{ file: CLOCK, from: 'return Math.round((targetMs * percent) / 100);', to: 'return Math.round((targetMs * percent) / 50);' }],
    divergence: /notifications: expected \[[^\]]*sla_warning\/team/,
  },
  {
    id: 'pause-counts-as-work',
    description: 'time spent waiting counts against the SLA when the clock resumes',
    replacements: [{ file: CLOCK, from: '{ from: Math.max(at, pausedSince) }', to: '{ from: pausedSince }' }],
    divergence: /due at: expected \S+, got \S+/,
  },
  {
    id: 'resume-forgets-elapsed',
    description: 'a resumed clock sets its breach timer for the whole target again',
    replacements: [{ file: CLOCK, from: "instants.push({ at: addBusinessMs(calendar, open.from, Math.max(0, targetMs - before.elapsedMs)), kind: 'breach' });", to: "instants.push({ at: addBusinessMs(calendar, open.from, targetMs), kind: 'breach' });" }],
    divergence: /notifications: expected \[[^\]]*sla_breached|state: expected/,
  },
];
