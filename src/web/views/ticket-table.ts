import type { Language, SopflowConfig } from '../../config/schema';
import type { TicketListRow } from '../../client/ticket-client';
import type { FlowCatalog } from '../../runtime/flow-catalog';
import { pickText } from '../../flow/localized-text';
import { agentDisplayName } from '../../notify/agent-directory';
import { countdown, slaBadge } from './format';
import { html } from './html';
import type { SafeHtml } from './html';
import { t } from './i18n';

/** A state's title in a language, from the catalog's flow (the state id when unknown). */
export function stateTitle(catalog: FlowCatalog, flowId: string | undefined, state: string | undefined, language: Language): string {
  if (!state) return '';
  try {
    const definition = catalog.flow(flowId ?? '').states[state];
    return definition ? pickText(definition.titles, definition.title, language) : state;
  } catch {
    return state;
  }
}

/** Most rows a list shows; the filters narrow it down (a page of 5,000 rows helps nobody). */
export const MAX_LIST_ROWS = 200;

/** Tickets as a table: number, subject-free facts from visibility, SLA as colour and text, due countdown. */
export function ticketTable(all: TicketListRow[], input: { language: Language; catalog: FlowCatalog; config: SopflowConfig }): SafeHtml {
  const { language, catalog, config } = input;
  if (all.length === 0) return html`<p class="muted">${t(language, 'none')}</p>`;
  const rows = all.slice(0, MAX_LIST_ROWS);
  const more = all.length - rows.length;
  return html`${more > 0 ? html`<p class="muted" data-testid="more">${rows.length} / ${all.length} · ${t(language, 'filter')} ↑</p>` : ''}<table data-testid="tickets">
<thead><tr><th>${t(language, 'ticket')}</th><th>${t(language, 'flow')}</th><th>${t(language, 'state')}</th><th>${t(language, 'tier')}</th><th>${t(language, 'priority')}</th><th>${t(language, 'assignee')}</th><th>${t(language, 'sla')}</th><th>${t(language, 'dueAt')}</th></tr></thead>
<tbody>
${rows.map(
  (row) => html`<tr data-ticket="${row.number}" data-sort-due="${row.dueAt ?? ''}">
  <td><a href="/agent/tickets/${row.number}">${row.number}</a></td>
  <td>${row.flow ?? ''}</td>
  <td>${stateTitle(catalog, row.flow, row.state, language)}</td>
  <td>${row.tier ?? ''}</td>
  <td>${row.priority ?? ''}</td>
  <td>${agentDisplayName(config, row.assignee)}</td>
  <td>${slaBadge(row.slaStatus, language)}</td>
  <td>${countdown(row.dueAt, language)}</td>
</tr>`,
)}
</tbody>
</table>`;
}

/** Open tickets by due date, those without one last. */
export function byDueDate(rows: TicketListRow[]): TicketListRow[] {
  return [...rows].sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || a.number.localeCompare(b.number));
}
