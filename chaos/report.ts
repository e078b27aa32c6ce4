import { loadavg } from 'node:os';
import type { ChaosFigures } from './judge';

const mark = (value: number): string => (value === 0 ? 'met' : 'MISSED');

/** The run's closing lines: the figures the issue asks for and whether each target (0) was met. */
export function reportLines(figures: ChaosFigures, extra: Record<string, unknown>, json: boolean): string[] {
  const load = loadavg().map((value) => value.toFixed(2)).join(' ');
  const lines = [
    `chaos: ${extra['seconds']} s, load average ${load}, worker starts ${extra['workerStarts']} (unexpected exits ${extra['workerUnexpectedExits']}), client retries ${figures.clientRetries}, retries answered "already applied" ${figures.retriesAlreadyApplied}, events refused ${figures.eventsRefused}`,
    `chaos: owners assigned after resolution ${figures.ownersAfterResolution}, tickets never assigned ${figures.ticketsNeverAssigned} (worked by an agent who gave up waiting for the owner: ${figures.ticketsWorkedWithoutOwner}), final but still running ${figures.ticketsStillRunning}`,
    `chaos: timelines unreadable after the run ${figures.timelinesUnreadable} (target 0: ${mark(figures.timelinesUnreadable)}; their events and mails are not judged)`,
    `tickets final / stuck: ${figures.ticketsFinal} / ${figures.ticketsStuck} of ${figures.tickets} (target 0 stuck: ${mark(figures.ticketsStuck)})`,
    `events applied exactly once / doubled / lost: ${figures.eventsAppliedOnce} / ${figures.eventsDoubled} / ${figures.eventsLost} of ${figures.eventsSent} (target 0 doubled: ${mark(figures.eventsDoubled)}, 0 lost: ${mark(figures.eventsLost)})`,
    `mails expected / received / duplicated / lost: ${figures.mailsExpected} / ${figures.mailsReceived} / ${figures.mailsDuplicated} / ${figures.mailsLost} (customer mails expected and lost; received and duplicated over all recipients by Message-ID; target 0 duplicated: ${mark(figures.mailsDuplicated)}, 0 lost: ${mark(figures.mailsLost)})`,
    `max delay: mail ${figures.maxMailDelaySeconds.toFixed(1)} s after its event, ${figures.maxMailDelayAfterSmtpBackSeconds.toFixed(1)} s after SMTP came back; event ${figures.maxEventLatencySeconds.toFixed(1)} s (p99 ${figures.p99EventLatencySeconds.toFixed(1)} s) with retries`,
  ];
  if (json) lines.push(JSON.stringify({ bench: 'chaos', ...figures, ...extra, loadAverage: loadavg() }));
  return lines;
}
