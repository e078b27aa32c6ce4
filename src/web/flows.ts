import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TicketListRow } from '../client/ticket-client';
import type { Language } from '../config/schema';
import type { FlowDefinition } from '../flow/definition';
import { flowToMermaid } from '../flow/graph/mermaid';
import { pickText } from '../flow/localized-text';
import { requireAgent } from './agent-session';
import { stepFigures } from './closed-figures';
import type { Heat } from './closed-figures';
import type { ClosedFigures, ClosedFiguresReader } from './closed-figures-reader';
import { sendNotFound, sendUnavailable } from './error-pages';
import type { LiveHub } from './live/live-hub';
import { INLINE_STYLES_HEADER } from './security-headers';
import { html } from './views/html';
import type { SafeHtml } from './views/html';
import { t } from './views/i18n';
import { page } from './views/layout';
import { agentStateTexts } from './views/state-texts';
import { byDueDate, ticketTable } from './views/ticket-table';
import { weeklyCharts } from './views/weekly-charts';
import type { WebDeps } from './web-deps';

/**
 * The process owner's view: each flow's diagram (the Mermaid text of `sopflow graph`, drawn by
 * Mermaid served from this process), every state annotated with its open tickets and how many
 * of them are at risk or breached, and over the archive's closed tickets its SLA met %, time in
 * step and breaches; clicking a state lists its tickets. Live: the shared poller tells the page
 * when the lists change, and the page fetches its live part again.
 */
export function registerFlowPages(app: FastifyInstance, deps: WebDeps, live: LiveHub, closedFigures?: ClosedFiguresReader): void {
  app.get('/flows', async (request, reply) => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    const { language } = context;
    const snapshot = await live.visibility();
    const body = html`<h1>${t(language, 'flows')}</h1><table><tbody>
${deps.catalog.flows().map((flow) => html`<tr><td><a href="/flows/${flow.id}">${flow.title}</a></td><td><code>${flow.id}</code> v${flow.version}</td><td>${snapshot.open.filter((row) => row.flow === flow.id).length} ${t(language, 'openTickets')}</td></tr>`)}
</tbody></table>`;
    return reply.type('text/html; charset=utf-8').send(page({ title: t(language, 'flows'), language, body, agent: { id: context.agent.id, name: context.agent.name, csrf: context.csrf } }).value);
  });

  const flowPage = async (request: FastifyRequest<{ Params: { id: string }; Querystring: { state?: string } }>, reply: FastifyReply, part: 'page' | 'live') => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    const { language } = context;
    const flow = deps.catalog.flows().find((candidate) => candidate.id === request.params.id);
    if (!flow) return sendNotFound(reply, language);
    const [snapshot, closed] = await Promise.all([live.visibility(), closedFigures?.read(flow.id)]);
    if (snapshot.error) return sendUnavailable(reply, language);
    const selected = request.query.state && flow.states[request.query.state] ? request.query.state : undefined;
    const content = flowLive({ flow, rows: snapshot.open.filter((row) => row.flow === flow.id), closed, selected, language, deps });
    // Mermaid draws with inline styles; scripts stay 'self' only.
    void reply.header(INLINE_STYLES_HEADER, '1');
    if (part === 'live') return reply.type('text/html; charset=utf-8').send(content.value);
    const query = selected ? `?state=${encodeURIComponent(selected)}` : '';
    const body = html`<h1>${flow.title} <span class="muted">· ${t(language, 'live')}</span></h1>
${flow.description ? html`<p>${flow.description}</p>` : ''}
<div hx-ext="sse" sse-connect="/live/flow:${flow.id}">
<div id="flow-live" hx-get="/flows/${flow.id}/live${query}" hx-trigger="sse:changed" hx-swap="innerHTML">${content}</div>
</div>`;
    return reply
      .type('text/html; charset=utf-8')
      .send(page({ title: flow.title, language, body, scripts: ['mermaid.min.js', 'flow-page.js', 'chart.umd.min.js', 'charts.js'], agent: { id: context.agent.id, name: context.agent.name, csrf: context.csrf } }).value);
  };
  app.get<{ Params: { id: string }; Querystring: { state?: string } }>('/flows/:id', (request, reply) => flowPage(request, reply, 'page'));
  app.get<{ Params: { id: string }; Querystring: { state?: string } }>('/flows/:id/live', (request, reply) => flowPage(request, reply, 'live'));
}

/** Classes of the diagram's hot spots (Mermaid classDef syntax). */
const HEAT_STYLES: Record<Exclude<Heat, 'none'>, string> = {
  warm: 'fill:#fffbe6,stroke:#d48806,stroke-width:2px',
  hot: 'fill:#fff1f0,stroke:#cf1322,stroke-width:3px',
};

