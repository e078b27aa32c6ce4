import type { FastifyInstance } from 'fastify';
import { flowToMermaid } from '../flow/graph/mermaid';
import { pickText } from '../flow/localized-text';
import { requireAgent } from './agent-session';
import { sendNotFound, sendUnavailable } from './error-pages';
import type { LiveHub } from './live/live-hub';
import { INLINE_STYLES_HEADER } from './security-headers';
import { html } from './views/html';
import { t } from './views/i18n';
import { page } from './views/layout';
import { byDueDate, ticketTable } from './views/ticket-table';
import type { WebDeps } from './web-deps';

/**
 * The process owner's view: each flow's diagram (the Mermaid text of `sopflow graph`, drawn by
 * Mermaid served from this process), every state annotated with its open tickets and how many
 * of them are at risk or breached; clicking a state lists its tickets.
 */
export function registerFlowPages(app: FastifyInstance, deps: WebDeps, live: LiveHub): void {
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

  app.get<{ Params: { id: string }; Querystring: { state?: string } }>('/flows/:id', async (request, reply) => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    const { language } = context;
    const flow = deps.catalog.flows().find((candidate) => candidate.id === request.params.id);
    if (!flow) return sendNotFound(reply, language);
    const snapshot = await live.visibility();
    if (snapshot.error) return sendUnavailable(reply, language);
    const rows = snapshot.open.filter((row) => row.flow === flow.id);
    const counts = new Map<string, { open: number; risk: number }>();
    for (const row of rows) {
      const count = counts.get(row.state ?? '') ?? { open: 0, risk: 0 };
      count.open += 1;
      if (row.slaStatus === 'warning' || row.slaStatus === 'breached') count.risk += 1;
      counts.set(row.state ?? '', count);
    }
    const diagram = flowToMermaid(flow, {
      annotate: (state) => {
        const count = counts.get(state.name);
        if (state.kind === 'final') return undefined;
        return `▶ ${count?.open ?? 0} ${t(language, 'open')} · ${count?.risk ?? 0} ${t(language, 'atRisk')}`;
      },
    });
    const selected = request.query.state && flow.states[request.query.state] ? flow.states[request.query.state]! : undefined;
    const body = html`<h1>${flow.title}</h1>
${flow.description ? html`<p>${flow.description}</p>` : ''}
<div class="diagram"><pre class="mermaid" data-testid="diagram">${diagram}</pre></div>
<table data-testid="state-counts"><thead><tr><th>${t(language, 'state')}</th><th>${t(language, 'openTickets')}</th><th>${t(language, 'atRisk')}</th></tr></thead><tbody>
${Object.values(flow.states)
  .filter((state) => state.kind !== 'final')
  .map(
    (state) => html`<tr data-state="${state.name}"><td><a href="/flows/${flow.id}?state=${state.name}#state-tickets">${pickText(state.titles, state.title, language)}</a></td><td data-count="open">${counts.get(state.name)?.open ?? 0}</td><td data-count="risk">${counts.get(state.name)?.risk ?? 0}</td></tr>`,
  )}
</tbody></table>
${selected
  ? html`<h2 id="state-tickets">${t(language, 'ticketsIn')} ${pickText(selected.titles, selected.title, language)}</h2>
${ticketTable(byDueDate(rows.filter((row) => row.state === selected.name)), { language, catalog: deps.catalog, config: deps.config })}`
  : ''}`;
    // Mermaid draws with inline styles; scripts stay 'self' only.
    void reply.header(INLINE_STYLES_HEADER, '1');
    return reply
      .type('text/html; charset=utf-8')
      .send(page({ title: flow.title, language, body, scripts: ['mermaid.min.js', 'flow-page.js'], agent: { id: context.agent.id, name: context.agent.name, csrf: context.csrf } }).value);
  });
}
