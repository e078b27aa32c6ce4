import type { TicketListRow } from '../client/ticket-client';
import type { TicketStatus, TimelineEntry } from '../ticket/types';

/** A ticket's status as an operator reads it. */
export function formatStatus(status: TicketStatus): string {
  const lines = [
    `${status.number}  ${status.subject}`,
    `  flow      ${status.flow.id} v${status.flow.version} (${status.flow.hash.slice(0, 12)})`,
    `  state     ${status.state} (${status.stateTitle})${status.kind === 'working' ? '' : ` [${status.kind}]`}`,
    `  tier      ${status.tier ?? '-'}    priority ${status.priority}    assignee ${status.assignee ?? '-'}`,
    `  customer  ${status.customer}`,
    `  SLA       ${status.slaStatus}${status.dueAt ? `, next due ${status.dueAt}` : ''}`,
  ];
  for (const clock of status.clocks) {
    lines.push(
      `    ${clock.id.padEnd(28)} ${clock.status.padEnd(8)} ${round(clock.elapsedMinutes)}/${clock.targetMinutes} min` +
        `${clock.pausedMinutes ? `, paused ${round(clock.pausedMinutes)} min` : ''}${clock.dueAt ? `, due ${clock.dueAt}` : ''}`,
    );
  }
  if (status.allowedEvents.length) {
    lines.push('  next events:');
    for (const event of status.allowedEvents) {
      const fields = Object.entries(event.fields).map(([name, field]) => `${name}${field.required ? '' : '?'}:${field.type}`);
      lines.push(`    ${event.type}${fields.length ? ` (${fields.join(', ')})` : ''}`);
    }
  }
  return lines.join('\n');
}

/** One timeline entry per line. */
export function formatTimeline(entries: TimelineEntry[]): string {
  return entries.map(formatTimelineEntry).join('\n');
}

/** A single timeline line, e.g. `#3 2026-11-22T10:00:00.000Z transition ESCALATE l1_triage -> l2_diagnosis by anna`. */
export function formatTimelineEntry(entry: TimelineEntry): string {
  const parts = [`#${entry.seq}`, entry.at, entry.kind];
  if (entry.event) parts.push(entry.event);
  if (entry.from || entry.to) parts.push(`${entry.from ?? ''} -> ${entry.to ?? ''}`.trim());
  if (entry.agent) parts.push(`agent ${entry.agent}`);
  if (entry.clock) parts.push(`clock ${entry.clock}`);
  if (entry.actor) parts.push(`by ${entry.actor}`);
  if (entry.reason) parts.push(`(${entry.reason})`);
  if (entry.data && Object.keys(entry.data).length) parts.push(JSON.stringify(entry.data));
  return parts.join(' ');
}

/** A table of tickets. */
export function formatList(rows: TicketListRow[]): string {
  if (!rows.length) return 'no tickets';
  const header = ['NUMBER', 'FLOW', 'STATE', 'TIER', 'PRIO', 'ASSIGNEE', 'SLA', 'DUE', 'STATUS'];
  const body = rows.map((row) => [row.number, row.flow ?? '', row.state ?? '', row.tier ?? '', row.priority ?? '', row.assignee ?? '', row.slaStatus ?? '', row.dueAt ?? '', row.status]);
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i]!.length)));
  return [header, ...body].map((cells) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

function round(minutes: number): number {
  return Math.round(minutes * 10) / 10;
}

/** The status after a keyed request, saying so first when an earlier try had already applied it. */
export function formatApplied(answer: TicketStatus & { alreadyApplied: boolean }): string {
  const status = formatStatus(answer);
  return answer.alreadyApplied ? `already applied (an earlier request with this idempotency key); nothing changed now\n${status}` : status;
}