/**
 * The part of the flow page that live updates replace: the diagram with each state's open
 * tickets now and, over the closed tickets of the archive, its SLA met %, median time in step
 * and breaches (hot spots coloured), the same per state as a table, the weekly charts, and the
 * tickets of a selected state.
 */
function flowLive(input: { flow: FlowDefinition; rows: TicketListRow[]; closed: ClosedFigures | undefined; selected: string | undefined; language: Language; deps: WebDeps }): SafeHtml {
  const { flow, rows, closed, language, deps } = input;
  const counts = new Map<string, { open: number; risk: number }>();
  for (const row of rows) {
    const count = counts.get(row.state ?? '') ?? { open: 0, risk: 0 };
    count.open += 1;
    if (row.slaStatus === 'warning' || row.slaStatus === 'breached') count.risk += 1;
    counts.set(row.state ?? '', count);
  }
  const steps = closed && !('error' in closed) ? new Map(stepFigures(flow, closed.report, closed.stays).map((step) => [step.state, step])) : undefined;
  const pct = (value: number | null) => (value === null ? '–' : `${value.toFixed(1)} %`);
  const mins = (value: number | null) => (value === null ? '–' : `${value.toFixed(1)} min`);
  const diagram = flowToMermaid(flow, {
    annotate: (state) => {
      if (state.kind === 'final') return undefined;
      const count = counts.get(state.name);
      const now = `▶ ${count?.open ?? 0} ${t(language, 'open')} · ${count?.risk ?? 0} ${t(language, 'atRisk')}`;
      const step = steps?.get(state.name);
      if (!step || (step.visits === 0 && step.clocks === 0)) return now;
      const sla = step.clocks > 0 ? `${t(language, 'slaMet')} ${pct(step.metPct)} (${step.breached} ✗) · ` : '';
      return [now, `${sla}p50 ${mins(step.p50BusinessMin)}`];
    },
    classes: steps
      ? (['warm', 'hot'] as const).map((heat) => ({ name: `heat_${heat}`, style: HEAT_STYLES[heat], states: [...steps.values()].filter((step) => step.heat === heat).map((step) => step.state) }))
      : [],
  });
  const selected = input.selected ? flow.states[input.selected] : undefined;
  return html`<div class="diagram"><pre class="mermaid" data-testid="diagram">${diagram}</pre></div>
${closed && 'error' in closed ? html`<p class="notice" data-testid="archive-unavailable">${t(language, 'archiveUnavailable')} ${closed.error}</p>` : ''}
<table data-testid="state-counts"><thead><tr><th>${t(language, 'state')}</th><th>${t(language, 'openTickets')}</th><th>${t(language, 'atRisk')}</th>${steps ? html`<th>${t(language, 'slaMet')}</th><th>${t(language, 'breached')}</th><th>${t(language, 'avgOverrun')}</th><th>${t(language, 'timeInStep')}</th><th>${t(language, 'visits')}</th>` : ''}</tr></thead><tbody>
${Object.values(flow.states)
  .filter((state) => state.kind !== 'final')
  .map((state) => {
    const step = steps?.get(state.name);
    return html`<tr data-state="${state.name}"${step && step.heat !== 'none' ? html` data-heat="${step.heat}"` : ''}><td><a href="/flows/${flow.id}?state=${state.name}#state-tickets">${pickText(state.titles, state.title, language)}</a></td><td data-count="open">${counts.get(state.name)?.open ?? 0}</td><td data-count="risk">${counts.get(state.name)?.risk ?? 0}</td>${
      step
        ? html`<td data-figure="met-pct">${step.clocks > 0 ? pct(step.metPct) : '–'}</td><td data-figure="breached" class="${step.heat === 'none' ? '' : `heat-${step.heat}`}">${step.clocks > 0 ? `${step.breached} / ${step.clocks}` : '–'}</td><td data-figure="overrun">${mins(step.avgOverrunMin)}</td><td data-figure="p50">${mins(step.p50BusinessMin)}</td><td data-figure="visits">${step.visits}</td>`
        : ''
    }</tr>`;
  })}
</tbody></table>
${weeklyCharts(closed, language)}
${selected
  ? html`<h2 id="state-tickets">${t(language, 'ticketsIn')} ${pickText(selected.titles, selected.title, language)}</h2>
${stateTextsBlock(agentStateTexts(selected, language), language)}
${ticketTable(byDueDate(rows.filter((row) => row.state === selected.name)), { language, catalog: deps.catalog, config: deps.config })}`
  : ''}`;
}

/** What the agent does in the selected step and what the customer is told there, for the process owner. */
function stateTextsBlock(texts: ReturnType<typeof agentStateTexts>, language: Language): SafeHtml | string {
  if (!texts.instructions) return '';
  return html`<p data-testid="state-instructions">${texts.instructions}</p>
${texts.customerSees ? html`<p class="muted" data-testid="state-description">${t(language, 'customerSees')}: ${texts.customerSees}</p>` : ''}`;
}
